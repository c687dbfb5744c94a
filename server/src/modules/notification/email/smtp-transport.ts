import nodemailer from 'nodemailer';

/** What the delivery needs of a mail server: send one message, close the connections. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** An SMTP failure the server reported with a reply code (5xx: permanent, 4xx: try later). */
export function smtpReplyCode(error: unknown): number | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A pooled SMTP connection to `url` (smtp:// with STARTTLS when offered, smtps:// for implicit TLS). A mail
 * server that does not answer fails a send within about a minute (4xx-like: retried later) instead of
 * nodemailer's 2 and 10 minutes; the URL's own query (`?socketTimeout=…`) still wins.
 */
export function createSmtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close() {
      transport.close();
    },
  };
}

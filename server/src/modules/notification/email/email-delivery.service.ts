import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../common/clock.js';
import type { Logger } from '../../../common/logger.js';
import { CoalescingRunner } from '../../../common/live/coalescing-runner.js';
import { queryRows } from '../../../common/sql.js';
import { WITHDRAWAL_REASON } from '../notification-access.js';
import type { NotificationKind } from '../notification.entity.js';
import { renderEmail } from './email-message.js';
import { smtpReplyCode, type MailTransport } from './smtp-transport.js';

/** E-mails claimed at a time. */
const BATCH = 20;
/**
 * How long a claimed e-mail is this process's to send: no other instance takes it meanwhile; past it, one
 * whose process died while sending is due again. Far longer than a batch can take with the SMTP timeouts.
 */
export const EMAIL_CLAIM_MS = 60 * 60_000;
/** After this many failed attempts an e-mail is given up on (delivered_at set, with the error). */
export const MAX_EMAIL_ATTEMPTS = 8;

/** Why an e-mail to a user was closed unsent: they turned e-mail off or changed their address meanwhile. */
export const NO_LONGER_RECEIVES_EMAIL = 'recipient no longer receives e-mail at this address';

/** Minutes to wait before attempt n + 1 after n failures: 1, 5, 15, 60, 180, … (capped at 12 h). */
export function retryDelayMinutes(failures: number): number {
  const steps = [1, 5, 15, 60, 180, 360, 720];
  return steps[Math.min(failures, steps.length) - 1] ?? 720;
}

interface DueEmail {
  id: string;
  kind: NotificationKind;
  recipient_email: string;
  recipient_id: string | null;
  language: string | null;
  payload: Record<string, unknown>;
  delivery_attempts: number;
  /** Why it may no longer go to its user (deactivated, access changed: notification-access.ts), or null. */
  withdrawn: string | null;
  /** Its user opted out of e-mail or has another address now. */
  not_receiving: boolean;
}

/** An EMAIL notification with what decides whether it may still go to its user. */
const SELECT_EMAIL = `SELECT n.id::text AS id, n.kind, n.recipient_email, n.recipient_id, u.language, n.payload,
       n.delivery_attempts,
       CASE WHEN n.recipient_id IS NOT NULL THEN ${WITHDRAWAL_REASON} END AS withdrawn,
       n.recipient_id IS NOT NULL AND NOT (coalesce(u.email_notifications, false)
         AND lower(u.email) IS NOT DISTINCT FROM lower(n.recipient_email)) AS not_receiving
  FROM notification n LEFT JOIN app_user u ON u.id = n.recipient_id`;

/** Closes an e-mail its user may no longer get, with the reason. */
async function closeUnsent(em: EntityManager, row: DueEmail, now: Date): Promise<void> {
  await em.query(
    `UPDATE notification SET delivered_at = $2, next_attempt_at = NULL, withdrawn_reason = $3,
           delivery_error = coalesce($4, delivery_error)
      WHERE id = $1 AND delivered_at IS NULL`,
    [row.id, now, row.withdrawn, row.withdrawn ? null : NO_LONGER_RECEIVES_EMAIL],
  );
}

export interface EmailDeliveryOptions {
  dataSource: DataSource;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
  from: string;
  publicUrl: string;
  /** TIMEZONE as the settings have it now: the zone of a payload that names none (written before they did). */
  timeZoneNow: () => Promise<string>;
}

/**
 * The e-mail channel's front-end (PRODUCT.md §6), inside the server: sends the EMAIL notifications that
 * are due, oldest first, and marks each delivered. Due rows are claimed in a short transaction (FOR UPDATE
 * SKIP LOCKED, then `next_attempt_at` moved EMAIL_CLAIM_MS ahead), so several instances never send one
 * twice, and no transaction or row lock is held while a mail server takes its time — an access change
 * that withdraws a user's e-mails never waits for SMTP. A process that dies after sending and before
 * recording it sends it again once the claim runs out (at least once). A mail server that answers 4xx or
 * does not answer is retried with back-off; a 5xx answer (no such mailbox) or MAX_EMAIL_ATTEMPTS failures
 * give the e-mail up, keeping the error on the row. An e-mail to a user is closed unsent when, by the time
 * it is sent, the user was deactivated, their role or account changed, they opted out or changed their
 * address (checked when claimed and again just before sending). Woken like the stream tails: after local
 * commits, by other instances' NOTIFY, and by the poll.
 */
export class EmailDelivery {
  private started = false;
  /** Sending runs one at a time; wake-ups are coalesced. */
  private readonly runs = new CoalescingRunner(() => this.drain());

  constructor(private readonly opts: EmailDeliveryOptions) {}

  async start(): Promise<void> {
    this.started = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.settled();
    this.opts.transport.close();
  }

  /** Sends what is due; concurrent calls are coalesced. */
  wake(): void {
    if (this.started) this.runs.wake();
  }

  /** Resolves when the sending in progress (and any it asked for) is done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.runs.settled();
  }

  private async drain(): Promise<void> {
    try {
      while (this.started && (await this.sendBatch()) === BATCH);
    } catch (error) {
      // The database is away: the rows stay due and the next wake-up (at the latest the poll) tries again.
      this.opts.log.warn({ err: error }, 'sending e-mail notifications failed; retrying later');
    }
  }

  /** Claims a batch of due e-mails and sends them; returns how many were due. */
  async sendBatch(): Promise<number> {
    const due = await this.claim();
    const sendable = due.filter((row) => !row.withdrawn && !row.not_receiving);
    if (sendable.length) {
      // Read once per batch, and only when there is something to send.
      const timeZoneNow = await this.opts.timeZoneNow();
      for (const row of sendable) await this.deliver(row, timeZoneNow);
    }
    return due.length;
  }

  /**
   * The due e-mails, oldest first, claimed for EMAIL_CLAIM_MS; those that may no longer go to their user are
   * closed unsent on the way. One short transaction.
   */
  private claim(): Promise<DueEmail[]> {
    const { dataSource, clock } = this.opts;
    return dataSource.transaction(async (em) => {
      const now = clock.now();
      const due = await queryRows<DueEmail>(
        em,
        `${SELECT_EMAIL}
          WHERE n.channel = 'EMAIL' AND n.delivered_at IS NULL AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= $1)
          ORDER BY n.id LIMIT ${BATCH}
          FOR UPDATE OF n SKIP LOCKED`,
        [now],
      );
      const unwanted = due.filter((row) => row.withdrawn || row.not_receiving);
      for (const row of unwanted) await closeUnsent(em, row, now);
      const claimed = due.filter((row) => !unwanted.includes(row)).map((row) => row.id);
      if (claimed.length) {
        await em.query(`UPDATE notification SET next_attempt_at = $2 WHERE id = ANY($1::bigint[])`, [
          claimed,
          new Date(now.getTime() + EMAIL_CLAIM_MS),
        ]);
      }
      return due;
    });
  }

  /** Sends one claimed e-mail unless it may no longer go (checked again: nothing is locked meanwhile). */
  private async deliver(claimed: DueEmail, timeZoneNow: string): Promise<void> {
    const { dataSource, clock } = this.opts;
    const em = dataSource.manager;
    const [row] = await queryRows<DueEmail>(em, `${SELECT_EMAIL} WHERE n.id = $1 AND n.delivered_at IS NULL`, [
      claimed.id,
    ]);
    if (!row) return; // Withdrawn meanwhile (an access change closed it).
    // A user's e-mail goes out only while they are active, with the access it was written for, opted in and
    // at the address it was written for — also after retries that waited hours (PRODUCT.md §6).
    if (row.withdrawn || row.not_receiving) return closeUnsent(em, row, clock.now());
    const outcome = await this.send(row, timeZoneNow);
    if (outcome.sent) {
      await em.query(
        `UPDATE notification SET delivered_at = $2, next_attempt_at = NULL, delivery_error = NULL
          WHERE id = $1 AND delivered_at IS NULL`,
        [row.id, clock.now()],
      );
      return;
    }
    const attempts = row.delivery_attempts + 1;
    const giveUp = outcome.permanent || attempts >= MAX_EMAIL_ATTEMPTS;
    const retryAt = new Date(clock.now().getTime() + retryDelayMinutes(attempts) * 60_000);
    await em.query(
      `UPDATE notification SET delivery_attempts = $2, delivery_error = $3, next_attempt_at = $4, delivered_at = $5
        WHERE id = $1 AND delivered_at IS NULL`,
      [row.id, attempts, outcome.error.slice(0, 1000), giveUp ? null : retryAt, giveUp ? clock.now() : null],
    );
    this.opts.log.warn(
      { notificationId: row.id, attempts, giveUp, error: outcome.error },
      giveUp ? 'an e-mail notification could not be delivered; given up' : 'an e-mail notification failed; will retry',
    );
  }

  private async send(
    row: DueEmail,
    timeZoneNow: string,
  ): Promise<{ sent: true } | { sent: false; permanent: boolean; error: string }> {
    const message = renderEmail(
      row.kind,
      row.payload,
      row.language ?? 'RU',
      this.opts.publicUrl,
      row.recipient_id ? 'OPTED_IN' : 'ACCOUNT_CONTACT',
      timeZoneNow,
    );
    try {
      await this.opts.transport.send({ from: this.opts.from, to: row.recipient_email, ...message });
      return { sent: true };
    } catch (error) {
      const code = smtpReplyCode(error);
      return {
        sent: false,
        permanent: code !== undefined && code >= 500,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

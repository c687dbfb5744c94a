/**
 * The e-mail channel (PRODUCT.md §6): users with an address who opted in get their notifications by e-mail,
 * an invoice also goes to the account's contact address; a mail server that fails temporarily is retried with
 * back-off, an address it refuses is given up on; nothing is sent twice. A real SMTP server (smtp-server) on
 * loopback receives the mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { jobCtx, startTestSystem, type TestSystem } from '../harness.js';
import { sleep, waitFor } from '../live.helpers.js';
import { code, newOrder, SEND_MESSAGE, seedLifecycleSetup, take, TAKE_ORDER } from '../orders.helpers.js';
import { seedCaller, seedSetting } from '../seed.js';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A loopback SMTP server that keeps what it receives; `refuse` decides a reply per recipient, `hold` may keep
 * a recipient waiting (a slow mail server) until its promise settles.
 */
async function startMailServer(
  refuse: (to: string) => { code: number; message: string } | null,
  hold: (to: string) => Promise<void> | undefined = () => undefined,
) {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const answer = () => {
        const refusal = refuse(address.address);
        if (!refusal) return callback();
        const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        callback(error);
      };
      const held = hold(address.address);
      if (held) void held.then(answer);
      else answer();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The decoded text of a received mail (nodemailer sends UTF-8 bodies quoted-printable or base64). */
function bodyOf(mail: Mail): string {
  const [head, ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding: base64/i.test(head!))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString();
  if (/content-transfer-encoding: quoted-printable/i.test(head!)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function subjectOf(mail: Mail): string {
  const line = /^subject: (.*(?:\r?\n[ \t].*)*)/im.exec(mail.raw)?.[1] ?? '';
  return line.replace(/\r?\n[ \t]/g, '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`;
const SET_EMAIL = `mutation ($enabled: Boolean!, $email: String) {
  setMyEmailNotifications(enabled: $enabled, email: $email) { email emailNotifications } }`;

describe('PRODUCT §6 e-mail notifications', () => {
  let t: TestSystem;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let temporaryFailures = 0;
  /** Addresses the mail server answers 451 (try later) for, while listed. */
  const busy = new Set<string>();
  /** Keeps a recipient waiting at RCPT TO while it returns a promise. */
  let holding: (to: string) => Promise<void> | undefined = () => undefined;

  beforeAll(async () => {
    mail = await startMailServer(
      (to) => {
        if (to === 'nobody@example.test') return { code: 550, message: 'No such mailbox' };
        if (busy.has(to)) return { code: 451, message: 'Try again later' };
        if (to === 'flaky@example.test' && temporaryFailures > 0) {
          temporaryFailures--;
          return { code: 451, message: 'Try again later' };
        }
        return null;
      },
      (to) => holding(to),
    );
    t = await startTestSystem({
      env: { SMTP_URL: `smtp://127.0.0.1:${mail.port}`, SMTP_FROM: 'Helpdesk <helpdesk@example.test>' },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await mail?.close();
  });

  const emailRows = (where = 'TRUE', params: unknown[] = []) =>
    t.sql<{
      recipient_email: string;
      kind: string;
      delivered_at: Date | null;
      delivery_attempts: number;
      delivery_error: string | null;
    }>(
      `SELECT recipient_email, kind, delivered_at, delivery_attempts, delivery_error FROM notification
        WHERE channel = 'EMAIL' AND ${where} ORDER BY id`,
      params,
    );
  const sentTo = (address: string) => mail.received.filter((m) => m.to.includes(address));

  it('PRODUCT §6 opting in needs an address, and bad addresses are refused without a change', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: (await seedLifecycleSetup(t)).setup.accountId });
    const refused = await t.gql(SET_EMAIL, { enabled: true }, client.as);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.field).toBe('email');
    const bad = await t.gql(SET_EMAIL, { enabled: true, email: 'not an address' }, client.as);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    const [row] = await t.sql(`SELECT email, email_notifications FROM app_user WHERE id = $1`, [client.id]);
    expect(row).toEqual({ email: null, email_notifications: false });
    const ok = await t.ok(SET_EMAIL, { enabled: true, email: 'Client@Example.test' }, client.as);
    expect(ok.setMyEmailNotifications).toEqual({ email: 'Client@Example.test', emailNotifications: true });
  });

  it('PRODUCT §6 an opted-in client gets the order e-mails in its language; others get none, and none twice', async () => {
    const { setup } = await seedLifecycleSetup(t);
    await t.ok(SET_EMAIL, { enabled: true, email: 'anna@example.test' }, setup.client.as);
    await t.ok(`mutation { setMyLanguage(language: EN) { language } }`, {}, setup.client.as);
    // A colleague with an address who did not opt in gets nothing by e-mail.
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    await t.sql(`UPDATE app_user SET email = 'boris@example.test' WHERE id = $1`, [colleague.id]);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    await t.ok(SET_EMAIL, { enabled: true, email: 'ivan@example.test' }, contractor.as);
    const rival = await seedCaller(t, { role: 'CONTRACTOR' });
    await t.ok(SET_EMAIL, { enabled: true, email: 'rival@example.test' }, rival.as);

    const order = await newOrder(t, setup.client.as);
    await waitFor(() => sentTo('anna@example.test').length === 1, 'the order confirmation');
    await waitFor(
      () => sentTo('ivan@example.test').length === 1 && sentTo('rival@example.test').length === 1,
      'offers',
    );
    const confirmation = sentTo('anna@example.test')[0]!;
    expect(confirmation.from).toBe('helpdesk@example.test');
    expect(subjectOf(confirmation)).toBe(`[ITSupport] Order ${order.number} received`);
    expect(bodyOf(confirmation)).toContain('It will be taken by');
    const offer = sentTo('ivan@example.test')[0]!;
    expect(subjectOf(offer)).toBe(`[ITSupport] Новая заявка ${order.number}`);

    await take(t, contractor.as, order.id as string, 3);
    await waitFor(() => sentTo('anna@example.test').length === 2, 'the taken e-mail');
    const taken = sentTo('anna@example.test')[1]!;
    expect(subjectOf(taken)).toBe(`[ITSupport] Order ${order.number} is in progress`);
    expect(bodyOf(taken)).toMatch(/Contractor: Ivan · estimate: 3 h/);
    // The rival's offer card went stale: that is Telegram's business, not a mail.
    await sleep(300);
    expect(sentTo('rival@example.test')).toHaveLength(1);
    expect(sentTo('boris@example.test')).toHaveLength(0);
    expect((await emailRows(`kind = 'OFFER_GONE'`)).length).toBe(0);
    // Everything written was sent once and marked delivered; a later wake-up sends nothing again.
    await t.system.services.email!.settled();
    expect((await emailRows('delivered_at IS NULL')).length).toBe(0);
    const before = mail.received.length;
    t.system.services.email!.wake();
    await t.system.services.email!.settled();
    expect(mail.received.length).toBe(before);
  });

  it('PRODUCT §6 a temporary refusal is retried with back-off, a refused address is given up on', async () => {
    const { setup } = await seedLifecycleSetup(t);
    await t.ok(SET_EMAIL, { enabled: true, email: 'flaky@example.test' }, setup.client.as);
    const ghost = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    await t.ok(SET_EMAIL, { enabled: true, email: 'nobody@example.test' }, ghost.as);
    temporaryFailures = 1;
    const order = await newOrder(t, setup.client.as);
    await waitFor(() => temporaryFailures === 0, 'the temporary refusal');
    await t.system.services.email!.settled();
    const [flaky] = await emailRows(`recipient_email = 'flaky@example.test'`);
    expect(flaky).toMatchObject({ delivered_at: null, delivery_attempts: 1 });
    expect(flaky!.delivery_error).toMatch(/Try again later/);
    // Not before its time…
    t.system.services.email!.wake();
    await t.system.services.email!.settled();
    expect(sentTo('flaky@example.test')).toHaveLength(0);
    // …but once the back-off has passed.
    t.clock.advance(61_000);
    t.system.services.email!.wake();
    await waitFor(() => sentTo('flaky@example.test').length === 1, 'the retry');
    expect(subjectOf(sentTo('flaky@example.test')[0]!)).toContain(order.number as string);

    // The contractor's take tells both clients; the refused address is not tried again.
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const r = await t.ok(TAKE_ORDER, { orderId: order.id, estimateHours: 1 }, contractor.as);
    expect(r.takeOrder.__typename).toBe('Order');
    await waitFor(() => sentTo('flaky@example.test').length === 2, 'the taken e-mail');
    await t.system.services.email!.settled();
    const ghostRows = await emailRows(`recipient_email = 'nobody@example.test'`);
    expect(ghostRows.map((g) => [g.kind, g.delivery_attempts])).toEqual([['ORDER_TAKEN', 1]]);
    expect(ghostRows[0]!.delivered_at).not.toBeNull();
    expect(ghostRows[0]!.delivery_error).toMatch(/No such mailbox/);
  });

  /** The user's EMAIL rows: delivered (or closed) or not, attempts, and why closed unsent. */
  const rowsOf = (recipientId: string) =>
    t.sql<{
      delivered: boolean;
      delivery_attempts: number;
      delivery_error: string | null;
      withdrawn_reason: string | null;
    }>(
      `SELECT delivered_at IS NOT NULL AS delivered, delivery_attempts, delivery_error, withdrawn_reason
         FROM notification WHERE channel = 'EMAIL' AND recipient_id = $1 ORDER BY id`,
      [recipientId],
    );
  /** The mail server answers again and the back-off has passed: the sender tries what is due. */
  const retryDue = async (address: string) => {
    busy.delete(address);
    t.clock.advance(61_000);
    t.system.services.email!.wake();
    await t.system.services.email!.settled();
  };

  it('R-USR-3 PRODUCT §6 a deactivation does not wait for a slow mail server, and the e-mail it withdraws is not sent after it', async () => {
    const { setup } = await seedLifecycleSetup(t);
    const owner = await seedCaller(t, { role: 'OWNER' });
    const people = {
      'slow@example.test': await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Slow' }),
      'leaving@example.test': await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Leaving' }),
    };
    for (const [email, person] of Object.entries(people)) await t.ok(SET_EMAIL, { enabled: true, email }, person.as);
    // The mail server keeps the first of the two offers waiting; the other is claimed in the same batch.
    let held: string | undefined;
    let released = false;
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve)).then(() => void (released = true));
    holding = (to) => {
      if (held || !(to in people)) return undefined;
      held = to;
      return answered;
    };
    await newOrder(t, setup.client.as, { description: 'Offered to both' });
    await waitFor(() => held !== undefined, 'the mail server holds one offer');
    const other = Object.keys(people).find((email) => email !== held)!;

    // Without a transaction held across SMTP, the deactivation's withdrawal waits for nothing.
    const safety = setTimeout(release, 5000);
    const r = await t.ok(DEACTIVATE, { id: people[other as keyof typeof people].id }, owner.as);
    const deactivatedWhileHeld = !released;
    release();
    clearTimeout(safety);
    holding = () => undefined;
    expect(r.deactivateUser.__typename).toBe('UserDeactivated');
    expect(deactivatedWhileHeld).toBe(true);
    await waitFor(() => sentTo(held!).length === 1, 'the held offer goes out');
    await t.system.services.email!.settled();
    expect(sentTo(other)).toHaveLength(0);
    expect(await rowsOf(people[other as keyof typeof people].id)).toMatchObject([
      { delivered: true, delivery_attempts: 0, withdrawn_reason: 'recipient deactivated' },
    ]);
  });

  it('R-USR-3 PRODUCT §6 a user deactivated while their e-mail waits for a retry does not get it', async () => {
    const { setup } = await seedLifecycleSetup(t);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    await t.ok(SET_EMAIL, { enabled: true, email: 'ivan.d@example.test' }, contractor.as);
    busy.add('ivan.d@example.test');
    await newOrder(t, setup.client.as, { description: 'Account secret: the alarm code is 1234' });
    await t.system.services.email!.settled();
    expect(await rowsOf(contractor.id)).toMatchObject([{ delivered: false, delivery_attempts: 1 }]);

    // The owner deactivates the contractor (R-USR-3): they must not hear of the business any more.
    const owner = await seedCaller(t, { role: 'OWNER' });
    expect((await t.ok(DEACTIVATE, { id: contractor.id }, owner.as)).deactivateUser.__typename).toBe('UserDeactivated');
    await retryDue('ivan.d@example.test');
    expect(sentTo('ivan.d@example.test')).toHaveLength(0);
    expect(await rowsOf(contractor.id)).toMatchObject([
      { delivered: true, delivery_attempts: 1, withdrawn_reason: 'recipient deactivated' },
    ]);
  });

  it('R-USR-3 PRODUCT §6 the sender itself checks the recipient: an e-mail left over from a deactivation it was not withdrawn by is closed unsent', async () => {
    const { setup } = await seedLifecycleSetup(t);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Igor' });
    await t.ok(SET_EMAIL, { enabled: true, email: 'igor@example.test' }, contractor.as);
    busy.add('igor@example.test');
    await newOrder(t, setup.client.as);
    await t.system.services.email!.settled();
    // Deactivated by a writer that withdrew nothing (an older instance, a hand-made fix in the database).
    await t.sql(`UPDATE app_user SET active = false WHERE id = $1`, [contractor.id]);
    await retryDue('igor@example.test');
    expect(sentTo('igor@example.test')).toHaveLength(0);
    expect(await rowsOf(contractor.id)).toMatchObject([
      { delivered: true, delivery_attempts: 1, withdrawn_reason: 'recipient deactivated' },
    ]);
  });

  it('PRODUCT §6 a user who opted out of e-mail, or moved to another address, while an e-mail waits for a retry does not get it there', async () => {
    const { setup } = await seedLifecycleSetup(t);
    await t.ok(SET_EMAIL, { enabled: true, email: 'anna.o@example.test' }, setup.client.as);
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    await t.ok(SET_EMAIL, { enabled: true, email: 'boris.o@example.test' }, colleague.as);
    busy.add('anna.o@example.test');
    busy.add('boris.o@example.test');
    const order = await newOrder(t, setup.client.as);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    await take(t, contractor.as, order.id as string);
    await t.system.services.email!.settled();
    expect((await rowsOf(setup.client.id)).map((r) => r.delivery_attempts)).toEqual([1, 1]);
    expect((await rowsOf(colleague.id)).map((r) => r.delivery_attempts)).toEqual([1]);

    // Anna turns e-mail notifications off (and removes her address); Boris keeps them on, at a new address.
    const off = await t.ok(SET_EMAIL, { enabled: false, email: '' }, setup.client.as);
    expect(off.setMyEmailNotifications).toEqual({ email: null, emailNotifications: false });
    await t.ok(SET_EMAIL, { enabled: true, email: 'Boris.New@example.test' }, colleague.as);

    await retryDue('anna.o@example.test');
    await retryDue('boris.o@example.test');
    expect(sentTo('anna.o@example.test')).toHaveLength(0);
    expect(sentTo('boris.o@example.test')).toHaveLength(0);
    const closed = { delivered: true, delivery_error: 'recipient no longer receives e-mail at this address' };
    expect(await rowsOf(setup.client.id)).toMatchObject([closed, closed]);
    expect(await rowsOf(colleague.id)).toMatchObject([closed]);
    // What comes after goes to Boris's new address.
    await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'On my way' } }, contractor.as);
    await waitFor(() => sentTo('Boris.New@example.test').length === 1, 'the message at the new address');
    expect(sentTo('anna.o@example.test')).toHaveLength(0);
  });

  it('PRODUCT §6 R-BIL-2 an issued invoice goes to the account contact address as well', async () => {
    const { setup } = await seedLifecycleSetup(t);
    await t.sql(`UPDATE client_account SET contact_email = 'accounts@client.test', name = 'Romashka' WHERE id = $1`, [
      setup.accountId,
    ]);
    await seedSetting(t, 'BILLING_DAY', '1');
    const ctx = jobCtx(t);
    t.clock.set(new Date('2031-03-01T00:00:00Z'));
    await t.system.services.billingClose.closeDuePeriods(ctx);
    await waitFor(() => sentTo('accounts@client.test').length >= 1, 'the invoice e-mail');
    const invoiceMail = sentTo('accounts@client.test').find((m) => subjectOf(m).includes('Romashka'))!;
    expect(subjectOf(invoiceMail)).toBe('[ITSupport] Выставлен счёт: Romashka');
    expect(bodyOf(invoiceMail)).toContain('1000.00 ₽');
    expect(bodyOf(invoiceMail)).toContain('контактным для клиента «Romashka»');
  });

  it('R-BIL-1 §6 the "period closed" e-mail names the period’s days in TIMEZONE (its first and last day), not in UTC', async () => {
    await seedSetting(t, 'BILLING_DAY', '1'); // TIMEZONE: Europe/Moscow (the default)
    const owner = await seedCaller(t, { role: 'OWNER' });
    await t.ok(SET_EMAIL, { enabled: true, email: 'owner-periods@example.test' }, owner.as);
    const ctx = jobCtx(t);
    // The March period: [1 March 00:00, 1 April 00:00) Moscow time = [28 Feb 21:00, 31 Mar 21:00) UTC.
    t.clock.set(new Date('2031-04-01T06:00:00Z'));
    await t.system.services.billingClose.closeDuePeriods(ctx);
    await waitFor(
      () => sentTo('owner-periods@example.test').some((m) => subjectOf(m).includes('Расчётный период закрыт')),
      'the period closed e-mail',
    );
    const periods = sentTo('owner-periods@example.test')
      .map((m) =>
        bodyOf(m)
          .split(/\r?\n/)
          .find((l) => l.startsWith('Период')),
      )
      .filter(Boolean);
    expect(periods).toContain('Период: 1 марта 2031 г. — 31 марта 2031 г.');
  });

  it('R-SLA-6 R-BIL-1 §6 an e-mail whose payload names no zone (written before payloads did) is in TIMEZONE, not Moscow', async () => {
    await seedSetting(t, 'TIMEZONE', 'Asia/Vladivostok');
    try {
      // Rows as an older server wrote them: no timeZone, no billingTimeZone in the payload.
      const legacy = (kind: string, payload: object) =>
        t.sql(
          `INSERT INTO notification (recipient_email, channel, kind, payload, created_at)
           VALUES ('legacy@example.test', 'EMAIL', $1, $2::jsonb, $3)`,
          [kind, JSON.stringify(payload), t.clock.now()],
        );
      // 10:00 UTC: 20:00 in Vladivostok, 13:00 in Moscow. [1 Feb, 1 Mar) 2031 in Vladivostok reads
      // "31 January — 28 February" in Moscow.
      await legacy('ORDER_CREATED', { number: '2031-000777', reactionDueAt: '2031-02-10T10:00:00.000Z' });
      await legacy('BILLING_PERIOD_CLOSED', {
        periodStart: '2031-01-31T14:00:00.000Z',
        periodEnd: '2031-02-28T14:00:00.000Z',
        invoices: 1,
        payouts: 0,
      });
      t.system.services.email!.wake();
      await waitFor(() => sentTo('legacy@example.test').length === 2, 'the two e-mails');
      const bodies = sentTo('legacy@example.test').map(bodyOf).join('\n');
      expect(bodies).toContain('Возьмут в работу не позднее 10.02.2031, 20:00 (Asia/Vladivostok).');
      expect(bodies).toContain('Период: 1 февраля 2031 г. — 28 февраля 2031 г.');
    } finally {
      await seedSetting(t, 'TIMEZONE', 'Europe/Moscow');
    }
  });
});

describe('PRODUCT §6 without a mail server', () => {
  it('PRODUCT §6 no EMAIL notifications are written when SMTP_URL is unset', async () => {
    const t = await startTestSystem();
    try {
      const { setup } = await seedLifecycleSetup(t);
      await t.ok(SET_EMAIL, { enabled: true, email: 'anna@example.test' }, setup.client.as);
      await newOrder(t, setup.client.as);
      const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE channel = 'EMAIL'`);
      expect(row!.n).toBe(0);
      expect(t.system.services.email).toBeUndefined();
    } finally {
      await t.stop();
    }
  });
});

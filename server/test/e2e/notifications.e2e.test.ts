/**
 * PRODUCT.md §6: who is told what. Every notification is a row written in the transaction of the change
 * that caused it; these tests read the rows the API's changes (and the SLA and billing events) produced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit, inTransaction } from '../../src/common/context.js';
import type { DomainEvent } from '../../src/common/events.js';
import { BillingPeriodClosed, InvoiceIssued, InvoiceOverdue } from '../../src/modules/billing/billing.events.js';
import { SlaStage, SlaStageReached } from '../../src/modules/sla/sla.events.js';
import { jobCtx, seedUser, startTestSystem, type Caller, type TestSystem } from '../harness.js';
import {
  CANCEL_ORDER,
  CLOSE_ORDER,
  RELEASE_ORDER,
  SEND_MESSAGE,
  UNASSIGN_ORDER,
  newOrder,
  take,
} from '../orders.helpers.js';
import {
  categoryIdOf,
  seedAccount,
  seedCaller,
  seedContractorCategories,
  seedInvoice,
  seedPinnedContractor,
  seedSetting,
  seedTariff,
} from '../seed.js';

let t: TestSystem;
type Person = { id: string; telegramId: string; as: Caller };
let manager: Person;
let manager2: Person;
let owner: Person;

beforeAll(async () => {
  // The SLA and billing events are raised by the tests themselves, at moments they choose.
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  manager = await seedCaller(t, { role: 'MANAGER', firstName: 'Mona' });
  manager2 = await seedCaller(t, { role: 'MANAGER', firstName: 'Max' });
  owner = await seedCaller(t, { role: 'OWNER', firstName: 'Olga' });
});
afterAll(async () => {
  await t?.stop();
});

interface Row {
  id: string;
  recipient_id: string;
  channel: string;
  kind: string;
  payload: Record<string, any>;
}

/** The notifications about an order (or of a kind), as "recipient:kind:channel" plus the rows. */
async function rowsWhere(where: string, params: unknown[]): Promise<Row[]> {
  return t.sql<Row>(
    `SELECT n.id::text, recipient_id, channel, kind, payload FROM notification n WHERE ${where} ORDER BY n.id`,
    params,
  );
}
const orderRows = (orderId: string, kind?: string) =>
  kind ? rowsWhere('order_id = $1 AND kind = $2', [orderId, kind]) : rowsWhere('order_id = $1', [orderId]);
const who = (rows: Row[], names: Record<string, string>) =>
  rows.map((r) => `${names[r.recipient_id] ?? r.recipient_id}:${r.kind}:${r.channel}`).sort();

/** Raises domain events in one transaction of the running system (as the SLA and billing jobs do). */
async function raise(...events: DomainEvent[]): Promise<void> {
  const ctx = jobCtx(t);
  await inTransaction(ctx, async (tx) => {
    for (const e of events) emit(tx, e);
  });
}

/** An account on a tariff that may pin contractors, with two client members. */
async function clientSide(tariff: Parameters<typeof seedTariff>[1] = {}) {
  const tariffId = await seedTariff(t, { canPinContractors: true, ordersPerPeriod: null, ...tariff });
  const accountId = await seedAccount(t, { tariffId });
  const author = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Anna' });
  const member = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Boris' });
  return { accountId, author, member };
}

describe('§6 order notifications', () => {
  it('§6 created → author (number, latest take time) and, R-SLA-1, the pinned contractors only during the window; then the rest; taken → client members and OFFER_GONE; message → the other side; done → rating request and pin offer', async () => {
    const { accountId, author, member } = await clientSide();
    const pinned = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Pavel', username: 'pavel_pinned' });
    const eligible = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Quentin', username: 'quentin_free' });
    const otherCategory = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Rita' });
    await seedContractorCategories(t, otherCategory.id, ['CARTRIDGE']);
    const inactive = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Sam' });
    await t.sql('UPDATE app_user SET active = false WHERE id = $1', [inactive.id]);
    const noTelegram = await seedUser(t, { role: 'CONTRACTOR', username: 'no_telegram_yet' });
    await seedPinnedContractor(t, accountId, pinned.id);
    const names: Record<string, string> = {
      [author.id]: 'author',
      [member.id]: 'member',
      [pinned.id]: 'pinned',
      [eligible.id]: 'eligible',
      [otherCategory.id]: 'otherCategory',
      [inactive.id]: 'inactive',
      [noTelegram]: 'noTelegram',
      [manager.id]: 'manager',
      [manager2.id]: 'manager2',
      [owner.id]: 'owner',
    };

    const order = await newOrder(t, author.as, { credentials: 'TOP-SECRET-PASSWORD' });
    const created = await orderRows(order.id);
    expect(who(created, names)).toEqual(['author:ORDER_CREATED:TELEGRAM', 'pinned:ORDER_OFFERED:TELEGRAM']);
    const confirmation = created.find((r) => r.kind === 'ORDER_CREATED')!.payload;
    expect(confirmation).toMatchObject({
      orderId: order.id,
      number: order.number,
      status: 'NEW',
      category: { code: 'IT_HELP' },
      account: { id: accountId },
      timeZone: 'Europe/Moscow',
      hasCredentials: true,
    });
    // R-SLA-6: the latest take time.
    expect(new Date(confirmation.reactionDueAt as string).toISOString()).toBe(order.reactionDueAt);
    expect(created.find((r) => r.kind === 'ORDER_OFFERED')!.payload.window).toBe('PINNED');
    // R-ORD-4: credentials never travel in a notification.
    expect(JSON.stringify(created)).not.toContain('TOP-SECRET-PASSWORD');

    // R-SLA-1: once the pinned window is over, the remaining eligible contractors are offered it.
    t.clock.advance(30 * 60_000);
    await raise(new SlaStageReached(order.id, accountId, SlaStage.PINNED_WINDOW_OVER, new Date(order.pinnedUntil)));
    const opened = (await orderRows(order.id, 'ORDER_OFFERED')).filter((r) => !created.some((c) => c.id === r.id));
    expect(who(opened, names)).toEqual(['eligible:ORDER_OFFERED:TELEGRAM']);
    expect(opened[0]!.payload.window).toBe('ALL');

    const before = (await orderRows(order.id)).length;
    await take(t, eligible.as, order.id, 3);
    const taken = (await orderRows(order.id)).slice(before);
    expect(who(taken, names)).toEqual([
      'author:ORDER_TAKEN:TELEGRAM',
      'member:ORDER_TAKEN:TELEGRAM',
      'pinned:OFFER_GONE:TELEGRAM',
    ]);
    const takenPayload = taken.find((r) => r.kind === 'ORDER_TAKEN')!.payload;
    expect(takenPayload).toMatchObject({ status: 'IN_PROGRESS', estimateHours: 3, event: 'TAKEN' });
    // R-ACC-5: this tariff does not show contractor contacts to clients — the first name only (and the id,
    // which is no contact: the bot needs it to offer pinning, R-ACC-4).
    expect(takenPayload.contractor).toEqual({ id: eligible.id, firstName: 'Quentin' });

    const beforeMessages = (await orderRows(order.id)).length;
    await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'On my way' } }, eligible.as);
    await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'Thanks!' } }, member.as);
    const messages = (await orderRows(order.id)).slice(beforeMessages);
    expect(who(messages, names)).toEqual([
      'author:ORDER_MESSAGE:TELEGRAM',
      'eligible:ORDER_MESSAGE:TELEGRAM',
      'member:ORDER_MESSAGE:TELEGRAM',
    ]);
    expect(messages.find((r) => r.recipient_id === author.id)!.payload.message).toMatchObject({
      kind: 'TEXT',
      text: 'On my way',
      sender: { id: eligible.id, role: 'CONTRACTOR' },
    });
    expect(messages.find((r) => r.recipient_id === eligible.id)!.payload.message.text).toBe('Thanks!');

    const beforeDone = (await orderRows(order.id)).length;
    await t.ok(CLOSE_ORDER, { orderId: order.id }, eligible.as);
    const done = (await orderRows(order.id)).slice(beforeDone);
    expect(who(done, names)).toEqual(['author:ORDER_DONE:TELEGRAM', 'member:ORDER_DONE:TELEGRAM']);
    const byRecipient = new Map(done.map((r) => [r.recipient_id, r.payload]));
    expect(byRecipient.get(author.id)).toMatchObject({ ratingRequested: true, pinOffer: true, status: 'DONE' });
    expect(byRecipient.get(member.id)).toMatchObject({ ratingRequested: false, pinOffer: true });
    // Nobody heard of the order who should not have.
    const everyone = await orderRows(order.id);
    const heard = new Set(everyone.map((r) => r.recipient_id));
    for (const id of [otherCategory.id, inactive.id, noTelegram, manager.id, owner.id])
      expect(heard.has(id)).toBe(false);
  });

  it('§6 without pinned contractors every eligible active contractor is offered the order at once (R-SLA-1); R-ACC-5 contacts when the tariff allows', async () => {
    const { author } = await clientSide({ canSeeContractorContacts: true });
    const a = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Alla', username: 'alla_contractor' });
    const b = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Bella' });
    const order = await newOrder(t, author.as);
    const offered = new Set((await orderRows(order.id, 'ORDER_OFFERED')).map((r) => r.recipient_id));
    expect(offered.has(a.id) && offered.has(b.id)).toBe(true);
    // Every active contractor with a Telegram id serving IT_HELP — one INSERT … SELECT, not a loop.
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM app_user u WHERE u.role = 'CONTRACTOR' AND u.active AND u.telegram_id IS NOT NULL
         AND (NOT EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = u.id)
              OR EXISTS (SELECT 1 FROM contractor_category cc JOIN category c ON c.id = cc.category_id
                          WHERE cc.contractor_id = u.id AND c.code = 'IT_HELP'))`,
    );
    expect(offered.size).toBe(n);
    await take(t, a.as, order.id);
    const [takenRow] = await rowsWhere(`order_id = $1 AND kind = 'ORDER_TAKEN' AND recipient_id = $2`, [
      order.id,
      author.id,
    ]);
    expect(takenRow!.payload.contractor).toEqual({
      id: a.id,
      firstName: 'Alla',
      lastName: null,
      username: 'alla_contractor',
      telegramId: a.telegramId,
    });
    const gone = await orderRows(order.id, 'OFFER_GONE');
    expect(gone.map((r) => r.recipient_id)).toContain(b.id);
    expect(gone.map((r) => r.recipient_id)).not.toContain(a.id);
  });

  it('§6 released / unassigned / cancelled → the holder, client members, managers as relevant; the actor never hears of its own action', async () => {
    const { author, member } = await clientSide();
    const holder = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Holder' });
    await seedContractorCategories(t, holder.id, ['REPAIR']);
    const repair = await categoryIdOf(t, 'REPAIR');
    const other = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Other' });
    await seedContractorCategories(t, other.id, ['REPAIR']);
    const names: Record<string, string> = {
      [author.id]: 'author',
      [member.id]: 'member',
      [holder.id]: 'holder',
      [other.id]: 'other',
      [manager.id]: 'manager',
      [manager2.id]: 'manager2',
      [owner.id]: 'owner',
    };
    const input = { categoryId: repair, equipment: 'HP LaserJet' };
    const since = async (orderId: string, n: number) => (await orderRows(orderId)).slice(n);
    const only = (rows: Row[], ids: string[]) => rows.filter((r) => ids.includes(r.recipient_id));
    const watched = [author.id, member.id, holder.id, other.id, manager.id, manager2.id, owner.id];

    // Released by the holder: client members and managers hear it; it is offered again, not to the holder.
    const o1 = await newOrder(t, author.as, input);
    await take(t, holder.as, o1.id);
    let n = (await orderRows(o1.id)).length;
    await t.ok(RELEASE_ORDER, { orderId: o1.id, reason: 'Need a part' }, holder.as);
    expect(who(only(await since(o1.id, n), watched), names)).toEqual([
      'author:ORDER_RELEASED:TELEGRAM',
      'manager2:ORDER_RELEASED:ADMIN',
      'manager2:ORDER_RELEASED:TELEGRAM',
      'manager:ORDER_RELEASED:ADMIN',
      'manager:ORDER_RELEASED:TELEGRAM',
      'member:ORDER_RELEASED:TELEGRAM',
      'other:ORDER_OFFERED:TELEGRAM',
    ]);
    expect((await orderRows(o1.id, 'ORDER_RELEASED'))[0]!.payload).toMatchObject({
      reason: 'Need a part',
      event: 'RELEASED',
      status: 'NEW',
      contractor: { firstName: 'Holder' },
    });

    // Unassigned by a manager: the holder is told; client members and the other managers too.
    await take(t, holder.as, o1.id);
    n = (await orderRows(o1.id)).length;
    await t.ok(UNASSIGN_ORDER, { orderId: o1.id, reason: 'Too slow' }, manager.as);
    expect(who(only(await since(o1.id, n), watched), names)).toEqual([
      'author:ORDER_RELEASED:TELEGRAM',
      'holder:ORDER_UNASSIGNED:TELEGRAM',
      'manager2:ORDER_RELEASED:ADMIN',
      'manager2:ORDER_RELEASED:TELEGRAM',
      'member:ORDER_RELEASED:TELEGRAM',
      'other:ORDER_OFFERED:TELEGRAM',
    ]);

    // Cancelled while NEW by a client member: the other member; the offers are gone.
    n = (await orderRows(o1.id)).length;
    await t.ok(CANCEL_ORDER, { orderId: o1.id }, member.as);
    expect(who(only(await since(o1.id, n), watched), names)).toEqual([
      'author:ORDER_CANCELLED:TELEGRAM',
      'holder:OFFER_GONE:TELEGRAM',
      'other:OFFER_GONE:TELEGRAM',
    ]);

    // Cancelled in work by a manager: the holder, the client members and the other managers.
    const o2 = await newOrder(t, author.as, input);
    await take(t, holder.as, o2.id);
    n = (await orderRows(o2.id)).length;
    await t.ok(CANCEL_ORDER, { orderId: o2.id, reason: 'Client called' }, manager2.as);
    expect(who(only(await since(o2.id, n), watched), names)).toEqual([
      'author:ORDER_CANCELLED:TELEGRAM',
      'holder:ORDER_CANCELLED:TELEGRAM',
      'manager:ORDER_CANCELLED:ADMIN',
      'manager:ORDER_CANCELLED:TELEGRAM',
      'member:ORDER_CANCELLED:TELEGRAM',
    ]);
  });
});

describe('§6 SLA and billing notifications', () => {
  it('§6 R-SLA-2 not taken → managers with the free contractors; R-SLA-3 running long → managers; R-SLA-4 breaches → owners and managers', async () => {
    const { accountId, author } = await clientSide();
    const free = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Free', username: 'free_contractor' });
    const busy = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Busy' });
    await t.sql('UPDATE app_user SET max_active_orders = 1 WHERE id = $1', [busy.id]);
    const order = await newOrder(t, author.as);
    const held = await newOrder(t, author.as);
    await take(t, busy.as, held.id);
    const names = { [manager.id]: 'manager', [manager2.id]: 'manager2', [owner.id]: 'owner' };
    const staffRows = async (kind: string) => (await orderRows(order.id, kind)).filter((r) => r.recipient_id in names);

    await raise(new SlaStageReached(order.id, accountId, SlaStage.NOT_TAKEN_WARNING, t.clock.now()));
    const warnings = await staffRows('ORDER_NOT_TAKEN_WARNING');
    expect(who(warnings, names)).toEqual([
      'manager2:ORDER_NOT_TAKEN_WARNING:ADMIN',
      'manager2:ORDER_NOT_TAKEN_WARNING:TELEGRAM',
      'manager:ORDER_NOT_TAKEN_WARNING:ADMIN',
      'manager:ORDER_NOT_TAKEN_WARNING:TELEGRAM',
    ]);
    const listed = (warnings[0]!.payload.freeContractors as Array<{ id: string }>).map((c) => c.id);
    expect(listed).toContain(free.id);
    expect(listed).not.toContain(busy.id);
    expect(warnings[0]!.payload).toMatchObject({ stage: 'NOT_TAKEN_WARNING', number: order.number });

    await raise(new SlaStageReached(held.id, accountId, SlaStage.RUNNING_LONG_WARNING, t.clock.now()));
    const long = (await orderRows(held.id, 'ORDER_RUNNING_LONG_WARNING')).filter((r) => r.recipient_id in names);
    expect(new Set(long.map((r) => names[r.recipient_id]))).toEqual(new Set(['manager', 'manager2']));
    // The managers see who holds it.
    expect(long[0]!.payload.contractor).toMatchObject({ id: busy.id, firstName: 'Busy' });

    await raise(
      new SlaStageReached(order.id, accountId, SlaStage.REACTION_BREACHED, t.clock.now()),
      new SlaStageReached(held.id, accountId, SlaStage.WORK_BREACHED, t.clock.now()),
    );
    for (const [id, kind] of [
      [order.id, 'ORDER_REACTION_BREACHED'],
      [held.id, 'ORDER_WORK_BREACHED'],
    ] as const) {
      const rows = (await orderRows(id, kind)).filter((r) => r.recipient_id in names);
      expect(new Set(rows.map((r) => names[r.recipient_id]))).toEqual(new Set(['manager', 'manager2', 'owner']));
    }
  });

  it('§6 R-SLA-2 end to end: the SLA sweep finds the order not taken in time and the managers are warned once, in the sweep’s transaction', async () => {
    const { author } = await clientSide({ reactionTimeMinutes: 60 });
    const order = await newOrder(t, author.as);
    const warnings = async () =>
      (await orderRows(order.id, 'ORDER_NOT_TAKEN_WARNING')).filter((r) => r.recipient_id === manager.id);
    const sweep = () => t.system.services.sla.sweep(jobCtx(t, 'sla-sweep'));
    await sweep();
    expect(await warnings()).toEqual([]);
    // INFORM_MANAGER_CREATED_PROJECT_LIMIT is 95% of 60 minutes.
    t.clock.advance(58 * 60_000);
    await sweep();
    await sweep();
    expect(who(await warnings(), { [manager.id]: 'manager' })).toEqual([
      'manager:ORDER_NOT_TAKEN_WARNING:ADMIN',
      'manager:ORDER_NOT_TAKEN_WARNING:TELEGRAM',
    ]);
  });

  it('§6 invoice issued / overdue → the account’s client members (one statement for a whole period close); period closed → owners', async () => {
    const one = await clientSide();
    const two = await clientSide();
    const inv1 = await seedInvoice(t, { accountId: one.accountId, issuedAt: t.clock.now(), amount: '1500.00' });
    const inv2 = await seedInvoice(t, { accountId: two.accountId, issuedAt: t.clock.now() });
    await raise(new InvoiceIssued(inv1, one.accountId), new InvoiceIssued(inv2, two.accountId));
    const issued = await rowsWhere(`kind = 'INVOICE_ISSUED' AND payload->>'invoiceId' = ANY($1)`, [[inv1, inv2]]);
    expect(new Set(issued.map((r) => `${r.recipient_id}:${r.payload.invoiceId}`))).toEqual(
      new Set([
        `${one.author.id}:${inv1}`,
        `${one.member.id}:${inv1}`,
        `${two.author.id}:${inv2}`,
        `${two.member.id}:${inv2}`,
      ]),
    );
    expect(issued.find((r) => r.payload.invoiceId === inv1)!.payload).toMatchObject({
      amount: '1500.00',
      status: 'UNPAID',
      graceDays: 7,
    });
    await raise(new InvoiceOverdue(inv1, one.accountId));
    const overdue = await rowsWhere(`kind = 'INVOICE_OVERDUE' AND payload->>'invoiceId' = $1`, [inv1]);
    expect(new Set(overdue.map((r) => r.recipient_id))).toEqual(new Set([one.author.id, one.member.id]));

    const start = new Date('2025-01-01T00:00:00Z');
    const end = new Date('2025-02-01T00:00:00Z');
    await raise(new BillingPeriodClosed(start, end, 2, 1));
    const closed = await rowsWhere(`kind = 'BILLING_PERIOD_CLOSED' AND payload->>'periodStart' = $1`, [
      start.toISOString(),
    ]);
    expect(new Set(closed.map((r) => `${r.recipient_id}:${r.channel}`))).toEqual(
      new Set([`${owner.id}:TELEGRAM`, `${owner.id}:ADMIN`]),
    );
    expect(closed[0]!.payload).toMatchObject({ invoices: 2, payouts: 1, periodEnd: end.toISOString() });
  });

  it('R-BIL-1 §6 billing notifications carry the billing time zone (TIMEZONE when written) next to the account’s display zone', async () => {
    await seedSetting(t, 'TIMEZONE', 'Asia/Vladivostok');
    try {
      const side = await clientSide();
      await t.sql(`UPDATE client_account SET time_zone = 'Europe/Moscow' WHERE id = $1`, [side.accountId]);
      const invoiceId = await seedInvoice(t, { accountId: side.accountId, issuedAt: t.clock.now() });
      await raise(new InvoiceIssued(invoiceId, side.accountId), new InvoiceOverdue(invoiceId, side.accountId));
      const invoices = await rowsWhere(`kind IN ('INVOICE_ISSUED', 'INVOICE_OVERDUE') AND payload->>'invoiceId' = $1`, [
        invoiceId,
      ]);
      expect(invoices.length).toBe(4);
      for (const row of invoices)
        expect(row.payload).toMatchObject({ timeZone: 'Europe/Moscow', billingTimeZone: 'Asia/Vladivostok' });

      const start = new Date('2030-01-31T14:00:00Z');
      await raise(new BillingPeriodClosed(start, new Date('2030-02-28T14:00:00Z'), 0, 0));
      const closed = await rowsWhere(`kind = 'BILLING_PERIOD_CLOSED' AND payload->>'periodStart' = $1`, [
        start.toISOString(),
      ]);
      expect(closed.length).toBeGreaterThan(0);
      for (const row of closed) expect(row.payload).toMatchObject({ billingTimeZone: 'Asia/Vladivostok' });
    } finally {
      await seedSetting(t, 'TIMEZONE', 'Europe/Moscow');
    }
  });

  it('R-BIL-1 an overdue notice after a TIMEZONE change names its period in the zone the period was closed in', async () => {
    // January 2031 closed in Moscow: [31 Dec 21:00, 31 Jan 21:00) UTC. TIMEZONE is Vladivostok by the time it is overdue.
    const periodStart = new Date('2030-12-31T21:00:00Z');
    await t.sql(
      `INSERT INTO billing_period (period_start, period_end, billing_day, time_zone, closed_at)
       VALUES ($1, '2031-01-31T21:00:00Z', 1, 'Europe/Moscow', '2031-02-01T00:00:00Z')`,
      [periodStart],
    );
    await seedSetting(t, 'TIMEZONE', 'Asia/Vladivostok');
    try {
      const side = await clientSide();
      const invoiceId = await seedInvoice(t, { accountId: side.accountId, issuedAt: t.clock.now(), periodStart });
      await raise(new InvoiceOverdue(invoiceId, side.accountId));
      const overdue = await rowsWhere(`kind = 'INVOICE_OVERDUE' AND payload->>'invoiceId' = $1`, [invoiceId]);
      expect(overdue.length).toBeGreaterThan(0);
      for (const row of overdue) expect(row.payload).toMatchObject({ billingTimeZone: 'Europe/Moscow' });
    } finally {
      await seedSetting(t, 'TIMEZONE', 'Europe/Moscow');
    }
  });
});

import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { categoryIdOf, seedCaller, seedInvoice, seedSetting } from '../seed.js';
import {
  CANCEL_ORDER,
  CLOSE_ORDER,
  CREATE_ORDER,
  apiKeyCaller,
  code,
  newOrder,
  orderTableCounts,
  seedClientSetup,
  take,
} from '../orders.helpers.js';

let t: TestSystem;
let itHelp: string;
const DAY = 86_400_000;

const create = async (as: Parameters<TestSystem['gql']>[2], extra: Record<string, unknown> = {}) =>
  (await t.ok(CREATE_ORDER, { input: { categoryId: itHelp, description: 'help', ...extra } }, as)).createOrder;

beforeAll(async () => {
  t = await startTestSystem();
  itHelp = await categoryIdOf(t, 'IT_HELP');
});
afterAll(async () => {
  await t?.stop();
});

describe('order limits (R-ACC-3)', () => {
  it('R-ACC-3 an inactive account may not order; nothing is stored', async () => {
    const s = await seedClientSetup(t, {}, { status: 'INACTIVE' });
    const before = await orderTableCounts(t);
    expect(await create(s.client.as)).toEqual({ __typename: 'AccountInactive', accountId: s.accountId });
    expect(await orderTableCounts(t)).toEqual(before);
  });

  it('R-ACC-3 an invoice unpaid past PAYMENT_GRACE_DAYS blocks ordering, with the numbers; within grace or paid it does not', async () => {
    const s = await seedClientSetup(t);
    const now = t.clock.now();
    await seedInvoice(t, { accountId: s.accountId, issuedAt: new Date(now.getTime() - 6 * DAY) });
    await seedInvoice(t, {
      accountId: s.accountId,
      issuedAt: new Date(now.getTime() - 40 * DAY),
      periodStart: new Date(now.getTime() - 80 * DAY),
      paidOn: '2020-01-01',
    });
    expect((await create(s.client.as)).__typename).toBe('Order');
    const overdue = await seedInvoice(t, {
      accountId: s.accountId,
      issuedAt: new Date(now.getTime() - 9 * DAY - 1000),
      periodStart: new Date(now.getTime() - 200 * DAY),
    });
    const before = await orderTableCounts(t);
    expect(await create(s.client.as)).toMatchObject({
      __typename: 'InvoiceOverdue',
      invoiceId: overdue,
      daysOverdue: 2,
      graceDays: 7,
    });
    expect(await orderTableCounts(t)).toEqual(before);
    // The grace period is read at the moment of ordering.
    await seedSetting(t, 'PAYMENT_GRACE_DAYS', '30');
    expect((await create(s.client.as)).__typename).toBe('Order');
    await seedSetting(t, 'PAYMENT_GRACE_DAYS', '7');
  });

  it('R-ACC-3 at MAX_OPEN_ORDERS_PER_CLIENT open orders a new one is refused; done and cancelled ones are not open', async () => {
    const s = await seedClientSetup(t, { ordersPerPeriod: null });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const a = await newOrder(t, s.client.as);
    const b = await newOrder(t, s.client.as);
    await newOrder(t, s.client.as);
    await take(t, contractor.as, a.id);
    const before = await orderTableCounts(t);
    expect(await create(s.client.as)).toEqual({ __typename: 'TooManyOpenOrders', open: 3, allowed: 3 });
    expect(await orderTableCounts(t)).toEqual(before);
    await t.ok(CLOSE_ORDER, { orderId: a.id }, contractor.as);
    expect((await create(s.client.as)).__typename).toBe('Order');
    await t.ok(CANCEL_ORDER, { orderId: b.id }, s.client.as);
    expect((await create(s.client.as)).__typename).toBe('Order');
    expect((await create(s.client.as)).__typename).toBe('TooManyOpenOrders');
  });

  it('R-ACC-3 / R-ORD-6 orders cancelled before being taken do not count against the tariff limit', async () => {
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100');
    const s = await seedClientSetup(t, { ordersPerPeriod: 2 });
    const first = await newOrder(t, s.client.as);
    await newOrder(t, s.client.as);
    const refused = await create(s.client.as);
    expect(refused).toMatchObject({ __typename: 'OrderLimitReached', used: 2, allowed: 2 });
    await t.ok(CANCEL_ORDER, { orderId: first.id }, s.client.as);
    expect((await create(s.client.as)).__typename).toBe('Order');
    const before = await orderTableCounts(t);
    expect(await create(s.client.as)).toMatchObject({ __typename: 'OrderLimitReached', used: 2, allowed: 2 });
    expect(await orderTableCounts(t)).toEqual(before);
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '3');
  });

  it('R-ACC-3 concurrent creations cannot slip past the limit', async () => {
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100');
    const s = await seedClientSetup(t, { ordersPerPeriod: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, () => create(s.client.as)));
    expect(results.filter((r) => r.__typename === 'Order')).toHaveLength(3);
    expect(results.filter((r) => r.__typename === 'OrderLimitReached')).toHaveLength(5);
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM service_order WHERE account_id = $1`, [
      s.accountId,
    ]);
    expect(row!.n).toBe(3);
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '3');
  });

  it('R-ACC-3 staff and order-writing API keys create orders on behalf of a client member, under the same limits', async () => {
    const s = await seedClientSetup(t, { ordersPerPeriod: 1 });
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const key = await apiKeyCaller(t, ['ORDERS_WRITE']);
    const missingAuthor = await t.gql(CREATE_ORDER, { input: { categoryId: itHelp, description: 'x' } }, manager.as);
    expect(missingAuthor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'authorId' });
    const notClient = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'x', authorId: manager.id } },
      manager.as,
    );
    expect(notClient.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'authorId' });
    const byKey = await create(key, { authorId: s.client.id });
    expect(byKey).toMatchObject({ __typename: 'Order', author: { id: s.client.id }, account: { id: s.accountId } });
    const [event] = await t.sql<{ api_key_id: string | null; actor_id: string | null }>(
      `SELECT api_key_id, actor_id FROM order_event WHERE order_id = $1`,
      [byKey.id],
    );
    expect(event!.api_key_id).toBeTruthy();
    expect(event!.actor_id).toBeNull();
    expect((await create(manager.as, { authorId: s.client.id })).__typename).toBe('OrderLimitReached');
    // A key that may only read cannot create.
    const reader = await apiKeyCaller(t, ['ORDERS_READ']);
    expect(
      code(
        await t.gql(CREATE_ORDER, { input: { categoryId: itHelp, description: 'x', authorId: s.client.id } }, reader),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('billing period bounds for the limit (R-BIL-1)', () => {
  it('R-BIL-1 the limit counts orders in [BILLING_DAY 00:00 TIMEZONE, next month same moment); a new period starts fresh', async () => {
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100');
    await seedSetting(t, 'BILLING_DAY', '15');
    // 23:58 in Moscow (UTC+3) on 14 March: the last minutes of the period that started on 15 February.
    t.clock.set(new Date('2025-03-14T20:58:00Z'));
    const s = await seedClientSetup(t, { ordersPerPeriod: 2 });
    await newOrder(t, s.client.as);
    await newOrder(t, s.client.as);
    t.clock.advance(60_000);
    expect(await create(s.client.as)).toEqual({
      __typename: 'OrderLimitReached',
      used: 2,
      allowed: 2,
      periodStart: '2025-02-14T21:00:00.000Z',
      periodEnd: '2025-03-14T21:00:00.000Z',
    });
    t.clock.advance(60_000 - 1);
    expect((await create(s.client.as)).__typename).toBe('OrderLimitReached');
    t.clock.advance(1); // 00:00:00.000 on 15 March in Moscow: the next period
    const order = await create(s.client.as);
    expect(order.__typename).toBe('Order');
    expect(order.createdAt).toBe('2025-03-14T21:00:00.000Z');
    await newOrder(t, s.client.as);
    expect(await create(s.client.as)).toMatchObject({
      __typename: 'OrderLimitReached',
      used: 2,
      periodStart: '2025-03-14T21:00:00.000Z',
      periodEnd: '2025-04-14T21:00:00.000Z',
    });
    await seedSetting(t, 'BILLING_DAY', '1');
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '3');
  });

  it('R-ORD-1 order numbers follow the year in TIMEZONE: the first order of a new year starts a new sequence', async () => {
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100');
    const s = await seedClientSetup(t, { ordersPerPeriod: null });
    t.clock.set(new Date('2026-12-31T20:59:00Z')); // 23:59 on 31 December in Moscow
    const last = await newOrder(t, s.client.as);
    t.clock.set(new Date('2026-12-31T21:00:00Z')); // 00:00 on 1 January 2027 in Moscow
    const first = await newOrder(t, s.client.as);
    const second = await newOrder(t, s.client.as);
    expect(last.number).toMatch(/^2026-\d{6}$/);
    expect(first.number).toBe('2027-000001');
    expect(second.number).toBe('2027-000002');
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '3');
  });
});

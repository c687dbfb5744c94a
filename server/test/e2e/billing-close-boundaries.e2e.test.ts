/**
 * The edges of a billing period close (R-BIL-1, R-BIL-2): orders closed DONE while the period
 * closes, instances whose clocks disagree, closes that would leave a stretch unbilled, and the
 * period the tariff limit counts in after BILLING_DAY changed. Driven through the services the jobs call and
 * the API, with the harness's ManualClock; checked in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Ctx } from '../../src/common/context.js';
import { periodsToClose } from '../../src/modules/billing/billing-close-plan.js';
import type { BillingPeriod } from '../../src/modules/billing/billing-period.js';
import { UserEntity } from '../../src/modules/user/user.entity.js';
import { jobCtx, startTestSystem, type TestSystem } from '../harness.js';
import { CLOSE_ORDER, CREATE_ORDER } from '../orders.helpers.js';
import { categoryIdOf, seedAccount, seedCaller, seedOrder, seedSetting, seedTariff } from '../seed.js';

const at = (iso: string) => new Date(iso);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service context acting as a user (as the API builds it for a bot request). */
async function userCtx(t: TestSystem, userId: string): Promise<Ctx> {
  const user = await t.system.database.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
  return { ...jobCtx(t), principal: { kind: 'user', user, via: 'bot' } };
}

/** Every payout line an order's contractor got that counts the order (by its done_at). */
const payoutsCounting = (t: TestSystem, orderId: string) =>
  t.sql<{ period_start: Date; orders_count: number }>(
    `SELECT p.period_start, p.orders_count FROM payout p JOIN service_order o ON o.contractor_id = p.contractor_id
      WHERE o.id = $1 AND o.done_at >= p.period_start AND o.done_at < p.period_end`,
    [orderId],
  );

const closedPeriods = (t: TestSystem) =>
  t
    .sql<{ s: Date; e: Date }>(`SELECT period_start AS s, period_end AS e FROM billing_period ORDER BY period_start`)
    .then((rows) => rows.map((r) => [r.s.toISOString(), r.e.toISOString()]));

describe('R-BIL-2 orders closed DONE at a period boundary are paid exactly once', () => {
  let t: TestSystem;
  let accountId: string;
  let authorId: string;
  let contractor: Awaited<ReturnType<typeof seedCaller>>;

  beforeAll(async () => {
    t = await startTestSystem();
    await seedSetting(t, 'BILLING_DAY', '1');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    accountId = await seedAccount(t, { tariffId: await seedTariff(t, { price: '100.00' }) });
    authorId = (await seedCaller(t, { role: 'CLIENT', accountId })).id;
    contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    // The first close: January is billed, February is the open period.
    t.clock.set(at('2027-02-01T00:00:05Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-BIL-2 an order stamped DONE just before the period end, committing after the close began, is in that period’s payout', async () => {
    const orderId = await seedOrder(t, { accountId, authorId, status: 'IN_PROGRESS', contractorId: contractor.id });
    const ctx = await userCtx(t, contractor.id);
    let stamped!: () => void;
    const wasStamped = new Promise<void>((resolve) => (stamped = resolve));
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));

    t.clock.set(at('2027-02-28T23:59:59.990Z'));
    // The contractor's closeOrder: done_at is written, the transaction has not committed yet.
    const closing = inTransaction(ctx, async (tx) => {
      const outcome = await t.system.services.orders.close(tx, orderId);
      stamped();
      await mayCommit;
      return outcome;
    });
    await wasStamped;
    t.clock.set(at('2027-03-01T00:00:00.500Z'));
    const periodClose = t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    // Give the close time to read the DONE orders while the order's transaction is still open.
    await Promise.race([periodClose, sleep(700)]);
    commit();
    expect((await closing).kind).toBe('order');
    const [outcome] = await periodClose;
    expect(outcome).toMatchObject({ closed: true, periodStart: at('2027-02-01T00:00:00Z') });

    const [order] = await t.sql<{ done_at: Date }>(`SELECT done_at FROM service_order WHERE id = $1`, [orderId]);
    expect(order!.done_at).toEqual(at('2027-02-28T23:59:59.990Z'));
    t.clock.set(at('2027-04-01T00:00:05Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(await payoutsCounting(t, orderId)).toEqual([{ period_start: at('2027-02-01T00:00:00Z'), orders_count: 1 }]);
  });

  it('R-BIL-2 an instance whose clock lags the one that closed the period cannot stamp an order into the closed period', async () => {
    // March was closed at Apr 1 00:00:05 by another instance (above); this one's clock is 7 s behind it.
    const orderId = await seedOrder(t, { accountId, authorId, status: 'IN_PROGRESS', contractorId: contractor.id });
    t.clock.set(at('2027-03-31T23:59:58Z'));
    const closed = await t.ok(CLOSE_ORDER, { orderId }, contractor.as);
    expect(closed.closeOrder.__typename).toBe('Order');
    t.clock.set(at('2027-05-01T00:00:05Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(await payoutsCounting(t, orderId)).toEqual([{ period_start: at('2027-04-01T00:00:00Z'), orders_count: 1 }]);
  });
});

describe('R-BIL-1 R-BIL-2 closed periods follow each other without a gap', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem();
    await seedSetting(t, 'BILLING_DAY', '28');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    await seedAccount(t, { tariffId: await seedTariff(t, { price: '100.00' }) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-BIL-2 a period that does not start where the last closed one ended is refused and writes nothing', async () => {
    const billing = t.system.services.billingClose;
    t.clock.set(at('2027-03-01T00:00:00Z'));
    // The first close may start anywhere (history before the system is not billed).
    const first = await billing.closePeriod(jobCtx(t), {
      start: at('2027-01-28T00:00:00Z'),
      end: at('2027-02-28T00:00:00Z'),
    });
    expect(first).toMatchObject({ closed: true, refusal: null });
    const invoices = await t.sql(`SELECT id FROM invoice`);

    const gap = await billing.closePeriod(jobCtx(t), {
      start: at('2027-02-28T00:00:01Z'),
      end: at('2027-03-01T00:00:00Z'),
    });
    expect(gap).toMatchObject({ closed: false, refusal: 'gapAfterLastClose', invoices: 0, payouts: 0 });
    const overlapping = await billing.closePeriod(jobCtx(t), {
      start: at('2027-02-27T00:00:00Z'),
      end: at('2027-03-01T00:00:00Z'),
    });
    expect(overlapping).toMatchObject({ closed: false, refusal: 'closedAlready' });
    expect(await t.sql(`SELECT id FROM invoice`)).toEqual(invoices);
    expect(await closedPeriods(t)).toEqual([['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z']]);
  });

  it('R-BIL-1 R-BIL-2 two runners planning with different BILLING_DAYs, interleaving, leave no stretch unbilled', async () => {
    const billing = t.system.services.billingClose;
    // Both catch up after downtime from the same last close (Feb 28); A has BILLING_DAY 28, B has 1.
    t.clock.set(at('2027-05-28T00:00:05Z'));
    const lastEnd = at('2027-02-28T00:00:00Z');
    const planA = periodsToClose(lastEnd, t.clock.now(), 28, 'UTC'); // Feb 28 → Mar 28 → Apr 28 → May 28
    const planB = periodsToClose(lastEnd, t.clock.now(), 1, 'UTC'); // Feb 28 → Apr 1 (merged) → May 1
    const close = (period: BillingPeriod) => billing.closePeriod(jobCtx(t), period);
    const outcomes = [];
    for (const period of [planB[0]!, ...planA, planB[1]!]) outcomes.push(await close(period));
    expect(outcomes.map((o) => o.closed)).toEqual([true, false, false, false, true]);
    expect(outcomes[3]).toMatchObject({ refusal: 'gapAfterLastClose' });
    expect(await closedPeriods(t)).toEqual([
      ['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
      ['2027-02-28T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
      ['2027-04-01T00:00:00.000Z', '2027-05-01T00:00:00.000Z'],
    ]);
  });
});

describe('R-BIL-1 R-ACC-3 the tariff limit counts in the period the close will bill', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem();
    await seedSetting(t, 'BILLING_DAY', '28');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '10');
    await seedSetting(t, 'PAYMENT_GRACE_DAYS', '90'); // the invoices issued here stay within grace
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-BIL-1 R-ACC-3 after BILLING_DAY changes from 28 to 1, usage and the limit count from the last close (Feb 28), as the invoice bills, not from Mar 1', async () => {
    const accountId = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: 2, price: '100.00' }) });
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const owner = await seedCaller(t, { role: 'OWNER' });
    const categoryId = await categoryIdOf(t, 'IT_HELP');
    const create = async () =>
      (await t.ok(CREATE_ORDER, { input: { categoryId, description: 'Printer jams' } }, client.as)).createOrder;
    const usage = async () =>
      (await t.ok(`{ myAccount { usage { used allowed periodStart periodEnd } } }`, {}, client.as)).myAccount.usage;

    t.clock.set(at('2027-02-28T00:00:05Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t)); // Jan 28 → Feb 28
    t.clock.set(at('2027-02-28T12:00:00Z'));
    expect((await create()).__typename).toBe('Order');
    expect((await create()).__typename).toBe('Order');

    t.clock.set(at('2027-03-10T12:00:00Z'));
    await t.ok(`mutation { updateSetting(key: "BILLING_DAY", value: "1") { __typename } }`, {}, owner.as);
    // Feb 28 → Mar 1 is too short to bill alone: the next invoice covers Feb 28 → Apr 1, and so does the limit.
    expect(await usage()).toEqual({
      used: 2,
      allowed: 2,
      periodStart: '2027-02-28T00:00:00.000Z',
      periodEnd: '2027-04-01T00:00:00.000Z',
    });
    expect(await create()).toMatchObject({ __typename: 'OrderLimitReached', used: 2, allowed: 2 });

    t.clock.set(at('2027-04-01T00:00:05Z'));
    const [closed] = await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect([closed!.periodStart, closed!.periodEnd]).toEqual([at('2027-02-28T00:00:00Z'), at('2027-04-01T00:00:00Z')]);
    expect(await usage()).toMatchObject({ used: 0, periodStart: '2027-04-01T00:00:00.000Z' });
    expect((await create()).__typename).toBe('Order');
  });
});

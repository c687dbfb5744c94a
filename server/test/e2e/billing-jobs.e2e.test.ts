/**
 * The billing jobs' work (R-BIL-1..4, R-ACC-3), driven by calling the services the jobs call with
 * the harness's ManualClock; the results are read back through the API and the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/common/events.js';
import { billingPeriodAt } from '../../src/modules/billing/billing-period.js';
import { BILLING_CHECK_JOB } from '../../src/modules/billing/jobs/billing-period-close.job.js';
import { jobCtx, startTestSystem, type TestSystem } from '../harness.js';
import { CREATE_ORDER } from '../orders.helpers.js';
import { categoryIdOf, seedAccount, seedCaller, seedOrder, seedSetting, seedTariff } from '../seed.js';

const at = (iso: string) => new Date(iso);

/** Collects the domain events published after commit. */
function recordEvents(t: TestSystem) {
  const seen: DomainEvent[] = [];
  t.system.services.eventBus.subscribe((e) => seen.push(e));
  return {
    of: (type: string) => seen.filter((e) => e.type === type) as Array<DomainEvent & Record<string, unknown>>,
    clear: () => seen.splice(0),
  };
}

/** A DONE order of a contractor, closed at `doneAt` with `rate` stored on it. */
async function doneOrder(
  t: TestSystem,
  o: { accountId: string; authorId: string; contractorId: string },
  doneAt: string,
  rate: string,
) {
  const id = await seedOrder(t, { ...o, status: 'DONE', createdAt: new Date(at(doneAt).getTime() - 3_600_000) });
  await t.sql(`UPDATE service_order SET done_at = $2, rate = $3 WHERE id = $1`, [id, at(doneAt), rate]);
  return id;
}

const invoicesOf = (t: TestSystem, periodStart: string) =>
  t.sql<{ account_id: string; amount: string; tariff_id: string; status: string }>(
    `SELECT account_id, amount, tariff_id, status FROM invoice WHERE period_start = $1 ORDER BY account_id`,
    [at(periodStart)],
  );

describe('R-BIL-2 R-BIL-4 closing billing periods', () => {
  let t: TestSystem;
  let events: ReturnType<typeof recordEvents>;
  let tariffA: string;
  let tariffB: string;
  let tariffNew: string;
  let accountA: string;
  let accountB: string;
  let accountOff: string;
  let k1: string;
  let k2: string;
  let owner: Awaited<ReturnType<typeof seedCaller>>;
  let staff: Awaited<ReturnType<typeof seedCaller>>;
  let contractor1: Awaited<ReturnType<typeof seedCaller>>;
  let author: string;

  beforeAll(async () => {
    t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
    events = recordEvents(t);
    await seedSetting(t, 'BILLING_DAY', '28');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    tariffA = await seedTariff(t, { price: '1000.00' });
    // A price raise in the middle of the Jan 28 → Feb 28 period: that period's invoice keeps the old price.
    await t.sql(`INSERT INTO tariff_price (tariff_id, price, effective_from) VALUES ($1, '1500.00', $2)`, [
      tariffA,
      at('2027-02-15T00:00:00Z'),
    ]);
    tariffB = await seedTariff(t, { price: '700.50' });
    tariffNew = await seedTariff(t, { price: '2000.00' });
    accountA = await seedAccount(t, { tariffId: tariffA });
    accountB = await seedAccount(t, { tariffId: tariffB });
    accountOff = await seedAccount(t, { tariffId: tariffB, status: 'INACTIVE' });
    author = (await seedCaller(t, { role: 'CLIENT', accountId: accountA })).id;
    contractor1 = await seedCaller(t, { role: 'CONTRACTOR' });
    k1 = contractor1.id;
    k2 = (await seedCaller(t, { role: 'CONTRACTOR' })).id;
    await seedCaller(t, { role: 'CONTRACTOR' }); // no orders: no payout line
    owner = await seedCaller(t, { role: 'OWNER' });
    staff = await seedCaller(t, { role: 'MANAGER' });
    const by = (contractorId: string) => ({ accountId: accountA, authorId: author, contractorId });
    await doneOrder(t, by(k1), '2027-01-27T23:59:59Z', '500.00'); // before the period
    await doneOrder(t, by(k1), '2027-01-28T00:00:00Z', '500.00'); // its first instant
    await doneOrder(t, by(k1), '2027-02-20T10:00:00Z', '650.00'); // ORDER_RATE changed in between
    await doneOrder(t, by(k2), '2027-02-27T23:59:59Z', '500.00'); // its last instant
    await doneOrder(t, by(k2), '2027-02-28T00:00:00Z', '500.00'); // the next period's
    await seedOrder(t, {
      accountId: accountA,
      authorId: author,
      status: 'CANCELLED',
      createdAt: at('2027-02-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-BIL-2 the first close bills only the period that just ended', async () => {
    t.clock.set(at('2027-01-28T00:30:00Z'));
    const outcomes = await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(outcomes.map((o) => [o.periodStart.toISOString(), o.periodEnd.toISOString(), o.closed, o.invoices])).toEqual(
      [['2026-12-28T00:00:00.000Z', '2027-01-28T00:00:00.000Z', true, 2]],
    );
  });

  it('R-BIL-1 R-BIL-2 at BILLING_DAY 00:00 the period Jan 28 → Feb 28 closes: invoices at the start price, payouts × stored rates', async () => {
    t.clock.set(at('2027-02-27T23:59:59Z'));
    expect(await t.system.services.billingClose.closeDuePeriods(jobCtx(t))).toEqual([]);
    expect((await t.system.services.billingClose.nextCloseAt(jobCtx(t))).toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    );
    events.clear();
    t.clock.set(at('2027-02-28T00:00:00Z'));
    const [outcome, ...more] = await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(more).toEqual([]);
    expect(outcome).toMatchObject({ closed: true, invoices: 2, payouts: 2 });
    expect(outcome!.periodStart.toISOString()).toBe('2027-01-28T00:00:00.000Z');

    const invoices = await invoicesOf(t, '2027-01-28T00:00:00Z');
    expect(invoices).toEqual(
      [
        { account_id: accountA, amount: '1000.00', tariff_id: tariffA, status: 'UNPAID' },
        { account_id: accountB, amount: '700.50', tariff_id: tariffB, status: 'UNPAID' },
      ].sort((a, b) => a.account_id.localeCompare(b.account_id)),
    );
    expect(invoices.some((i) => i.account_id === accountOff)).toBe(false);
    const payouts = await t.sql(
      `SELECT contractor_id, orders_count, amount FROM payout WHERE period_start = $1 ORDER BY amount DESC`,
      [at('2027-01-28T00:00:00Z')],
    );
    expect(payouts).toEqual([
      { contractor_id: k1, orders_count: 2, amount: '1150.00' },
      { contractor_id: k2, orders_count: 1, amount: '500.00' },
    ]);
    expect(events.of('InvoiceIssued')).toHaveLength(2);
    expect(events.of('BillingPeriodClosed')).toEqual([
      expect.objectContaining({ invoices: 2, payouts: 2, periodEnd: at('2027-02-28T00:00:00Z') }),
    ]);
  });

  it('R-BIL-2 re-running the close changes nothing and reports nothing new', async () => {
    const before = await t.sql(`SELECT id FROM invoice UNION ALL SELECT id FROM payout ORDER BY 1`);
    events.clear();
    expect(await t.system.services.billingClose.closeDuePeriods(jobCtx(t))).toEqual([]);
    const again = await t.system.services.billingClose.closePeriod(jobCtx(t), {
      start: at('2027-01-28T00:00:00Z'),
      end: at('2027-02-28T00:00:00Z'),
    });
    expect(again).toMatchObject({ closed: false, invoices: 0, payouts: 0 });
    // An overlapping period (as a BILLING_DAY change might suggest) is refused by the database too.
    const overlapping = await t.system.services.billingClose.closePeriod(jobCtx(t), {
      start: at('2027-01-15T00:00:00Z'),
      end: at('2027-02-15T00:00:00Z'),
    });
    expect(overlapping.closed).toBe(false);
    expect(await t.sql(`SELECT id FROM invoice UNION ALL SELECT id FROM payout ORDER BY 1`)).toEqual(before);
    expect(events.of('InvoiceIssued')).toEqual([]);
    await expect(
      t.system.services.billingClose.closePeriod(jobCtx(t), {
        start: at('2027-02-28T00:00:00Z'),
        end: at('2027-03-28T00:00:00Z'),
      }),
    ).rejects.toThrow(/only once it has ended/);
  });

  it('R-BIL-1 R-BIL-4 BILLING_DAY changed mid-period and a tariff change: the next invoice follows both', async () => {
    t.clock.set(at('2027-03-10T12:00:00Z'));
    const changed = await t.ok(
      `mutation ($a: ID!, $t: ID!) { changeAccountTariff(accountId: $a, tariffId: $t) { id } }`,
      { a: accountA, t: tariffNew },
      owner.as,
    );
    expect(changed.changeAccountTariff.id).toBe(accountA);
    const setDay = await t.ok(
      `mutation { updateSetting(key: "BILLING_DAY", value: "1") { __typename } }`,
      {},
      owner.as,
    );
    expect(setDay.updateSetting.__typename).toBe('Setting');
    // Feb 28 → Mar 1 would be a one-day period: it joins the next one, Feb 28 → Apr 1.
    t.clock.set(at('2027-03-28T00:00:00Z'));
    expect(await t.system.services.billingClose.closeDuePeriods(jobCtx(t))).toEqual([]);
    t.clock.set(at('2027-03-31T23:59:59Z'));
    expect((await t.system.services.billingClose.nextCloseAt(jobCtx(t))).toISOString()).toBe(
      '2027-04-01T00:00:00.000Z',
    );
    t.clock.set(at('2027-04-01T00:00:00Z'));
    const [outcome] = await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect([outcome!.periodStart.toISOString(), outcome!.periodEnd.toISOString()]).toEqual([
      '2027-02-28T00:00:00.000Z',
      '2027-04-01T00:00:00.000Z',
    ]);
    const invoices = await invoicesOf(t, '2027-02-28T00:00:00Z');
    expect(invoices.find((i) => i.account_id === accountA)).toMatchObject({ tariff_id: tariffNew, amount: '2000.00' });
    // The order closed at Feb 28 00:00 belongs to this period, not the one before.
    expect(
      await t.sql(`SELECT contractor_id, orders_count, amount FROM payout WHERE period_start = $1`, [
        at('2027-02-28T00:00:00Z'),
      ]),
    ).toEqual([{ contractor_id: k2, orders_count: 1, amount: '500.00' }]);
  });

  it('R-BIL-2 two closes racing create exactly one invoice per account and one payout per contractor', async () => {
    await doneOrder(t, { accountId: accountA, authorId: author, contractorId: k1 }, '2027-04-10T00:00:00Z', '500.00');
    t.clock.set(at('2027-05-01T00:00:00Z'));
    const period = { start: at('2027-04-01T00:00:00Z'), end: at('2027-05-01T00:00:00Z') };
    const results = await Promise.all([
      t.system.services.billingClose.closePeriod(jobCtx(t), period),
      t.system.services.billingClose.closePeriod(jobCtx(t), period),
      t.system.services.billingClose.closeDuePeriods(jobCtx(t)),
    ]);
    const closed = [results[0], results[1], ...results[2]].filter((r) => r.closed);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ invoices: 2, payouts: 1 });
    expect(
      await t.sql(`SELECT account_id, count(*)::int AS n FROM invoice WHERE period_start = $1 GROUP BY account_id`, [
        period.start,
      ]),
    ).toHaveLength(2);
    expect(await t.sql(`SELECT count(*)::int AS n FROM payout WHERE period_start = $1`, [period.start])).toEqual([
      { n: 1 },
    ]);
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM billing_period WHERE period_start = $1`, [period.start]),
    ).toEqual([{ n: 1 }]);
  });

  it('R-BIL-4 a close that runs late bills the tariff the account had when the period ended', async () => {
    // The server was down at Jun 1 00:00; the owner moved account B to another tariff at 05:00.
    t.clock.set(at('2027-06-01T05:00:00Z'));
    await t.ok(
      `mutation ($a: ID!, $t: ID!) { changeAccountTariff(accountId: $a, tariffId: $t) { id } }`,
      { a: accountB, t: tariffNew },
      owner.as,
    );
    t.clock.set(at('2027-06-01T06:00:00Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    const invoices = await invoicesOf(t, '2027-05-01T00:00:00Z');
    expect(invoices.find((i) => i.account_id === accountB)).toMatchObject({ tariff_id: tariffB, amount: '700.50' });
  });

  it('R-BIL-2 payouts and closed periods through the API: staff see all, a contractor its own, clients nothing', async () => {
    const PAYOUTS = `query ($f: PayoutFilterInput) { payouts(first: 50, filter: $f) {
      totalCount nodes { periodStart periodEnd ordersCount amount contractor { id } } } }`;
    const all = await t.ok(PAYOUTS, {}, staff.as);
    expect(all.payouts.totalCount).toBe(5);
    expect(all.payouts.nodes[0]).toMatchObject({ periodStart: '2027-04-01T00:00:00.000Z', amount: '500.00' });
    const own = await t.ok(PAYOUTS, {}, contractor1.as);
    expect(own.payouts.nodes.map((n: { contractor: { id: string } }) => n.contractor.id)).toEqual([k1, k1, k1]);
    const others = await t.ok(PAYOUTS, { f: { contractorId: k2 } }, contractor1.as);
    expect(others.payouts.totalCount).toBe(0);
    const onePeriod = await t.ok(PAYOUTS, { f: { periodStart: '2027-01-28T00:00:00.000Z' } }, staff.as);
    expect(onePeriod.payouts.totalCount).toBe(2);
    const client = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
    const refused = await t.gql(PAYOUTS, {}, client.as);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const PERIODS = `{ billingPeriods(first: 2) { totalCount pageInfo { hasNextPage endCursor }
      nodes { periodStart periodEnd billingDay timeZone invoiceCount invoiceTotal payoutCount payoutTotal } } }`;
    const periods = await t.ok(PERIODS, {}, staff.as);
    expect(periods.billingPeriods.totalCount).toBe(5);
    expect(periods.billingPeriods.nodes[0]).toEqual({
      periodStart: '2027-05-01T00:00:00.000Z',
      periodEnd: '2027-06-01T00:00:00.000Z',
      billingDay: 1,
      timeZone: 'UTC',
      invoiceCount: 2,
      invoiceTotal: '2700.50',
      payoutCount: 0,
      payoutTotal: '0.00',
    });
    const next = await t.ok(
      `query ($after: String) { billingPeriods(first: 10, after: $after) { nodes { periodStart } } }`,
      { after: periods.billingPeriods.pageInfo.endCursor },
      staff.as,
    );
    expect(next.billingPeriods.nodes.map((n: { periodStart: string }) => n.periodStart)).toEqual([
      '2027-02-28T00:00:00.000Z',
      '2027-01-28T00:00:00.000Z',
      '2026-12-28T00:00:00.000Z',
    ]);
    expect((await t.gql(PERIODS, {}, contractor1.as)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('R-ACC-3 R-BIL-3 grace-period blocking follows invoice state', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-ACC-3 R-BIL-3 an issued invoice unpaid past PAYMENT_GRACE_DAYS blocks createOrder; marking it paid unblocks', async () => {
    const events = recordEvents(t);
    await seedSetting(t, 'BILLING_DAY', '1');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    await seedSetting(t, 'PAYMENT_GRACE_DAYS', '7');
    const accountId = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const owner = await seedCaller(t, { role: 'OWNER' });
    const categoryId = await categoryIdOf(t, 'IT_HELP');
    const create = async () =>
      (await t.ok(CREATE_ORDER, { input: { categoryId, description: 'Mail is down' } }, client.as)).createOrder;
    const billing = t.system.services.billingClose;

    t.clock.set(at('2027-03-01T00:00:10Z'));
    await billing.closeDuePeriods(jobCtx(t));
    const [invoice] = await t.sql<{ id: string; issued_at: Date }>(
      `SELECT id, issued_at FROM invoice WHERE account_id = $1`,
      [accountId],
    );
    expect(invoice!.issued_at).toEqual(at('2027-03-01T00:00:10Z'));

    t.clock.set(at('2027-03-08T00:00:10Z')); // exactly 7 days: still within grace
    expect((await create()).__typename).toBe('Order');
    expect(await billing.raiseOverdueInvoices(jobCtx(t))).toBe(0);

    t.clock.set(at('2027-03-08T00:00:11Z'));
    const blocked = await create();
    expect(blocked).toMatchObject({ __typename: 'InvoiceOverdue', invoiceId: invoice!.id, graceDays: 7 });
    expect(await billing.raiseOverdueInvoices(jobCtx(t))).toBe(1);
    expect(await billing.raiseOverdueInvoices(jobCtx(t))).toBe(0);
    expect(events.of('InvoiceOverdue')).toEqual([expect.objectContaining({ invoiceId: invoice!.id, accountId })]);

    const paid = await t.ok(
      `mutation ($id: ID!) { markInvoicePaid(id: $id, paidOn: "2027-03-08") { __typename } }`,
      { id: invoice!.id },
      owner.as,
    );
    expect(paid.markInvoicePaid.__typename).toBe('Invoice');
    expect((await create()).__typename).toBe('Order');
    t.clock.advance(30 * 86_400_000);
    expect(await billing.raiseOverdueInvoices(jobCtx(t))).toBe(0);
  });
});

describe('R-BIL-2 the billing, archive and backup jobs on Agenda', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Polls until `check` holds (jobs run asynchronously). */
  async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 20_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (check(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const closeJobs = () =>
    t.sql<{ at: string }>(`SELECT data->>'at' AS at FROM agenda_jobs WHERE name = 'billing-period-close' ORDER BY 1`);

  it('R-BIL-2 registers its jobs, reschedules the close when BILLING_DAY changes and closes through Agenda', async () => {
    const recurring = await t.sql(
      `SELECT name, repeat_interval, repeat_timezone FROM agenda_jobs
        WHERE name IN ('billing-period-check', 'invoice-overdue-check', 'order-archive', 'database-backup') ORDER BY name`,
    );
    expect(recurring).toEqual([
      { name: 'billing-period-check', repeat_interval: '7 * * * *', repeat_timezone: null },
      { name: 'database-backup', repeat_interval: '43 * * * *', repeat_timezone: null },
      { name: 'invoice-overdue-check', repeat_interval: '17 * * * *', repeat_timezone: null },
      { name: 'order-archive', repeat_interval: '30 3 * * *', repeat_timezone: 'Europe/Moscow' },
    ]);
    const firstClose = billingPeriodAt(t.clock.now(), 1, 'Europe/Moscow').end.toISOString();
    expect(await closeJobs()).toEqual([{ at: firstClose }]);

    const owner = await seedCaller(t, { role: 'OWNER' });
    await t.ok(`mutation { updateSetting(key: "BILLING_DAY", value: "15") { __typename } }`, {}, owner.as);
    const moved = billingPeriodAt(t.clock.now(), 15, 'Europe/Moscow').end.toISOString();
    const rows = await eventually(closeJobs, (r) => r.some((j) => j.at === moved));
    expect(rows.map((r) => r.at)).toContain(moved);

    // The hourly check, run now through Agenda, closes the period that ended last.
    const accountId = await seedAccount(t);
    await t.sql(`UPDATE client_account SET created_at = '2020-01-01' WHERE id = $1`, [accountId]);
    await t.system.jobs.agenda.now(BILLING_CHECK_JOB);
    const invoices = await eventually(
      () => t.sql(`SELECT account_id FROM invoice WHERE account_id = $1`, [accountId]),
      (r) => r.length > 0,
    );
    expect(invoices).toEqual([{ account_id: accountId }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM billing_period`)).toEqual([{ n: 1 }]);
  });
});

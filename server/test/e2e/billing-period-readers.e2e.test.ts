/**
 * Everything that shows "a billing period" shows the stretch the close billed or will bill (R-BIL-1),
 * also right after an owner changed BILLING_DAY: the staff dashboard's period and its SLA, and the
 * reports asked for a period (periodStart) or for nothing (the current period). The close is driven
 * through the service the billing job calls, with the harness's ManualClock; the rest through the API.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, startTestSystem, type TestSystem } from '../harness.js';
import { download, sheets } from '../reports.helpers.js';
import { seedAccount, seedCaller, seedInvoice, seedOrder, seedSetting, seedTariff } from '../seed.js';

const at = (iso: string) => new Date(iso);

const DASHBOARD = `{ dashboard(days: 1) { periodStart periodEnd sla { orders } } }`;
const ACCOUNT_ORDERS = `query ($filter: ReportFilterInput) {
  accountOrdersReport(filter: $filter) { from to totals { orders } rows { periodStart periodEnd orders } }
}`;
const PAYOUTS = `query ($filter: ReportFilterInput) { contractorPayoutReport(filter: $filter) { from to ordersClosed } }`;
const SLA = `query ($filter: ReportFilterInput) { slaReport(filter: $filter, groupBy: ACCOUNT) { from to totals { orders } } }`;
const PERIODS = `{ billingPeriods(first: 10) { nodes { periodStart periodEnd billingDay payoutCount } } }`;

describe('R-BIL-1 R-REP-1 R-REP-3 after a BILLING_DAY change, the dashboard and reports use the periods the close bills', () => {
  let t: TestSystem;
  let owner: Awaited<ReturnType<typeof seedCaller>>;

  beforeAll(async () => {
    t = await startTestSystem();
    await seedSetting(t, 'BILLING_DAY', '28');
    await seedSetting(t, 'TIMEZONE', 'UTC');
    owner = await seedCaller(t, { role: 'OWNER' });
    const accountId = await seedAccount(t, { name: 'Alpha LLC', tariffId: await seedTariff(t, { price: '100.00' }) });
    const authorId = (await seedCaller(t, { role: 'CLIENT', accountId })).id;
    const contractorId = (await seedCaller(t, { role: 'CONTRACTOR' })).id;
    const order = (createdAt: string, status: 'NEW' | 'DONE') =>
      seedOrder(t, { accountId, authorId, status, contractorId, createdAt: at(createdAt) });
    await order('2027-01-20T10:00:00Z', 'NEW'); // before billing began (calendar: Jan 1 → Jan 28 under day 1)
    await order('2027-02-10T10:00:00Z', 'DONE'); // in Jan 28 → Feb 28, billed under BILLING_DAY=28
    await order('2027-02-28T06:00:00Z', 'DONE'); // Feb 28 → Mar 1: the short transition after the change
    await order('2027-03-05T10:00:00Z', 'NEW');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const dashboard = async () => (await t.ok(DASHBOARD, {}, owner.as)).dashboard;
  const accountOrders = async (filter?: object) =>
    (await t.ok(ACCOUNT_ORDERS, { filter }, owner.as)).accountOrdersReport;
  const closed = async () => (await t.ok(PERIODS, {}, owner.as)).billingPeriods.nodes;

  it('R-BIL-1 R-REP-1 R-REP-3 BILLING_DAY 28 → 1: the period in progress runs Feb 28 → Apr 1 everywhere; the closed one keeps its bounds', async () => {
    t.clock.set(at('2027-02-28T00:00:05Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(await closed()).toEqual([
      {
        periodStart: '2027-01-28T00:00:00.000Z',
        periodEnd: '2027-02-28T00:00:00.000Z',
        billingDay: 28,
        payoutCount: 1,
      },
    ]);

    t.clock.set(at('2027-03-10T12:00:00Z'));
    await t.ok(`mutation { updateSetting(key: "BILLING_DAY", value: "1") { __typename } }`, {}, owner.as);

    // Feb 28 → Mar 1 is too short to bill alone: the next close bills Feb 28 → Apr 1 (not the calendar Mar 1 → Apr 1).
    const inProgress = { from: '2027-02-28T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
    expect(await dashboard()).toEqual({
      periodStart: inProgress.from,
      periodEnd: inProgress.to,
      sla: { orders: 2 },
    });
    expect(await accountOrders()).toEqual({
      ...inProgress,
      totals: { orders: 2 },
      rows: [{ periodStart: inProgress.from, periodEnd: inProgress.to, orders: 2 }],
    });
    expect(await accountOrders({ periodStart: inProgress.from })).toMatchObject({
      ...inProgress,
      totals: { orders: 2 },
    });
    const sla = (await t.ok(SLA, {}, owner.as)).slaReport;
    expect(sla).toEqual({ ...inProgress, totals: { orders: 2 } });

    // The closed period by its start: Jan 28 → Feb 28 as billed (not the calendar Jan 1 → Feb 1 under day 1),
    // and its payout report counts what its payout lines paid.
    const billed = { from: '2027-01-28T00:00:00.000Z', to: '2027-02-28T00:00:00.000Z' };
    expect(await accountOrders({ periodStart: billed.from })).toMatchObject({ ...billed, totals: { orders: 1 } });
    const payouts = (await t.ok(PAYOUTS, { filter: { periodStart: billed.from } }, owner.as)).contractorPayoutReport;
    expect(payouts).toEqual({ ...billed, ordersClosed: 1 });

    // A range splits at the bounds billed and to be billed; before the first close, calendar periods.
    const split = await accountOrders({ from: '2027-01-15T00:00:00Z', to: '2027-04-15T00:00:00Z' });
    expect(
      split.rows.map((r: { periodStart: string; periodEnd: string; orders: number }) => [
        r.periodStart,
        r.periodEnd,
        r.orders,
      ]),
    ).toEqual([
      ['2027-01-15T00:00:00.000Z', '2027-01-28T00:00:00.000Z', 1],
      ['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z', 1],
      ['2027-02-28T00:00:00.000Z', '2027-04-01T00:00:00.000Z', 2],
    ]);
  });

  it('R-BIL-1 R-REP-1 once closed, the period the reports showed is the one billed; the dashboard moves on to Apr 1 → May 1', async () => {
    t.clock.set(at('2027-04-01T00:00:05Z'));
    const [outcome] = await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    expect(outcome!.closed).toBe(true);
    const [last] = await closed();
    expect(last).toEqual({
      periodStart: '2027-02-28T00:00:00.000Z',
      periodEnd: '2027-04-01T00:00:00.000Z',
      billingDay: 1,
      payoutCount: 1,
    });
    expect(await accountOrders({ periodStart: last.periodStart })).toMatchObject({
      from: last.periodStart,
      to: last.periodEnd,
      totals: { orders: 2 },
    });
    const payouts = (await t.ok(PAYOUTS, { filter: { periodStart: last.periodStart } }, owner.as))
      .contractorPayoutReport;
    expect(payouts).toEqual({ from: last.periodStart, to: last.periodEnd, ordersClosed: 1 });
    expect(await dashboard()).toEqual({
      periodStart: '2027-04-01T00:00:00.000Z',
      periodEnd: '2027-05-01T00:00:00.000Z',
      sla: { orders: 0 },
    });
  });
});

describe('R-BIL-1 after a TIMEZONE change, a closed period keeps the zone its days were cut in', () => {
  let t: TestSystem;
  let owner: Awaited<ReturnType<typeof seedCaller>>;
  let contractor: Awaited<ReturnType<typeof seedCaller>>;
  // February in Moscow: [31 Jan 21:00, 28 Feb 21:00) UTC.
  const february = { from: '2031-01-31T21:00:00.000Z', to: '2031-02-28T21:00:00.000Z' };

  // February 2031 is closed under TIMEZONE Europe/Moscow (the default), then TIMEZONE becomes America/New_York.
  beforeAll(async () => {
    t = await startTestSystem();
    await seedSetting(t, 'BILLING_DAY', '1');
    owner = await seedCaller(t, { role: 'OWNER' });
    const accountId = await seedAccount(t, {
      name: 'Zone LLC',
      tariffId: await seedTariff(t, { name: 'Zone tariff', ordersPerPeriod: 10 }),
    });
    const authorId = (await seedCaller(t, { role: 'CLIENT', accountId })).id;
    contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedOrder(t, {
      accountId,
      authorId,
      status: 'DONE',
      contractorId: contractor.id,
      createdAt: at('2031-02-10T10:00:00Z'),
    });
    t.clock.set(at('2031-03-10T00:00:00Z'));
    await t.system.services.billingClose.closeDuePeriods(jobCtx(t));
    await t.ok(`mutation { updateSetting(key: "TIMEZONE", value: "America/New_York") { __typename } }`, {}, owner.as);
    // An invoice with no close on record (written by hand) is read in TIMEZONE now.
    await seedInvoice(t, { accountId, issuedAt: at('2031-03-05T00:00:00Z'), periodStart: at('2031-04-01T00:00:00Z') });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('R-BIL-1 R-BIL-2 invoices, payout lines and reports of a closed period name its own zone; the period in progress TIMEZONE now', async () => {
    const { invoices } = await t.ok(`{ invoices(first: 10) { nodes { periodStart periodTimeZone } } }`, {}, owner.as);
    expect(invoices.nodes).toEqual([
      { periodStart: '2031-04-01T00:00:00.000Z', periodTimeZone: 'America/New_York' },
      { periodStart: february.from, periodTimeZone: 'Europe/Moscow' },
    ]);
    const { payouts } = await t.ok(
      `{ payouts(first: 10) { nodes { periodStart periodTimeZone } } }`,
      {},
      contractor.as,
    );
    expect(payouts.nodes).toEqual([{ periodStart: february.from, periodTimeZone: 'Europe/Moscow' }]);

    const REPORT = `query ($filter: ReportFilterInput) { invoiceReport(filter: $filter) { from to timeZone } }`;
    expect((await t.ok(REPORT, { filter: { periodStart: february.from } }, owner.as)).invoiceReport).toEqual({
      ...february,
      timeZone: 'Europe/Moscow',
    });
    // The period in progress (from where the close ended) is read in TIMEZONE now.
    expect((await t.ok(REPORT, {}, owner.as)).invoiceReport).toMatchObject({
      from: february.to,
      timeZone: 'America/New_York',
    });
    const EARNINGS = `query ($at: DateTimeISO) { myEarnings(periodStart: $at) { from timeZone } }`;
    expect((await t.ok(EARNINGS, { at: february.from }, contractor.as)).myEarnings).toEqual({
      from: february.from,
      timeZone: 'Europe/Moscow',
    });
    expect((await t.ok(EARNINGS, {}, contractor.as)).myEarnings.timeZone).toBe('America/New_York');
  });

  it('R-BIL-1 R-REP-1 the XLSX of a closed period writes its first and last moment in the zone it was closed in', async () => {
    const res = await download(t, `/reports/account-orders.xlsx?periodStart=${february.from}`, owner.as);
    expect(res.status).toBe(200);
    // Moscow's February by its own days; read in New York (TIMEZONE now) it would start at 16:00 on 31 January.
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="account-orders-2031-02-01_2031-03-01.xlsx"',
    );
    const rows = (await sheets(res.body))['Заявки по клиентам']!;
    expect(rows.slice(1)).toEqual([
      ['2031-02-01 00:00', '2031-03-01 00:00', 'Zone LLC', 'Zone tariff', 10, 1, 0, 0, 1],
      ['Итого', null, null, null, null, 1, 0, 0, 1],
    ]);
  });
});

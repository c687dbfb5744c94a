/**
 * Reports (R-REP-1..5), their XLSX/CSV files, the dashboard and the staff lookups, read from one seeded world
 * (test/reports.helpers.ts) whose numbers are worked out by hand there.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { code } from '../orders.helpers.js';
import { seedInvoice } from '../seed.js';
import { at, seedReportWorld, type ReportWorld } from '../reports.helpers.js';

let t: TestSystem;
let w: ReportWorld;
let paidInvoice: string;

const ACCOUNT_ORDERS = `query ($filter: ReportFilterInput) {
  accountOrdersReport(filter: $filter) {
    from to totals { orders newOrders inProgress done }
    rows { periodStart periodEnd accountId accountName tariffName allowed orders newOrders inProgress done }
  }
}`;

const PAYOUTS = `query ($filter: ReportFilterInput) {
  contractorPayoutReport(filter: $filter) {
    from to ordersClosed amount rows { contractorId contractorName username rate ordersClosed amount }
  }
}`;

const SLA_FIELDS = `orders takenInTime takenLate takenInTimeShare doneInTime doneLate doneInTimeShare
  averageMinutesToTake p90MinutesToTake averageMinutesToClose p90MinutesToClose breaches`;
const SLA = `query ($filter: ReportFilterInput, $groupBy: SlaReportGroupBy!) {
  slaReport(filter: $filter, groupBy: $groupBy) {
    from to groupBy totals { ${SLA_FIELDS} } rows { groupId groupName ${SLA_FIELDS} }
  }
}`;

const STATUS_FIELDS = `total newOrders inProgress done cancelled breaches averageMinutesToComplete p90MinutesToComplete`;
const BRANCHES = `query ($filter: ReportFilterInput) {
  branchReport(filter: $filter) {
    from to totals { ${STATUS_FIELDS} }
    branches { accountName branchId branchName branchCode ${STATUS_FIELDS} }
    categories { categoryCode categoryNameRu categoryNameEn ${STATUS_FIELDS} }
    cartridges { model quantity orders }
  }
}`;

const INVOICES_FIELDS = `issued issuedAmount paid paidAmount unpaid unpaidAmount overdue overdueAmount`;
const INVOICES = `query ($filter: ReportFilterInput) {
  invoiceReport(filter: $filter) { from to totals { ${INVOICES_FIELDS} } rows { accountId accountName ${INVOICES_FIELDS} } }
}`;

const march = { from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };

beforeAll(async () => {
  t = await startTestSystem();
  w = await seedReportWorld(t);
  // Invoices: Alpha's February one is overdue at Mar 3 (7 grace days), its March one is not; Beta's is paid.
  await seedInvoice(t, { accountId: w.accountA, issuedAt: at('2027-02-01T00:00:00Z'), amount: '1000.00' });
  await seedInvoice(t, { accountId: w.accountA, issuedAt: at('2027-03-01T00:00:00Z'), amount: '1000.00' });
  paidInvoice = await seedInvoice(t, { accountId: w.accountB, issuedAt: at('2027-03-01T00:00:00Z'), amount: '700.50' });
  const paid = await t.ok(
    `mutation ($id: ID!) { markInvoicePaid(id: $id, paidOn: "2027-03-02") { __typename } }`,
    { id: paidInvoice },
    w.owner.as,
  );
  expect(paid.markInvoicePaid.__typename).toBe('Invoice');
});
afterAll(async () => {
  await t?.stop();
});

describe('R-REP-1 orders per client account per billing period', () => {
  it('R-REP-1 counts the current period’s non-cancelled orders per account, with totals', async () => {
    const r = (await t.ok(ACCOUNT_ORDERS, {}, w.manager.as)).accountOrdersReport;
    expect([r.from, r.to]).toEqual([march.from, march.to]);
    expect(r.rows).toEqual([
      {
        periodStart: march.from,
        periodEnd: march.to,
        accountId: w.accountA,
        accountName: 'Alpha LLC',
        tariffName: 'Gold',
        allowed: 10,
        orders: 3,
        newOrders: 0,
        inProgress: 1,
        done: 2,
      },
      {
        periodStart: march.from,
        periodEnd: march.to,
        accountId: w.accountB,
        accountName: 'Beta LLC',
        tariffName: 'Silver',
        allowed: null,
        orders: 2,
        newOrders: 1,
        inProgress: 0,
        done: 1,
      },
    ]);
    expect(r.totals).toEqual({ orders: 5, newOrders: 1, inProgress: 1, done: 3 });
  });

  it('R-REP-1 splits a date range into the billing periods it touches', async () => {
    const filter = { from: '2027-02-15T00:00:00Z', to: '2027-03-15T00:00:00Z' };
    const r = (await t.ok(ACCOUNT_ORDERS, { filter }, w.owner.as)).accountOrdersReport;
    expect(r.rows.map((x: any) => [x.periodStart, x.periodEnd, x.accountName, x.orders])).toEqual([
      ['2027-02-15T00:00:00.000Z', march.from, 'Alpha LLC', 1],
      [march.from, '2027-03-15T00:00:00.000Z', 'Alpha LLC', 3],
      [march.from, '2027-03-15T00:00:00.000Z', 'Beta LLC', 2],
    ]);
    expect(r.totals.orders).toBe(6);
  });

  it('R-REP-1 narrows by period, branch subtree, category, contractor and account', async () => {
    const orders = async (filter: Record<string, unknown>) =>
      (await t.ok(ACCOUNT_ORDERS, { filter }, w.owner.as)).accountOrdersReport.rows.map((x: any) => [
        x.accountName,
        x.orders,
      ]);
    expect(await orders({ periodStart: '2027-02-01T00:00:00Z' })).toEqual([['Alpha LLC', 1]]);
    expect(await orders({ branchId: w.zone })).toEqual([['Alpha LLC', 2]]);
    expect(await orders({ branchId: w.accounting })).toEqual([['Alpha LLC', 1]]);
    expect(await orders({ categoryId: w.categories.cartridge })).toEqual([['Alpha LLC', 1]]);
    expect(await orders({ contractorId: w.ivan.id })).toEqual([
      ['Alpha LLC', 1],
      ['Beta LLC', 1],
    ]);
    expect(await orders({ accountId: w.accountB })).toEqual([['Beta LLC', 2]]);
  });

  it('R-REP-1 refuses a half range with the field named', async () => {
    const r = await t.gql(ACCOUNT_ORDERS, { filter: { from: '2027-03-01T00:00:00Z' } }, w.owner.as);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('filter.to');
  });
});

describe('R-REP-2 contractor payouts', () => {
  it('R-REP-2 orders closed DONE in the period × the rate stored on each, per contractor and rate', async () => {
    const r = (await t.ok(PAYOUTS, {}, w.owner.as)).contractorPayoutReport;
    expect(r.rows).toEqual([
      {
        contractorId: w.ivan.id,
        contractorName: 'Ivan Petrov',
        username: 'ivan_petrov',
        rate: '500.00',
        ordersClosed: 1,
        amount: '500.00',
      },
      {
        contractorId: w.ivan.id,
        contractorName: 'Ivan Petrov',
        username: 'ivan_petrov',
        rate: '650.00',
        ordersClosed: 1,
        amount: '650.00',
      },
      {
        contractorId: w.olga.id,
        contractorName: 'Olga Sidorova',
        username: null,
        rate: '500.00',
        ordersClosed: 1,
        amount: '500.00',
      },
    ]);
    expect([r.ordersClosed, r.amount]).toEqual([3, '1650.00']);
    const feb = (await t.ok(PAYOUTS, { filter: { periodStart: '2027-02-01T00:00:00Z' } }, w.owner.as))
      .contractorPayoutReport;
    expect(feb.rows.map((x: any) => [x.contractorName, x.rate, x.ordersClosed])).toEqual([
      ['Ivan Petrov', '500.00', 1],
    ]);
    const olga = (await t.ok(PAYOUTS, { filter: { contractorId: w.olga.id } }, w.owner.as)).contractorPayoutReport;
    expect([olga.ordersClosed, olga.amount]).toEqual([1, '500.00']);
  });

  it('R-REP-2 myEarnings: a contractor sees only their own, this period or another', async () => {
    const EARNINGS = `query ($p: DateTimeISO) { myEarnings(periodStart: $p) { from ordersClosed amount rows { contractorId rate } } }`;
    const mine = (await t.ok(EARNINGS, {}, w.ivan.as)).myEarnings;
    expect([mine.from, mine.ordersClosed, mine.amount]).toEqual([march.from, 2, '1150.00']);
    expect(new Set(mine.rows.map((x: any) => x.contractorId))).toEqual(new Set([w.ivan.id]));
    const feb = (await t.ok(EARNINGS, { p: '2027-02-01T00:00:00Z' }, w.olga.as)).myEarnings;
    expect([feb.ordersClosed, feb.amount, feb.rows]).toEqual([0, '0.00', []]);
    expect(code(await t.gql(EARNINGS, {}, w.manager.as))).toBe('FORBIDDEN');
  });
});

describe('R-REP-3 SLA report', () => {
  const empty = {
    orders: 1,
    takenInTime: 0,
    takenLate: 0,
    takenInTimeShare: null,
    doneInTime: 0,
    doneLate: 0,
    doneInTimeShare: null,
    averageMinutesToTake: null,
    p90MinutesToTake: null,
    averageMinutesToClose: null,
    p90MinutesToClose: null,
    breaches: 0,
  };

  it('R-REP-3 by account: shares in time, average and 90th percentile times, breaches, and totals', async () => {
    const r = (await t.ok(SLA, { groupBy: 'ACCOUNT' }, w.manager.as)).slaReport;
    expect(r.rows).toEqual([
      {
        groupId: w.accountA,
        groupName: 'Alpha LLC',
        orders: 3,
        takenInTime: 2,
        takenLate: 1,
        takenInTimeShare: 0.6667,
        doneInTime: 1,
        doneLate: 2,
        doneInTimeShare: 0.3333,
        averageMinutesToTake: 43.33,
        p90MinutesToTake: 78,
        averageMinutesToClose: 135,
        p90MinutesToClose: 171,
        breaches: 2,
      },
      {
        groupId: w.accountB,
        groupName: 'Beta LLC',
        orders: 2,
        takenInTime: 1,
        takenLate: 0,
        takenInTimeShare: 1,
        doneInTime: 1,
        doneLate: 0,
        doneInTimeShare: 1,
        averageMinutesToTake: 20,
        p90MinutesToTake: 20,
        averageMinutesToClose: 60,
        p90MinutesToClose: 60,
        breaches: 0,
      },
    ]);
    expect(r.totals).toEqual({
      orders: 5,
      takenInTime: 3,
      takenLate: 1,
      takenInTimeShare: 0.75,
      doneInTime: 2,
      doneLate: 2,
      doneInTimeShare: 0.5,
      averageMinutesToTake: 37.5,
      p90MinutesToTake: 72,
      averageMinutesToClose: 110,
      p90MinutesToClose: 162,
      breaches: 2,
    });
  });

  it('R-REP-3 by contractor, with the orders nobody took as the last group', async () => {
    const r = (await t.ok(SLA, { groupBy: 'CONTRACTOR' }, w.owner.as)).slaReport;
    expect(r.rows.map((x: any) => [x.groupName, x.orders, x.takenInTime, x.takenLate, x.doneLate, x.breaches])).toEqual(
      [
        ['Ivan Petrov', 2, 2, 0, 0, 0],
        ['Olga Sidorova', 2, 1, 1, 2, 2],
        [null, 1, 0, 0, 0, 0],
      ],
    );
    expect(r.rows[0]).toMatchObject({ averageMinutesToTake: 25, p90MinutesToTake: 29, p90MinutesToClose: 87 });
    expect(r.rows[1]).toMatchObject({ p90MinutesToTake: 82, doneInTimeShare: 0 });
    expect(r.rows[2]).toEqual({ groupId: null, groupName: null, ...empty });
  });

  it('R-REP-3 by tariff and by branch, narrowed by category', async () => {
    const byTariff = (await t.ok(SLA, { groupBy: 'TARIFF' }, w.owner.as)).slaReport.rows;
    expect(byTariff.map((x: any) => [x.groupName, x.orders, x.breaches])).toEqual([
      ['Gold', 3, 2],
      ['Silver', 2, 0],
    ]);
    const byBranch = (await t.ok(SLA, { groupBy: 'BRANCH' }, w.owner.as)).slaReport.rows;
    expect(byBranch.map((x: any) => [x.groupName, x.orders])).toEqual([
      ['Accounting', 1],
      ['Central office', 1],
      [null, 3],
    ]);
    const itHelp = (await t.ok(SLA, { groupBy: 'ACCOUNT', filter: { categoryId: w.categories.itHelp } }, w.owner.as))
      .slaReport;
    expect([itHelp.totals.orders, itHelp.totals.takenLate, itHelp.totals.breaches]).toEqual([3, 0, 1]);
  });
});

describe('R-REP-4 branch report', () => {
  it('R-REP-4 orders by status per branch and category, cartridges by model, completion times, breaches', async () => {
    const r = (await t.ok(BRANCHES, {}, w.manager.as)).branchReport;
    const figures = (x: any) => [x.total, x.newOrders, x.inProgress, x.done, x.cancelled, x.breaches];
    expect(r.branches.map((x: any) => [x.accountName, x.branchName, x.branchCode, ...figures(x)])).toEqual([
      ['Alpha LLC', 'Accounting', null, 1, 0, 0, 1, 0, 0],
      ['Alpha LLC', 'Central office', 'CO', 1, 0, 0, 1, 0, 1],
      ['Alpha LLC', null, null, 1, 0, 1, 0, 0, 1],
      ['Beta LLC', null, null, 3, 1, 0, 1, 1, 0],
    ]);
    expect(r.branches.map((x: any) => x.averageMinutesToComplete)).toEqual([90, 180, null, 60]);
    expect(r.categories.map((x: any) => [x.categoryCode, ...figures(x)])).toEqual([
      ['IT_HELP', 3, 0, 1, 2, 0, 1],
      ['CARTRIDGE', 2, 0, 0, 1, 1, 1],
      ['REPAIR', 1, 1, 0, 0, 0, 0],
    ]);
    expect([r.categories[0].averageMinutesToComplete, r.categories[0].p90MinutesToComplete]).toEqual([75, 87]);
    expect(r.cartridges).toEqual([
      { model: 'HP 85A', quantity: 2, orders: 1 },
      { model: 'Canon 725', quantity: 1, orders: 1 },
    ]);
    expect(r.totals).toEqual({
      total: 6,
      newOrders: 1,
      inProgress: 1,
      done: 3,
      cancelled: 1,
      breaches: 2,
      averageMinutesToComplete: 110,
      p90MinutesToComplete: 162,
    });
  });

  it('R-REP-4 a zone’s report holds its whole subtree and nothing else', async () => {
    const r = (await t.ok(BRANCHES, { filter: { branchId: w.zone } }, w.owner.as)).branchReport;
    expect(r.branches.map((x: any) => x.branchName)).toEqual(['Accounting', 'Central office']);
    expect(r.totals.total).toBe(2);
    expect(r.cartridges.map((x: any) => x.model)).toEqual(['HP 85A', 'Canon 725']);
  });
});

describe('R-REP-5 invoice report', () => {
  it('R-REP-5 issued, paid, unpaid and overdue invoices with amounts, per account', async () => {
    const filter = { from: '2027-02-01T00:00:00Z', to: '2027-04-01T00:00:00Z' };
    const r = (await t.ok(INVOICES, { filter }, w.owner.as)).invoiceReport;
    expect(r.rows).toEqual([
      {
        accountId: w.accountA,
        accountName: 'Alpha LLC',
        issued: 2,
        issuedAmount: '2000.00',
        paid: 0,
        paidAmount: '0.00',
        unpaid: 2,
        unpaidAmount: '2000.00',
        overdue: 1,
        overdueAmount: '1000.00',
      },
      {
        accountId: w.accountB,
        accountName: 'Beta LLC',
        issued: 1,
        issuedAmount: '700.50',
        paid: 1,
        paidAmount: '700.50',
        unpaid: 0,
        unpaidAmount: '0.00',
        overdue: 0,
        overdueAmount: '0.00',
      },
    ]);
    expect(r.totals).toEqual({
      issued: 3,
      issuedAmount: '2700.50',
      paid: 1,
      paidAmount: '700.50',
      unpaid: 2,
      unpaidAmount: '2000.00',
      overdue: 1,
      overdueAmount: '1000.00',
    });
    const current = (await t.ok(INVOICES, { filter: { accountId: w.accountA } }, w.owner.as)).invoiceReport;
    expect(current.rows.map((x: any) => [x.accountName, x.issued, x.overdue])).toEqual([['Alpha LLC', 1, 0]]);
  });

  it('R-REP-5 refuses filters that do not apply to invoices', async () => {
    const r = await t.gql(INVOICES, { filter: { branchId: w.office } }, w.owner.as);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('filter.branchId');
  });
});

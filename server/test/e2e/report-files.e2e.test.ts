/**
 * Report files (R-REP-1..5 exported as XLSX and CSV) and who may read reports: a file holds exactly the rows
 * its query returns for the same filter, and both refuse the same callers.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { apiKeyCaller, code } from '../orders.helpers.js';
import { download, seedReportWorld, sheets, type ReportWorld } from '../reports.helpers.js';

let t: TestSystem;
let w: ReportWorld;

const csvLines = (body: Buffer) => {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(1, -2).split('\r\n');
};

beforeAll(async () => {
  t = await startTestSystem();
  w = await seedReportWorld(t);
});
afterAll(async () => {
  await t?.stop();
});

describe('R-REP-1..5 report files', () => {
  it('R-REP-1 the XLSX opens and has the query’s rows for the same filter, then the totals', async () => {
    const filter = { from: '2027-02-15T00:00:00.000Z', to: '2027-03-15T00:00:00.000Z' };
    const query = await t.ok(
      `query ($filter: ReportFilterInput) { accountOrdersReport(filter: $filter) {
        totals { orders newOrders inProgress done }
        rows { periodStart periodEnd accountName tariffName allowed orders newOrders inProgress done } } }`,
      { filter },
      w.owner.as,
    );
    const res = await download(t, `/reports/account-orders.xlsx?from=${filter.from}&to=${filter.to}`, w.owner.as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="account-orders-2027-02-15_2027-03-15.xlsx"',
    );
    const wall = (iso: string) => iso.slice(0, 16).replace('T', ' ');
    const { rows, totals } = query.accountOrdersReport;
    expect(await sheets(res.body)).toEqual({
      'Заявки по клиентам': [
        [
          'Начало периода',
          'Конец периода',
          'Клиент',
          'Тариф',
          'Лимит заявок',
          'Заявок',
          'Новых',
          'В работе',
          'Выполнено',
        ],
        ...rows.map((r: any) => [
          wall(r.periodStart),
          wall(r.periodEnd),
          r.accountName,
          r.tariffName,
          r.allowed,
          r.orders,
          r.newOrders,
          r.inProgress,
          r.done,
        ]),
        ['Итого', null, null, null, null, totals.orders, totals.newOrders, totals.inProgress, totals.done],
      ],
    });
    expect(rows).toHaveLength(3);
  });

  it('R-REP-2 the CSV is RFC 4180 with a BOM, in English when asked, amounts as the query gives them', async () => {
    const query = (
      await t.ok(
        `{ contractorPayoutReport { ordersClosed amount rows { contractorName rate ordersClosed amount } } }`,
        {},
        w.owner.as,
      )
    ).contractorPayoutReport;
    const res = await download(t, '/reports/contractor-payouts.csv?language=en', w.owner.as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvLines(res.body)).toEqual([
      'Contractor,Telegram,"Rate, RUB",Orders closed,"Amount, RUB"',
      ...query.rows.map(
        (r: any) =>
          `${r.contractorName},${r.contractorName === 'Ivan Petrov' ? '@ivan_petrov' : ''},${r.rate},${r.ordersClosed},${r.amount}`,
      ),
      `Total,,,${query.ordersClosed},${query.amount}`,
    ]);
    expect(query.rows).toHaveLength(3);
  });

  it('R-REP-3 the SLA file groups as asked, percentages from the shares', async () => {
    const res = await download(t, '/reports/sla.csv?groupBy=contractor&language=en', w.manager.as);
    expect(res.status).toBe(200);
    const lines = csvLines(res.body);
    expect(lines[0]!.split(',').slice(0, 5)).toEqual([
      'Contractor',
      'Orders',
      'Taken in time',
      'Taken late',
      '% taken in time',
    ]);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      'Ivan Petrov,2,2,0,100',
      'Olga Sidorova,2,1,1,50',
      'Not taken,1,0,0,',
      'Total,5,3,1,75',
    ]);
  });

  it('R-REP-4 the XLSX holds one sheet per table; a CSV picks its table', async () => {
    const xlsx = await sheets((await download(t, `/reports/branches.xlsx?branchId=${w.zone}`, w.owner.as)).body);
    expect(Object.keys(xlsx)).toEqual(['Филиалы', 'Категории', 'Картриджи']);
    expect(xlsx['Филиалы']!.map((r) => r.slice(0, 4))).toEqual([
      ['Клиент', 'Филиал', 'Код', 'Всего заявок'],
      ['Alpha LLC', 'Accounting', null, 1],
      ['Alpha LLC', 'Central office', 'CO', 1],
      ['Итого', null, null, 2],
    ]);
    expect(xlsx['Картриджи']).toEqual([
      ['Модель картриджа', 'Количество', 'Заявок'],
      ['HP 85A', 2, 1],
      ['Canon 725', 1, 1],
    ]);
    const csv = await download(t, '/reports/branches.csv?table=cartridges', w.owner.as);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="branches-2027-03-01_2027-04-01-cartridges.csv"',
    );
    expect(csvLines(csv.body)).toEqual(['Модель картриджа,Количество,Заявок', 'HP 85A,2,1', 'Canon 725,1,1']);
    const bad = await download(t, '/reports/branches.csv?table=nope', w.owner.as);
    expect(bad.status).toBe(400);
  });

  it('R-REP-5 the invoice file via an API key with billing:read', async () => {
    const key = await apiKeyCaller(t, ['BILLING_READ']);
    const res = await download(t, '/reports/invoices.csv?language=en', key);
    expect(res.status).toBe(200);
    expect(csvLines(res.body)[0]).toBe(
      'Client account,Issued,"Issued, RUB",Paid,"Paid, RUB",Unpaid,"Unpaid, RUB",Overdue,"Overdue, RUB"',
    );
    expect(csvLines(res.body).at(-1)).toBe('Total,0,0.00,0,0.00,0,0.00,0,0.00');
  });

  it('R-REP-1 a bad filter, an unknown report or format answers an error, not a file', async () => {
    const half = await download(t, '/reports/account-orders.csv?from=2027-03-01T00:00:00Z', w.owner.as);
    expect([half.status, JSON.parse(half.body.toString()).errors[0].extensions]).toEqual([
      400,
      { code: 'BAD_USER_INPUT', field: 'filter.to' },
    ]);
    expect((await download(t, '/reports/account-orders.pdf', w.owner.as)).status).toBe(404);
    expect((await download(t, '/reports/nothing.csv', w.owner.as)).status).toBe(404);
    expect((await download(t, '/reports/sla.csv?groupBy=planet', w.owner.as)).status).toBe(400);
  });
});

describe('R-REP-1..5 who may read reports', () => {
  const REPORT_QUERIES = {
    accountOrdersReport: '{ accountOrdersReport { from } }',
    contractorPayoutReport: '{ contractorPayoutReport { from } }',
    slaReport: '{ slaReport(groupBy: ACCOUNT) { from } }',
    branchReport: '{ branchReport { from } }',
    invoiceReport: '{ invoiceReport { from } }',
    dashboard: '{ dashboard { asOf } }',
  };
  const FILES = ['account-orders', 'contractor-payouts', 'sla', 'branches', 'invoices'];

  it('R-REP-1..5 a client and a contractor are refused every report, as queries and as files', async () => {
    for (const as of [w.client.as, w.ivan.as]) {
      for (const query of Object.values(REPORT_QUERIES)) expect(code(await t.gql(query, {}, as))).toBe('FORBIDDEN');
      for (const file of FILES) {
        const res = await download(t, `/reports/${file}.xlsx`, as);
        expect([file, res.status, JSON.parse(res.body.toString()).errors[0].extensions.code]).toEqual([
          file,
          403,
          'FORBIDDEN',
        ]);
      }
    }
    const res = await download(t, '/reports/sla.csv', anonymous);
    expect(res.status).toBe(401);
  });

  it('R-REP-1..5 API keys read the reports of their scope only: orders:read or billing:read', async () => {
    const orders: Caller = await apiKeyCaller(t, ['ORDERS_READ']);
    const billing: Caller = await apiKeyCaller(t, ['BILLING_READ']);
    const allowed = async (as: Caller) => {
      const out: string[] = [];
      for (const [name, query] of Object.entries(REPORT_QUERIES))
        if (!(await t.gql(query, {}, as)).errors) out.push(name);
      return out;
    };
    expect(await allowed(orders)).toEqual(['accountOrdersReport', 'slaReport', 'branchReport', 'dashboard']);
    expect(await allowed(billing)).toEqual(['contractorPayoutReport', 'invoiceReport']);
    expect((await download(t, '/reports/contractor-payouts.csv', orders)).status).toBe(403);
    expect((await download(t, '/reports/branches.csv', orders)).status).toBe(200);
  });
});

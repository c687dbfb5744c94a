import { render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { layOutChartsInHappyDom, yTickLabels, yTicks } from '../../../test/support/fake-canvas';
import { tableToCsv } from '../../components/table-export';
import { setLang } from '../../i18n/i18n';
import { accountOrdersTable, branchTable, contractorPayoutTable, invoiceTable, slaTable } from './report-tables';
import type { ReportTable } from './report-tables';
import { ReportView } from './report-view';

layOutChartsInHappyDom();
afterEach(() => setLang('ru'));

// Small figures, as in a quiet period: one order, one breach, 1 ₽, a 1 % share.
const span = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', timeZone: 'UTC' };
const orders = { orders: 1, newOrders: 0, inProgress: 0, done: 1 };
const sla = {
  orders: 1,
  takenInTime: 0,
  takenInTimeShare: 0.01,
  doneInTime: 0,
  doneInTimeShare: 0,
  averageMinutesToTake: null,
  p90MinutesToTake: null,
  averageMinutesToClose: null,
  p90MinutesToClose: null,
  breaches: 1,
};
const invoices = {
  issued: 1,
  issuedAmount: '1.00',
  paid: 0,
  paidAmount: '0.00',
  unpaid: 1,
  unpaidAmount: '1.00',
  overdue: 0,
  overdueAmount: '0.00',
};

const reports: Record<string, () => ReportTable> = {
  'R-REP-1 orders per account': () =>
    accountOrdersTable({
      ...span,
      rows: [
        {
          ...orders,
          accountId: 'a1',
          accountName: 'Romashka',
          tariffName: 'Basic',
          periodStart: span.from,
          allowed: 3,
        },
      ],
      totals: orders,
    }),
  'R-REP-2 contractor payouts': () =>
    contractorPayoutTable({
      ...span,
      ordersClosed: 1,
      amount: '1.00',
      rows: [
        { contractorId: 'c1', contractorName: 'Ivan', username: null, ordersClosed: 1, rate: '1.00', amount: '1.00' },
      ],
    }),
  'R-REP-3 SLA shares': () =>
    slaTable({ ...span, rows: [{ ...sla, groupId: 'a1', groupName: 'Romashka' }], totals: sla }),
  'R-REP-4 orders and breaches per branch': () =>
    branchTable({
      ...span,
      branches: [
        {
          accountName: 'Romashka',
          branchName: 'Office',
          total: 1,
          newOrders: 0,
          inProgress: 0,
          done: 1,
          cancelled: 0,
          breaches: 1,
          averageMinutesToComplete: 30,
          p90MinutesToComplete: 30,
        },
      ],
      cartridges: [],
    }),
  'R-REP-5 invoice amounts': () =>
    invoiceTable({ ...span, rows: [{ ...invoices, accountId: 'a1', accountName: 'Romashka' }], totals: invoices }),
};

function chartTicks(report: string): number[] {
  const { container } = render(() => <ReportView table={reports[report]!()} fileName="report" title={report} />);
  const ticks = yTicks(container);
  expect(ticks.length).toBeGreaterThan(1);
  return ticks;
}

describe('report charts', () => {
  it.each(['R-REP-1 orders per account', 'R-REP-4 orders and breaches per branch'])(
    '%s: a chart of counts ticks whole numbers only (one order showed 0,5 and 1,5)',
    (report) => {
      expect(chartTicks(report).every(Number.isInteger)).toBe(true);
    },
  );

  it.each(['R-REP-2 contractor payouts', 'R-REP-3 SLA shares', 'R-REP-5 invoice amounts'])(
    '%s: a chart of money or shares keeps its fractional ticks',
    (report) => {
      expect(chartTicks(report).some((v) => !Number.isInteger(v))).toBe(true);
    },
  );
});

describe('report chart of shares', () => {
  it('R-REP-3: the SLA chart ticks its shares as percentages', () => {
    const { container } = render(() => (
      <ReportView table={reports['R-REP-3 SLA shares']!()} fileName="report" title="SLA" />
    ));
    const labels = yTickLabels(container);
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.every((label) => label.endsWith('%'))).toBe(true);
  });

  it.each(['R-REP-1 orders per account', 'R-REP-2 contractor payouts', 'R-REP-5 invoice amounts'])(
    '%s: a chart of counts or money has no % on its ticks',
    (report) => {
      const { container } = render(() => <ReportView table={reports[report]!()} fileName="report" title={report} />);
      expect(yTickLabels(container).some((label) => label.includes('%'))).toBe(false);
    },
  );
});

/** The table's body as the user reads it, every kind of space (grouping, before ₽ and %) written as one. */
function cellsOnScreen(table: ReportTable): string[][] {
  const { container } = render(() => <ReportView table={table} fileName="report" title="report" />);
  return [...container.querySelectorAll('table.report-table tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s/g, ' ')),
  );
}

describe('report tables on screen', () => {
  const payouts = () =>
    contractorPayoutTable({
      ...span,
      ordersClosed: 1203,
      amount: '601500.00',
      rows: [
        { contractorId: 'c1', contractorName: 'Ivan', username: null, ordersClosed: 3, rate: '500', amount: '1500.00' },
        {
          contractorId: 'c2',
          contractorName: 'Olga',
          username: null,
          ordersClosed: 1200,
          rate: '500.00',
          amount: '600000.00',
        },
      ],
    });

  it('R-REP-2 shows rates and amounts as money and counts with grouping, the unit in the header only, in the panel’s language', () => {
    expect(cellsOnScreen(payouts())).toEqual([
      ['Ivan', '3', '500,00', '1 500,00'],
      ['Olga', '1 200', '500,00', '600 000,00'],
      ['Итого', '1 203', '—', '601 500,00'],
    ]);
    setLang('en');
    expect(cellsOnScreen(payouts())[2]).toEqual(['Total', '1,203', '—', '601,500.00']);
  });

  it('R-REP-2 the CSV export keeps the plain figures a spreadsheet reads as numbers', () => {
    expect(tableToCsv(payouts()).split('\r\n').slice(1, 4)).toEqual([
      'Ivan,3,500,1500',
      'Olga,1200,500,600000',
      'Итого,1203,,601500',
    ]);
  });

  it('R-REP-3 shows shares, times and counts with grouping in the panel’s language, the unit in the header only', () => {
    const figures = {
      orders: 1500,
      takenInTime: 1125,
      takenInTimeShare: 0.75,
      doneInTime: 500,
      doneInTimeShare: 0.3333,
      averageMinutesToTake: 12.345,
      p90MinutesToTake: 1440,
      averageMinutesToClose: null,
      p90MinutesToClose: null,
      breaches: 1000,
    };
    const table = () =>
      slaTable({ ...span, rows: [{ ...figures, groupId: 'a1', groupName: 'Romashka' }], totals: figures });
    expect(cellsOnScreen(table())[0]).toEqual(['Romashka', '1 500', '75', '33,3', '12,3', '1 440', '—', '—', '1 000']);
    setLang('en');
    expect(cellsOnScreen(table())[0]).toEqual(['Romashka', '1,500', '75', '33.3', '12.3', '1,440', '—', '—', '1,000']);
  });

  it('R-REP-4 shows completion times in minutes, and a cartridge model’s quantity as a count, not a time', () => {
    const rows = cellsOnScreen(
      branchTable({
        ...span,
        branches: [
          {
            accountName: 'Romashka',
            branchName: 'Office',
            total: 2,
            newOrders: 0,
            inProgress: 0,
            done: 2,
            cancelled: 0,
            breaches: 0,
            averageMinutesToComplete: 90.25,
            p90MinutesToComplete: 1500,
          },
        ],
        cartridges: [{ model: 'HP 85A', orders: 2, quantity: 1200 }],
      }),
    );
    expect(rows).toEqual([
      ['Romashka', 'Office', '2', '0', '0', '2', '0', '0', '90,3', '1 500'],
      ['Картридж', 'HP 85A', '2', '—', '—', '—', '—', '—', '—', '1 200'],
    ]);
  });

  it('R-REP-5 shows invoice amounts as money and invoice counts as whole numbers', () => {
    const figures = {
      issued: 1001,
      issuedAmount: '1500500.50',
      paid: 1000,
      paidAmount: '1500000.00',
      unpaid: 1,
      unpaidAmount: '500.50',
      overdue: 0,
      overdueAmount: '0.00',
    };
    const rows = cellsOnScreen(
      invoiceTable({ ...span, rows: [{ ...figures, accountId: 'a1', accountName: 'Romashka' }], totals: figures }),
    );
    expect(rows[0]).toEqual(['Romashka', '1 001', '1 500 500,50', '1 000', '1 500 000,00', '1', '500,50', '0', '0,00']);
    expect(rows[1]![0]).toBe('Итого');
  });
});

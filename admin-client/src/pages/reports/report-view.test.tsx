import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { layOutChartsInHappyDom, yTicks } from '../../../test/support/fake-canvas';
import { accountOrdersTable, branchTable, contractorPayoutTable, invoiceTable, slaTable } from './report-tables';
import type { ReportTable } from './report-tables';
import { ReportView } from './report-view';

layOutChartsInHappyDom();

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

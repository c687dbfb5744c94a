import { afterEach, describe, expect, it } from 'vitest';
import { setTimeZone } from '../../i18n/i18n';
import { accountOrdersTable, contractorPayoutTable, slaTable } from './report-tables';

afterEach(() => setTimeZone(undefined));

describe('report tables', () => {
  it('R-REP-1 R-BIL-1 names each row’s period by its first day in the report’s zone, not TIMEZONE now', () => {
    // February 2031 closed in Moscow ([31 Jan 21:00, 28 Feb 21:00) UTC); TIMEZONE is New York now.
    setTimeZone('America/New_York');
    const counts = { orders: 3, newOrders: 1, inProgress: 1, done: 1 };
    const table = accountOrdersTable({
      from: '2031-01-31T21:00:00.000Z',
      to: '2031-02-28T21:00:00.000Z',
      timeZone: 'Europe/Moscow',
      rows: [
        {
          ...counts,
          accountId: 'a1',
          accountName: 'Romashka',
          tariffName: 'Basic',
          periodStart: '2031-01-31T21:00:00.000Z',
          allowed: 10,
        },
      ],
      totals: counts,
    });
    expect(table.rows).toEqual([
      ['Romashka', 'Basic', '01.02.2031', 3, 10, 1, 1, 1],
      ['Итого', null, null, 3, null, 1, 1, 1],
    ]);
  });

  it('R-REP-2 lists each contractor’s orders, rate and amount, then the totals', () => {
    const table = contractorPayoutTable({
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      timeZone: 'UTC',
      ordersClosed: 5,
      amount: '2500.00',
      rows: [
        {
          contractorId: 'c1',
          contractorName: 'Ivan',
          username: 'ivan',
          ordersClosed: 3,
          rate: '500.00',
          amount: '1500.00',
        },
        {
          contractorId: 'c2',
          contractorName: 'Olga',
          username: null,
          ordersClosed: 2,
          rate: '500.00',
          amount: '1000.00',
        },
      ],
    });
    expect(table.columns).toHaveLength(4);
    expect(table.rows).toEqual([
      ['Ivan', 3, 500, 1500],
      ['Olga', 2, 500, 1000],
      ['Итого', 5, null, 2500],
    ]);
    expect(table.chart).toEqual({ labels: ['Ivan', 'Olga'], series: [{ label: 'Сумма, ₽', values: [1500, 1000] }] });
  });

  it('R-REP-3 shows shares as percentages and keeps missing times empty', () => {
    const figures = {
      orders: 4,
      takenInTime: 3,
      takenInTimeShare: 0.75,
      doneInTime: 1,
      doneInTimeShare: 0.3333,
      averageMinutesToTake: 12.345,
      p90MinutesToTake: 20,
      averageMinutesToClose: null,
      p90MinutesToClose: null,
      breaches: 1,
    };
    const table = slaTable({
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      timeZone: 'UTC',
      rows: [{ ...figures, groupId: 'a1', groupName: 'Romashka' }],
      totals: figures,
    });
    expect(table.rows[0]).toEqual(['Romashka', 4, 75, 33.3, 12.3, 20, null, null, 1]);
    expect(table.rows[1]![0]).toBe('Итого');
  });
});

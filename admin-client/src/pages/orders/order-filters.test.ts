import { describe, expect, it } from 'vitest';
import { toOrderFilter, toOrderSort } from './order-filters';

describe('orders page filters', () => {
  it('maps address-bar filters to the API filter, keeping only known statuses', () => {
    expect(
      toOrderFilter(
        {
          status: 'NEW,BOGUS,IN_PROGRESS',
          category: 'c1',
          account: 'a1',
          archived: '1',
          q: ' 2026-000001 ',
        },
        'Europe/Moscow',
      ),
    ).toEqual({
      statuses: ['NEW', 'IN_PROGRESS'],
      categoryIds: ['c1'],
      accountId: 'a1',
      archived: true,
      search: '2026-000001',
    });
  });

  it('includes the whole last day of the period', () => {
    expect(toOrderFilter({ from: '2026-03-01', to: '2026-03-01' }, 'Europe/Moscow')).toEqual({
      createdFrom: '2026-02-28T21:00:00.000Z',
      createdTo: '2026-03-01T21:00:00.000Z',
    });
  });

  it('R-BIL-1 reads the days in the zone the panel shows times in (TIMEZONE), not the browser’s', () => {
    expect(toOrderFilter({ from: '2026-03-01', to: '2026-03-02' }, 'Asia/Tokyo')).toEqual({
      createdFrom: '2026-02-28T15:00:00.000Z',
      createdTo: '2026-03-02T15:00:00.000Z',
    });
    expect(toOrderFilter({ from: '2026-03-01' }, 'America/New_York')).toEqual({
      createdFrom: '2026-03-01T05:00:00.000Z',
    });
  });

  it('ignores malformed dates and empty values', () => {
    expect(toOrderFilter({ from: 'yesterday', status: '', q: '  ' }, 'UTC')).toEqual({});
    expect(toOrderFilter({ from: 'yesterday', to: '2026-3-1' }, 'Europe/Moscow')).toEqual({});
  });

  it('at risk means what the dashboard counts: warned and not breached; with "breached" too, the breached open ones', () => {
    expect(toOrderFilter({ atRisk: '1' }, 'Europe/Moscow')).toEqual({ atRisk: true, breached: false });
    expect(toOrderFilter({ atRisk: '1', breached: '1' }, 'Europe/Moscow')).toEqual({ atRisk: true, breached: true });
  });

  it('reads the sort order from the address bar, newest first when absent or unknown', () => {
    expect(toOrderSort({ sort: 'DUE_SOONEST' })).toBe('DUE_SOONEST');
    expect(toOrderSort({ sort: 'OLDEST_FIRST' })).toBe('OLDEST_FIRST');
    expect(toOrderSort({ sort: 'BOGUS' })).toBe('NEWEST_FIRST');
    expect(toOrderSort({})).toBe('NEWEST_FIRST');
  });
});

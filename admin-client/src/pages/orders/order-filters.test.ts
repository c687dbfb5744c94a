import { describe, expect, it } from 'vitest';
import { toOrderFilter } from './order-filters';

describe('orders page filters', () => {
  it('maps address-bar filters to the API filter, keeping only known statuses', () => {
    expect(
      toOrderFilter({
        status: 'NEW,BOGUS,IN_PROGRESS',
        category: 'c1',
        account: 'a1',
        archived: '1',
        q: ' 2026-000001 ',
      }),
    ).toEqual({
      statuses: ['NEW', 'IN_PROGRESS'],
      categoryIds: ['c1'],
      accountId: 'a1',
      archived: true,
      search: '2026-000001',
    });
  });

  it('includes the whole last day of the period', () => {
    const f = toOrderFilter({ from: '2026-03-01', to: '2026-03-01' });
    expect(new Date(f.createdTo!).getTime() - new Date(f.createdFrom!).getTime()).toBe(24 * 3600 * 1000);
    expect(new Date(f.createdFrom!).getHours()).toBe(0);
  });

  it('ignores malformed dates and empty values', () => {
    expect(toOrderFilter({ from: 'yesterday', status: '', q: '  ' })).toEqual({});
  });
});

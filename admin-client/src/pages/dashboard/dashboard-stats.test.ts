import { describe, expect, it } from 'vitest';
import { atRisk } from './dashboard-stats';

describe('dashboard at-risk list', () => {
  it('ranks open orders by their next deadline: take-by while NEW, the estimate while in progress (R-SLA-4)', () => {
    const orders = [
      { id: 'a', status: 'NEW', reactionDueAt: '2026-01-01T12:00:00Z' },
      { id: 'b', status: 'IN_PROGRESS', reactionDueAt: '2026-01-01T09:00:00Z', workDueAt: '2026-01-01T15:00:00Z' },
      { id: 'c', status: 'NEW', reactionDueAt: '2026-01-01T10:00:00Z' },
    ];
    expect(atRisk(orders).map((o) => o.id)).toEqual(['c', 'a', 'b']);
    expect(atRisk(orders, 1).map((o) => o.id)).toEqual(['c']);
  });
});

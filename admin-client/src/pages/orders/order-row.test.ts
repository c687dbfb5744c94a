import { describe, expect, it } from 'vitest';
import { dueOf } from './order-row';

describe('R-SLA-4 the due column: the moment an open order must next meet', () => {
  const order = { reactionDueAt: '2026-03-02T10:00:00.000Z', workDueAt: '2026-03-02T15:00:00.000Z' };
  it('is the take deadline while NEW and the estimate’s end while IN_PROGRESS', () => {
    expect(dueOf({ ...order, status: 'NEW' })).toEqual({ kind: 'take', at: order.reactionDueAt });
    expect(dueOf({ ...order, status: 'IN_PROGRESS' })).toEqual({ kind: 'work', at: order.workDueAt });
  });
  it('falls back to the take deadline in progress without an estimate, and is none once closed', () => {
    expect(dueOf({ ...order, workDueAt: null, status: 'IN_PROGRESS' })).toEqual({
      kind: 'work',
      at: order.reactionDueAt,
    });
    for (const status of ['DONE', 'CANCELLED'] as const) expect(dueOf({ ...order, status })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { orderLimitRefusal, overdueIssuedBefore, type OrderLimitFacts } from '../order-limits.js';

const now = new Date('2025-03-20T12:00:00Z');
const DAY = 86_400_000;
const ok: OrderLimitFacts = { accountActive: true, overdueInvoice: null, used: 1, allowed: 5, open: 0, maxOpen: 3 };

describe('order limit rule (R-ACC-3)', () => {
  it('allows an active account within every limit; null allowed means unlimited', () => {
    expect(orderLimitRefusal(ok, now, 7)).toBeNull();
    expect(orderLimitRefusal({ ...ok, used: 1000, allowed: null }, now, 7)).toBeNull();
  });

  it('refuses in order: inactive, overdue invoice, period limit, open orders', () => {
    const all: OrderLimitFacts = {
      accountActive: false,
      overdueInvoice: { id: 'inv', issuedAt: new Date(now.getTime() - 10 * DAY) },
      used: 5,
      allowed: 5,
      open: 3,
      maxOpen: 3,
    };
    expect(orderLimitRefusal(all, now, 7)).toEqual({ kind: 'accountInactive' });
    expect(orderLimitRefusal({ ...all, accountActive: true }, now, 7)).toEqual({
      kind: 'invoiceOverdue',
      invoiceId: 'inv',
      daysOverdue: 3,
    });
    expect(orderLimitRefusal({ ...all, accountActive: true, overdueInvoice: null }, now, 7)).toEqual({
      kind: 'orderLimitReached',
      used: 5,
      allowed: 5,
    });
    expect(orderLimitRefusal({ ...ok, open: 3 }, now, 7)).toEqual({ kind: 'tooManyOpenOrders', open: 3, allowed: 3 });
  });

  it('the period limit is reached at used = allowed, not before', () => {
    expect(orderLimitRefusal({ ...ok, used: 4, allowed: 5 }, now, 7)).toBeNull();
    expect(orderLimitRefusal({ ...ok, used: 5, allowed: 5 }, now, 7)?.kind).toBe('orderLimitReached');
  });

  it('R-BIL-3 an invoice blocks once issued more than PAYMENT_GRACE_DAYS ago', () => {
    expect(overdueIssuedBefore(now, 7)).toEqual(new Date(now.getTime() - 7 * DAY));
    expect(overdueIssuedBefore(now, 0)).toEqual(now);
  });
});

import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../order.entity.js';
import {
  ORDER_NUMBER,
  canTransition,
  isValidEstimate,
  pinnedUntil,
  reactionDueAt,
  servesCategory,
  workDueAt,
} from '../order-rules.js';

const { NEW, IN_PROGRESS, DONE, CANCELLED } = OrderStatus;

describe('order rules', () => {
  it('R-ORD-2 allows exactly NEW→IN_PROGRESS→DONE, NEW/IN_PROGRESS→CANCELLED and IN_PROGRESS→NEW', () => {
    const allowed = new Set([
      'NEW>IN_PROGRESS',
      'IN_PROGRESS>DONE',
      'NEW>CANCELLED',
      'IN_PROGRESS>CANCELLED',
      'IN_PROGRESS>NEW',
    ]);
    for (const from of [NEW, IN_PROGRESS, DONE, CANCELLED]) {
      for (const to of [NEW, IN_PROGRESS, DONE, CANCELLED]) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it('R-SLA-6 reaction deadline is creation + reaction minutes', () => {
    expect(reactionDueAt(new Date('2025-01-01T10:00:00Z'), 90)).toEqual(new Date('2025-01-01T11:30:00Z'));
  });

  it('R-SLA-1 the pinned window is the percentage of reaction time, only with pinned contractors', () => {
    const created = new Date('2025-01-01T10:00:00Z');
    expect(pinnedUntil(created, 60, 20, true)).toEqual(new Date('2025-01-01T10:12:00Z'));
    expect(pinnedUntil(created, 60, 100, true)).toEqual(new Date('2025-01-01T11:00:00Z'));
    expect(pinnedUntil(created, 1, 33, true)).toEqual(new Date(created.getTime() + 19_800));
    expect(pinnedUntil(created, 60, 20, false)).toBeNull();
  });

  it('R-ORD-3 estimates are whole hours from 1 to the maximum; work is due taken + estimate', () => {
    expect(isValidEstimate(1, 24)).toBe(true);
    expect(isValidEstimate(24, 24)).toBe(true);
    expect(isValidEstimate(0, 24)).toBe(false);
    expect(isValidEstimate(25, 24)).toBe(false);
    expect(isValidEstimate(1.5, 24)).toBe(false);
    expect(workDueAt(new Date('2025-01-01T10:00:00Z'), 3)).toEqual(new Date('2025-01-01T13:00:00Z'));
  });

  it('R-ORD-3 no categories set means the contractor serves all', () => {
    expect(servesCategory([], 'a')).toBe(true);
    expect(servesCategory(['a', 'b'], 'b')).toBe(true);
    expect(servesCategory(['a'], 'b')).toBe(false);
  });

  it('R-ORD-1 numbers look like YYYY-NNNNNN', () => {
    expect(ORDER_NUMBER.test('2025-000001')).toBe(true);
    expect(ORDER_NUMBER.test('2025-1234567')).toBe(true);
    expect(ORDER_NUMBER.test('2025-01')).toBe(false);
  });
});

import { OrderStatus } from './order.entity.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Every status change that exists (R-ORD-2); anything else is refused. */
const TRANSITIONS: ReadonlyMap<OrderStatus, readonly OrderStatus[]> = new Map([
  [OrderStatus.NEW, [OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED]],
  [OrderStatus.IN_PROGRESS, [OrderStatus.DONE, OrderStatus.CANCELLED, OrderStatus.NEW]],
  [OrderStatus.DONE, []],
  [OrderStatus.CANCELLED, []],
]);

/** True when `from → to` is one of the transitions R-ORD-2 allows. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS.get(from)?.includes(to) ?? false;
}

/** Open orders count against MAX_OPEN_ORDERS_PER_CLIENT and may be cancelled. */
export const isOpen = (status: OrderStatus) => status === OrderStatus.NEW || status === OrderStatus.IN_PROGRESS;

/** Latest moment the order should be taken: creation + the tariff reaction time (R-SLA-6). */
export const reactionDueAt = (createdAt: Date, reactionMinutes: number) =>
  new Date(createdAt.getTime() + reactionMinutes * MINUTE_MS);

/**
 * End of the pinned-only window (R-SLA-1): `percent`% of the reaction time after creation,
 * or null when the account has nobody pinned or its tariff does not allow pinning.
 */
export function pinnedUntil(
  createdAt: Date,
  reactionMinutes: number,
  percent: number,
  hasPinnedContractors: boolean,
): Date | null {
  if (!hasPinnedContractors) return null;
  return new Date(createdAt.getTime() + Math.round((reactionMinutes * MINUTE_MS * percent) / 100));
}

/** When work should be done: taken + the contractor's estimate (R-SLA-3/4). */
export const workDueAt = (takenAt: Date, estimateHours: number) =>
  new Date(takenAt.getTime() + estimateHours * HOUR_MS);

/** Whether an estimate is a whole number of hours within 1..max (R-ORD-3). */
export const isValidEstimate = (hours: number, maxHours: number) =>
  Number.isInteger(hours) && hours >= 1 && hours <= maxHours;

/** Whether a contractor serves a category: no categories set means all (R-ORD-3). */
export const servesCategory = (servedCategoryIds: readonly string[], categoryId: string) =>
  servedCategoryIds.length === 0 || servedCategoryIds.includes(categoryId);

/** The number format the database generates: YYYY-NNNNNN (more digits after a million a year). */
export const ORDER_NUMBER = /^\d{4}-\d{6,}$/;

import { invalidInput } from '../../common/errors.js';
import { billedPeriodAt } from '../billing/billing-close-plan.js';
import type { BillingPeriod } from '../billing/billing-period.js';

/** The span a report covers: `[from, to)`. */
export interface ReportRange {
  from: Date;
  to: Date;
}

/** How a report's span is asked for: a billing period (any moment in it), a date range, or neither (now). */
export interface ReportRangeRequest {
  periodStart?: Date | null;
  from?: Date | null;
  to?: Date | null;
}

/** A date range may cover at most this many days (about five years): reports stay one aggregate query. */
export const MAX_RANGE_DAYS = 1900;
const DAY_MS = 86_400_000;

const invalidDate = (d: Date | null | undefined) => d !== undefined && d !== null && Number.isNaN(d.getTime());

/**
 * R-BIL-1: the span of a report. `periodStart` picks the billing period containing that moment (pass a
 * period's start); `from`/`to` a date range `[from, to)`; neither the current billing period. Billing
 * periods are the ones the close billed or will bill ({@link billedPeriodAt}; `closed`: the closed
 * periods, oldest first), also after a BILLING_DAY or TIMEZONE change. Pure.
 */
export function reportRange(
  request: ReportRangeRequest,
  now: Date,
  closed: readonly BillingPeriod[],
  billingDay: number,
  timeZone: string,
): ReportRange {
  const { periodStart, from, to } = request;
  if (invalidDate(periodStart)) throw invalidInput('filter.periodStart', 'must be a date and time');
  if (invalidDate(from)) throw invalidInput('filter.from', 'must be a date and time');
  if (invalidDate(to)) throw invalidInput('filter.to', 'must be a date and time');
  const hasRange = Boolean(from) || Boolean(to);
  if (periodStart && hasRange) throw invalidInput('filter.periodStart', 'cannot be combined with from/to');
  if (hasRange) {
    if (!from || !to) throw invalidInput(from ? 'filter.to' : 'filter.from', 'is required when a date range is given');
    if (to.getTime() <= from.getTime()) throw invalidInput('filter.to', 'must be after filter.from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
      throw invalidInput('filter.to', `must be at most ${MAX_RANGE_DAYS} days after filter.from`, {
        max: MAX_RANGE_DAYS,
      });
    return { from, to };
  }
  const period = billedPeriodAt(closed, periodStart ?? now, billingDay, timeZone);
  return { from: period.start, to: period.end };
}

/**
 * The billing periods a range touches, each clipped to the range, in order (R-REP-1 counts per account per
 * billing period): the periods as billed or to be billed ({@link billedPeriodAt}; `closed`: the closed
 * periods, oldest first). A range inside one period gives one piece. Pure.
 */
export function billingPeriodsIn(
  range: ReportRange,
  closed: readonly BillingPeriod[],
  billingDay: number,
  timeZone: string,
): BillingPeriod[] {
  const pieces: BillingPeriod[] = [];
  let cursor = range.from;
  while (cursor.getTime() < range.to.getTime()) {
    const period = billedPeriodAt(closed, cursor, billingDay, timeZone);
    const end = period.end.getTime() < range.to.getTime() ? period.end : range.to;
    pieces.push({ start: cursor, end });
    cursor = end;
  }
  return pieces;
}

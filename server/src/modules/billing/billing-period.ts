import { wallClock, zonedTime } from '../../common/time-zone.js';

/** A billing period `[start, end)` (R-BIL-1). */
export interface BillingPeriod {
  start: Date;
  end: Date;
}

/** A closed billing period (a row of billing_period) with the TIMEZONE in force when it was closed. */
export interface ClosedBillingPeriod extends BillingPeriod {
  timeZone: string;
}

/**
 * The billing period containing `instant`: from `billingDay` 00:00 in `timeZone` of one month to
 * the same moment of the next month. Everything that counts "this period" uses exactly these bounds.
 */
export function billingPeriodAt(instant: Date, billingDay: number, timeZone: string): BillingPeriod {
  if (!Number.isInteger(billingDay) || billingDay < 1 || billingDay > 28) {
    throw new RangeError(`billing day must be 1..28, got ${billingDay}`);
  }
  const local = wallClock(instant, timeZone);
  let start = zonedTime(local.year, local.month, billingDay, timeZone);
  if (start.getTime() > instant.getTime()) start = zonedTime(local.year, local.month - 1, billingDay, timeZone);
  const s = wallClock(start, timeZone);
  return { start, end: zonedTime(s.year, s.month + 1, billingDay, timeZone) };
}

/** The period before the given one. */
export function previousBillingPeriod(period: BillingPeriod, billingDay: number, timeZone: string): BillingPeriod {
  return billingPeriodAt(new Date(period.start.getTime() - 1), billingDay, timeZone);
}

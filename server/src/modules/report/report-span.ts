import type { Ctx } from '../../common/context.js';
import { periodTimeZone } from '../billing/billing-close-plan.js';
import type { ClosedBillingPeriod } from '../billing/billing-period.js';
import { closedBillingPeriods } from '../billing/billing-period-store.js';
import type { SettingValues } from '../settings/settings.definitions.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { ReportFilter } from './report-filter.js';
import { reportRange, type ReportRange } from './report-range.js';

/**
 * A report's span with what it was resolved with: the settings (BILLING_DAY, TIMEZONE,
 * PAYMENT_GRACE_DAYS…) and the closed billing periods, oldest first (to split it into periods as billed).
 */
export interface ReportSpan extends ReportRange {
  values: SettingValues;
  closed: ClosedBillingPeriod[];
  now: Date;
  /** The zone the span's days are read in: a closed period's own TIMEZONE, else TIMEZONE now (R-BIL-1). */
  timeZone: string;
}

/** Reads the settings and the closed billing periods now and resolves the filter's span (R-BIL-1). */
export async function reportSpan(ctx: Ctx, settings: SettingsService, filter: ReportFilter): Promise<ReportSpan> {
  const values = await settings.values(ctx);
  const closed = await closedBillingPeriods(ctx);
  const now = ctx.clock.now();
  const range = reportRange(filter, now, closed, values.BILLING_DAY, values.TIMEZONE);
  const timeZone = periodTimeZone(closed, { start: range.from, end: range.to }, values.TIMEZONE);
  return { ...range, values, closed, now, timeZone };
}

/** Minutes (or any figure) rounded to two decimals; null stays null. */
export const round2 = (v: unknown): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100;

/** part / whole rounded to four decimals; null when the whole is zero. */
export const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

import type { Ctx } from '../../common/context.js';
import { invalidInput } from '../../common/errors.js';
import { queryRows } from '../../common/sql.js';
import { wallClock, zonedTime } from '../../common/time-zone.js';
import { billedPeriodOf } from '../billing/billing-period-store.js';
import type { SettingsService } from '../settings/settings.service.js';
import { breachedSql, openOrderSql, slaWarningFiredSql } from '../sla/sla-risk.js';
import type { Dashboard } from './dashboard.types.js';
import type { SlaReportService } from './sla-report.service.js';

export const MAX_DASHBOARD_DAYS = 90;

/** A local calendar day in a zone: its name and bounds. */
export interface LocalDay {
  day: string;
  start: Date;
  end: Date;
}

/** The last `count` calendar days in `timeZone` up to and including the one containing `now`, oldest first. Pure. */
export function lastDays(now: Date, count: number, timeZone: string): LocalDay[] {
  const today = wallClock(now, timeZone);
  const days: LocalDay[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = zonedTime(today.year, today.month, today.day - back, timeZone);
    const end = zonedTime(today.year, today.month, today.day - back + 1, timeZone);
    const w = wallClock(start, timeZone);
    const day = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    days.push({ day, start, end });
  }
  return days;
}

/** The staff dashboard: counters of open orders, orders per day and this period's SLA. */
export class DashboardService {
  constructor(
    private readonly settings: SettingsService,
    private readonly slaReports: SlaReportService,
  ) {}

  /** Counters now, the last `dayCount` days (1..90) in TIMEZONE, and the current billing period's SLA. */
  async dashboard(ctx: Ctx, dayCount: number): Promise<Dashboard> {
    if (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > MAX_DASHBOARD_DAYS) {
      throw invalidInput('days', `must be a whole number from 1 to ${MAX_DASHBOARD_DAYS}`, {
        min: 1,
        max: MAX_DASHBOARD_DAYS,
      });
    }
    const values = await this.settings.values(ctx);
    const now = ctx.clock.now();
    const days = lastDays(now, dayCount, values.TIMEZONE);
    // The period the close billed or will bill, also right after a BILLING_DAY change (R-BIL-1).
    const period = await billedPeriodOf(ctx, values, now);
    const [[counters], perDay, sla] = await Promise.all([
      queryRows<Record<string, number>>(
        ctx.em,
        `SELECT count(*) FILTER (WHERE o.status = 'NEW')::int AS new_orders,
                count(*) FILTER (WHERE o.status = 'IN_PROGRESS')::int AS in_progress,
                count(*) FILTER (WHERE ${breachedSql('$1')})::int AS breached_open,
                count(*) FILTER (WHERE ${slaWarningFiredSql()} AND NOT ${breachedSql('$1')})::int AS at_risk
           FROM service_order o WHERE ${openOrderSql}`,
        [now],
      ),
      queryRows<{ created: number; done: number }>(
        ctx.em,
        `SELECT (SELECT count(*) FROM service_order o WHERE o.created_at >= d.s AND o.created_at < d.e)::int AS created,
                (SELECT count(*) FROM service_order o
                  WHERE o.status = 'DONE' AND o.done_at >= d.s AND o.done_at < d.e)::int AS done
           FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS d(s, e, i)
          ORDER BY d.i`,
        [days.map((d) => d.start), days.map((d) => d.end)],
      ),
      this.slaReports.slaFigures(ctx, { from: period.start, to: period.end }, now, {}),
    ]);
    const series = days.map((d, i) => ({
      day: d.day,
      start: d.start,
      created: perDay[i]!.created,
      done: perDay[i]!.done,
    }));
    const today = series[series.length - 1]!;
    return {
      asOf: now,
      newOrders: counters!.new_orders!,
      inProgress: counters!.in_progress!,
      atRisk: counters!.at_risk!,
      breachedOpen: counters!.breached_open!,
      doneToday: today.done,
      createdToday: today.created,
      days: series,
      periodStart: period.start,
      periodEnd: period.end,
      sla: sla.totals,
    };
  }
}

import type { Ctx } from '../../common/context.js';
import { queryRows } from '../../common/sql.js';
import { SqlParams } from '../order/order-visibility.js';
import type { SettingsService } from '../settings/settings.service.js';
import { breachedSql } from '../sla/sla-risk.js';
import { displayName } from '../user/user.rules.js';
import { orderFilterSql, type ReportFilter } from './report-filter.js';
import type { ReportRange } from './report-range.js';
import { reportSpan, round2, share } from './report-span.js';
import {
  SlaReportGroupBy,
  type BranchReport,
  type CartridgeReportRow,
  type OrderStatusFigures,
  type SlaFigures,
  type SlaReport,
} from './sla-report.types.js';

const minutes = (expr: string) => `(extract(epoch FROM ${expr}) / 60)::float8`;
const TO_TAKE = minutes('o.taken_at - o.created_at');
const TO_CLOSE = minutes('o.done_at - o.created_at');

/** The SLA figures' select list (R-REP-3); `now` is the placeholder of the current moment. */
function slaFiguresSql(now: string): string {
  return `count(*)::int AS orders,
    count(*) FILTER (WHERE o.taken_at <= o.reaction_due_at)::int AS taken_in_time,
    count(*) FILTER (WHERE o.taken_at > o.reaction_due_at
                        OR (o.status = 'NEW' AND o.reaction_due_at <= ${now}))::int AS taken_late,
    count(*) FILTER (WHERE o.status = 'DONE' AND o.done_at <= o.work_due_at)::int AS done_in_time,
    count(*) FILTER (WHERE (o.status = 'DONE' AND o.done_at > o.work_due_at)
                        OR (o.status = 'IN_PROGRESS' AND o.work_due_at <= ${now}))::int AS done_late,
    avg(${TO_TAKE}) AS avg_take,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${TO_TAKE}) AS p90_take,
    avg(${TO_CLOSE}) FILTER (WHERE o.status = 'DONE') AS avg_close,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${TO_CLOSE}) FILTER (WHERE o.status = 'DONE') AS p90_close,
    count(*) FILTER (WHERE ${breachedSql(now)})::int AS breaches`;
}

function toSlaFigures(r: Record<string, unknown>): SlaFigures {
  const takenInTime = r.taken_in_time as number;
  const takenLate = r.taken_late as number;
  const doneInTime = r.done_in_time as number;
  const doneLate = r.done_late as number;
  return {
    orders: r.orders as number,
    takenInTime,
    takenLate,
    takenInTimeShare: share(takenInTime, takenInTime + takenLate),
    doneInTime,
    doneLate,
    doneInTimeShare: share(doneInTime, doneInTime + doneLate),
    averageMinutesToTake: round2(r.avg_take),
    p90MinutesToTake: round2(r.p90_take),
    averageMinutesToClose: round2(r.avg_close),
    p90MinutesToClose: round2(r.p90_close),
    breaches: r.breaches as number,
  };
}

/** The status figures' select list (R-REP-4). */
function statusFiguresSql(now: string): string {
  return `count(*)::int AS total,
    count(*) FILTER (WHERE o.status = 'NEW')::int AS new_orders,
    count(*) FILTER (WHERE o.status = 'IN_PROGRESS')::int AS in_progress,
    count(*) FILTER (WHERE o.status = 'DONE')::int AS done,
    count(*) FILTER (WHERE o.status = 'CANCELLED')::int AS cancelled,
    count(*) FILTER (WHERE ${breachedSql(now)})::int AS breaches,
    avg(${TO_CLOSE}) FILTER (WHERE o.status = 'DONE') AS avg_close,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${TO_CLOSE}) FILTER (WHERE o.status = 'DONE') AS p90_close`;
}

function toStatusFigures(r: Record<string, unknown>): OrderStatusFigures {
  return {
    total: r.total as number,
    newOrders: r.new_orders as number,
    inProgress: r.in_progress as number,
    done: r.done as number,
    cancelled: r.cancelled as number,
    breaches: r.breaches as number,
    averageMinutesToComplete: round2(r.avg_close),
    p90MinutesToComplete: round2(r.p90_close),
  };
}

/** What each grouping joins and groups by, on orders `o` joined to account `a`. */
const GROUPS: Record<SlaReportGroupBy, { id: string; join: string; columns: string }> = {
  [SlaReportGroupBy.TARIFF]: { id: 't.id', join: 'JOIN tariff t ON t.id = a.tariff_id', columns: 't.name AS name' },
  [SlaReportGroupBy.ACCOUNT]: { id: 'a.id', join: '', columns: 'a.name AS name' },
  [SlaReportGroupBy.BRANCH]: {
    id: 'b.id',
    join: 'LEFT JOIN branch b ON b.id = o.branch_id',
    columns: 'b.name AS name',
  },
  [SlaReportGroupBy.CONTRACTOR]: {
    id: 'c.id',
    join: 'LEFT JOIN app_user c ON c.id = o.contractor_id',
    columns: `c.first_name, c.last_name, c.username, c.telegram_id::text AS telegram_id`,
  },
};

/** R-REP-3 and R-REP-4: SLA compliance and the branch report, each a few aggregate queries. */
export class SlaReportService {
  constructor(private readonly settings: SettingsService) {}

  /** R-REP-3: SLA figures of the orders created in the span, grouped, with totals. */
  async sla(ctx: Ctx, filter: ReportFilter, groupBy: SlaReportGroupBy): Promise<SlaReport> {
    const span = await reportSpan(ctx, this.settings, filter);
    const { rows, totals } = await this.slaFigures(ctx, span, span.now, filter, groupBy);
    return { from: span.from, to: span.to, timeZone: span.timeZone, groupBy, rows, totals };
  }

  /** The SLA totals (and optionally groups) of a span: also the dashboard's share for the current period. */
  async slaFigures(ctx: Ctx, range: ReportRange, now: Date, filter: ReportFilter, groupBy?: SlaReportGroupBy) {
    const p = new SqlParams();
    const nowP = p.add(now);
    const where = [
      `o.status <> 'CANCELLED'`,
      `o.created_at >= ${p.add(range.from)}`,
      `o.created_at < ${p.add(range.to)}`,
      ...orderFilterSql(filter, p),
    ].join(' AND ');
    const from = `FROM service_order o JOIN client_account a ON a.id = o.account_id`;
    const [total] = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT ${slaFiguresSql(nowP)} ${from} WHERE ${where}`,
      p.values,
    );
    if (!groupBy) return { rows: [], totals: toSlaFigures(total!) };
    const g = GROUPS[groupBy];
    const grouped = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT ${g.id} AS group_id, ${g.columns}, ${slaFiguresSql(nowP)} ${from} ${g.join}
        WHERE ${where} GROUP BY ${g.id}`,
      p.values,
    );
    const rows = grouped
      .map((r) => ({
        ...toSlaFigures(r),
        groupId: (r.group_id as string | null) ?? null,
        groupName:
          groupBy !== SlaReportGroupBy.CONTRACTOR
            ? ((r.name as string | null) ?? null)
            : r.group_id
              ? displayName({
                  firstName: r.first_name as string | null,
                  lastName: r.last_name as string | null,
                  username: r.username as string | null,
                  telegramId: r.telegram_id as string | null,
                })
              : null,
      }))
      // Named groups by name; the group without a branch or contractor last.
      .sort((a, b) =>
        a.groupName === null || b.groupName === null
          ? Number(a.groupName === null) - Number(b.groupName === null)
          : a.groupName.localeCompare(b.groupName) || (a.groupId ?? '').localeCompare(b.groupId ?? ''),
      );
    return { rows, totals: toSlaFigures(total!) };
  }

  /** R-REP-4: orders by status per branch and per category, cartridges by model, completion, breaches. */
  async branches(ctx: Ctx, filter: ReportFilter): Promise<BranchReport> {
    const span = await reportSpan(ctx, this.settings, filter);
    // Each query gets its own parameter list: PostgreSQL refuses a parameter a statement does not use.
    const q = (build: (p: SqlParams, where: string) => string) => {
      const p = new SqlParams();
      const where = [
        `o.created_at >= ${p.add(span.from)}`,
        `o.created_at < ${p.add(span.to)}`,
        ...orderFilterSql(filter, p),
      ].join(' AND ');
      return queryRows<Record<string, unknown>>(ctx.em, build(p, where), p.values);
    };
    const [branchRows, categoryRows, cartridgeRows, [total]] = await Promise.all([
      q(
        (p, where) => `SELECT a.id AS account_id, a.name AS account_name, b.id AS branch_id, b.name AS branch_name,
                b.code AS branch_code, ${statusFiguresSql(p.add(span.now))}
           FROM service_order o JOIN client_account a ON a.id = o.account_id
           LEFT JOIN branch b ON b.id = o.branch_id
          WHERE ${where}
          GROUP BY a.id, a.name, b.id, b.name, b.code
          ORDER BY a.name, a.id, b.name NULLS LAST, b.id`,
      ),
      q(
        (p, where) => `SELECT c.id AS category_id, c.code, c.name_ru, c.name_en, ${statusFiguresSql(p.add(span.now))}
           FROM service_order o JOIN category c ON c.id = o.category_id
          WHERE ${where}
          GROUP BY c.id, c.code, c.name_ru, c.name_en, c.position
          ORDER BY c.position, c.code`,
      ),
      q(
        (_p, where) => `SELECT i.model, sum(i.quantity)::int AS quantity, count(DISTINCT o.id)::int AS orders
           FROM service_order o JOIN order_item i ON i.order_id = o.id
          WHERE ${where} AND o.status <> 'CANCELLED'
          GROUP BY i.model
          ORDER BY sum(i.quantity) DESC, i.model`,
      ),
      q((p, where) => `SELECT ${statusFiguresSql(p.add(span.now))} FROM service_order o WHERE ${where}`),
    ]);
    return {
      from: span.from,
      to: span.to,
      timeZone: span.timeZone,
      branches: branchRows.map((r) => ({
        ...toStatusFigures(r),
        accountId: r.account_id as string,
        accountName: r.account_name as string,
        branchId: (r.branch_id as string | null) ?? null,
        branchName: (r.branch_name as string | null) ?? null,
        branchCode: (r.branch_code as string | null) ?? null,
      })),
      categories: categoryRows.map((r) => ({
        ...toStatusFigures(r),
        categoryId: r.category_id as string,
        categoryCode: r.code as string,
        categoryNameRu: r.name_ru as string,
        categoryNameEn: r.name_en as string,
      })),
      cartridges: cartridgeRows.map((r): CartridgeReportRow => ({
        model: r.model as string,
        quantity: r.quantity as number,
        orders: r.orders as number,
      })),
      totals: toStatusFigures(total!),
    };
  }
}

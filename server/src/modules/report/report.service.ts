import type { Ctx } from '../../common/context.js';
import { uuidOrNil } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import { SqlParams } from '../order/order-visibility.js';
import type { SettingsService } from '../settings/settings.service.js';
import { displayName } from '../user/user.rules.js';
import { sumAmounts } from './money.js';
import { orderFilterSql, refuseFilterFields, type ReportFilter } from './report-filter.js';
import { billingPeriodsIn } from './report-range.js';
import { reportSpan } from './report-span.js';
import type {
  AccountOrdersReport,
  AccountOrdersRow,
  ContractorPayoutReport,
  ContractorPayoutRow,
  InvoiceReport,
  InvoiceReportRow,
  InvoiceReportTotals,
} from './report.types.js';

const DAY_MS = 86_400_000;

/** R-REP-1, R-REP-2, R-REP-5: counts and money, each one aggregate query over the span. */
export class ReportService {
  constructor(private readonly settings: SettingsService) {}

  /** R-REP-1: non-cancelled orders created per client account per billing period, with totals. */
  async accountOrders(ctx: Ctx, filter: ReportFilter): Promise<AccountOrdersReport> {
    const span = await reportSpan(ctx, this.settings, filter);
    const periods = billingPeriodsIn(span, span.closed, span.values.BILLING_DAY, span.values.TIMEZONE);
    const p = new SqlParams();
    const starts = p.add(periods.map((x) => x.start));
    const ends = p.add(periods.map((x) => x.end));
    const where = [`o.status <> 'CANCELLED'`, ...orderFilterSql(filter, p)].join(' AND ');
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT per.period_start, per.period_end, a.id AS account_id, a.name AS account_name, t.name AS tariff_name,
              t.orders_per_period AS allowed, count(*)::int AS orders,
              count(*) FILTER (WHERE o.status = 'NEW')::int AS new_orders,
              count(*) FILTER (WHERE o.status = 'IN_PROGRESS')::int AS in_progress,
              count(*) FILTER (WHERE o.status = 'DONE')::int AS done
         FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) AS per(period_start, period_end)
         JOIN service_order o ON o.created_at >= per.period_start AND o.created_at < per.period_end
         JOIN client_account a ON a.id = o.account_id
         JOIN tariff t ON t.id = a.tariff_id
        WHERE ${where}
        GROUP BY per.period_start, per.period_end, a.id, a.name, t.name, t.orders_per_period
        ORDER BY per.period_start, a.name, a.id`,
      p.values,
    );
    const out: AccountOrdersRow[] = rows.map((r) => ({
      periodStart: new Date(r.period_start as string),
      periodEnd: new Date(r.period_end as string),
      accountId: r.account_id as string,
      accountName: r.account_name as string,
      tariffName: r.tariff_name as string,
      allowed: r.allowed === null ? null : Number(r.allowed),
      orders: r.orders as number,
      newOrders: r.new_orders as number,
      inProgress: r.in_progress as number,
      done: r.done as number,
    }));
    const sum = (k: 'orders' | 'newOrders' | 'inProgress' | 'done') => out.reduce((s, r) => s + r[k], 0);
    return {
      from: span.from,
      to: span.to,
      timeZone: span.timeZone,
      rows: out,
      totals: { orders: sum('orders'), newOrders: sum('newOrders'), inProgress: sum('inProgress'), done: sum('done') },
    };
  }

  /** R-REP-2: orders closed DONE in the span × the rate stored on each, per contractor and rate. */
  async contractorPayouts(ctx: Ctx, filter: ReportFilter): Promise<ContractorPayoutReport> {
    const span = await reportSpan(ctx, this.settings, filter);
    const p = new SqlParams();
    const where = [
      `o.status = 'DONE'`,
      `o.done_at >= ${p.add(span.from)}`,
      `o.done_at < ${p.add(span.to)}`,
      ...orderFilterSql(filter, p),
    ].join(' AND ');
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT c.id, c.first_name, c.last_name, c.username, c.telegram_id::text AS telegram_id,
              coalesce(o.rate, 0)::numeric(12, 2)::text AS rate, count(*)::int AS orders,
              sum(coalesce(o.rate, 0))::numeric(14, 2)::text AS amount
         FROM service_order o JOIN app_user c ON c.id = o.contractor_id
        WHERE ${where}
        GROUP BY c.id, coalesce(o.rate, 0)`,
      p.values,
    );
    const out: ContractorPayoutRow[] = rows
      .map((r) => ({
        contractorId: r.id as string,
        contractorName: displayName({
          firstName: r.first_name as string | null,
          lastName: r.last_name as string | null,
          username: r.username as string | null,
          telegramId: r.telegram_id as string | null,
        }),
        username: r.username as string | null,
        rate: r.rate as string,
        ordersClosed: r.orders as number,
        amount: r.amount as string,
      }))
      .sort(
        (a, b) =>
          a.contractorName.localeCompare(b.contractorName) ||
          a.contractorId.localeCompare(b.contractorId) ||
          Number(a.rate) - Number(b.rate),
      );
    return {
      from: span.from,
      to: span.to,
      timeZone: span.timeZone,
      rows: out,
      ordersClosed: out.reduce((s, r) => s + r.ordersClosed, 0),
      amount: sumAmounts(out.map((r) => r.amount)),
    };
  }

  /** R-REP-5: invoices issued in the span per account — issued, paid, unpaid, overdue now — with amounts. */
  async invoices(ctx: Ctx, filter: ReportFilter): Promise<InvoiceReport> {
    refuseFilterFields(filter, ['branchId', 'categoryId', 'contractorId'], 'invoice');
    const span = await reportSpan(ctx, this.settings, filter);
    const p = new SqlParams();
    const overdueBefore = new Date(span.now.getTime() - span.values.PAYMENT_GRACE_DAYS * DAY_MS);
    const where = [`i.issued_at >= ${p.add(span.from)}`, `i.issued_at < ${p.add(span.to)}`];
    if (filter.accountId) where.push(`i.account_id = ${p.add(uuidOrNil(filter.accountId))}`);
    const overdue = `i.status = 'UNPAID' AND i.issued_at < ${p.add(overdueBefore)}`;
    const money = (cond: string) => `coalesce(sum(i.amount) FILTER (WHERE ${cond}), 0)::numeric(14, 2)::text`;
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT a.id AS account_id, a.name AS account_name,
              count(*)::int AS issued, ${money('TRUE')} AS issued_amount,
              count(*) FILTER (WHERE i.status = 'PAID')::int AS paid, ${money(`i.status = 'PAID'`)} AS paid_amount,
              count(*) FILTER (WHERE i.status = 'UNPAID')::int AS unpaid,
              ${money(`i.status = 'UNPAID'`)} AS unpaid_amount,
              count(*) FILTER (WHERE ${overdue})::int AS overdue, ${money(overdue)} AS overdue_amount
         FROM invoice i JOIN client_account a ON a.id = i.account_id
        WHERE ${where.join(' AND ')}
        GROUP BY a.id, a.name
        ORDER BY a.name, a.id`,
      p.values,
    );
    const out: InvoiceReportRow[] = rows.map((r) => ({
      accountId: r.account_id as string,
      accountName: r.account_name as string,
      issued: r.issued as number,
      issuedAmount: r.issued_amount as string,
      paid: r.paid as number,
      paidAmount: r.paid_amount as string,
      unpaid: r.unpaid as number,
      unpaidAmount: r.unpaid_amount as string,
      overdue: r.overdue as number,
      overdueAmount: r.overdue_amount as string,
    }));
    const count = (k: 'issued' | 'paid' | 'unpaid' | 'overdue') => out.reduce((s, r) => s + r[k], 0);
    const amount = (k: 'issuedAmount' | 'paidAmount' | 'unpaidAmount' | 'overdueAmount') =>
      sumAmounts(out.map((r) => r[k]));
    const totals: InvoiceReportTotals = {
      issued: count('issued'),
      issuedAmount: amount('issuedAmount'),
      paid: count('paid'),
      paidAmount: amount('paidAmount'),
      unpaid: count('unpaid'),
      unpaidAmount: amount('unpaidAmount'),
      overdue: count('overdue'),
      overdueAmount: amount('overdueAmount'),
    };
    return { from: span.from, to: span.to, timeZone: span.timeZone, rows: out, totals };
  }
}

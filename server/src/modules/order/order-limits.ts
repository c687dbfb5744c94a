import type { Ctx } from '../../common/context.js';
import { currentBillingPeriod } from '../billing/billing-period-store.js';
import type { SettingValues } from '../settings/settings.definitions.js';
import type { SettingsService } from '../settings/settings.service.js';

/** What R-ACC-3 looks at, gathered for one account at one moment. */
export interface OrderLimitFacts {
  accountActive: boolean;
  /** The oldest invoice unpaid past the grace period, if any. */
  overdueInvoice: { id: string; issuedAt: Date } | null;
  /** Non-cancelled orders created in the current billing period. */
  used: number;
  /** The tariff's orders per period; null means unlimited. */
  allowed: number | null;
  /** Orders NEW or IN_PROGRESS now. */
  open: number;
  maxOpen: number;
}

/** Why an account may not create an order now, in the order the refusals are checked. */
export type OrderLimitRefusal =
  | { kind: 'accountInactive' }
  | { kind: 'invoiceOverdue'; invoiceId: string; daysOverdue: number }
  | { kind: 'orderLimitReached'; used: number; allowed: number }
  | { kind: 'tooManyOpenOrders'; open: number; allowed: number };

const DAY_MS = 86_400_000;

/** R-ACC-3: the first reason the account may not create an order, or null when it may. Pure. */
export function orderLimitRefusal(facts: OrderLimitFacts, now: Date, graceDays: number): OrderLimitRefusal | null {
  if (!facts.accountActive) return { kind: 'accountInactive' };
  if (facts.overdueInvoice) {
    const unpaidDays = Math.floor((now.getTime() - facts.overdueInvoice.issuedAt.getTime()) / DAY_MS);
    return {
      kind: 'invoiceOverdue',
      invoiceId: facts.overdueInvoice.id,
      daysOverdue: Math.max(unpaidDays - graceDays, 0),
    };
  }
  if (facts.allowed !== null && facts.used >= facts.allowed) {
    return { kind: 'orderLimitReached', used: facts.used, allowed: facts.allowed };
  }
  if (facts.open >= facts.maxOpen) return { kind: 'tooManyOpenOrders', open: facts.open, allowed: facts.maxOpen };
  return null;
}

/** An invoice issued before this moment and still unpaid blocks new orders (R-BIL-3). */
export const overdueIssuedBefore = (now: Date, graceDays: number) => new Date(now.getTime() - graceDays * DAY_MS);

/** An account's use of its tariff in the current billing period (R-ACC-3, R-BIL-1). */
export interface AccountUsage {
  periodStart: Date;
  periodEnd: Date;
  /** Non-cancelled orders created in [periodStart, periodEnd). */
  used: number;
  /** Orders per period the tariff allows; null means unlimited. */
  allowed: number | null;
  /** Orders NEW or IN_PROGRESS now. */
  open: number;
  /** MAX_OPEN_ORDERS_PER_CLIENT now. */
  maxOpen: number;
}

/** The columns {@link usageColumns} selects. */
export interface UsageRow {
  allowed: number | null;
  used: number;
  open: number;
}

/**
 * SQL select-list of an account's usage: `allowed`, `used` (non-cancelled orders created in
 * [periodStart, periodEnd)) and `open`, for a query over `client_account a JOIN tariff t`.
 */
export const usageColumns = (periodStart: string, periodEnd: string) =>
  `t.orders_per_period AS allowed,
   (SELECT count(*)::int FROM service_order o
     WHERE o.account_id = a.id AND o.status <> 'CANCELLED'
       AND o.created_at >= ${periodStart} AND o.created_at < ${periodEnd}) AS used,
   (SELECT count(*)::int FROM service_order o
     WHERE o.account_id = a.id AND o.status IN ('NEW', 'IN_PROGRESS')) AS open`;

/**
 * Counts an account's usage with already-read settings, through `ctx.em` (safe inside a
 * transaction). Returns null when the account does not exist.
 */
export async function accountUsageWith(
  ctx: Ctx,
  values: SettingValues,
  accountId: string,
): Promise<AccountUsage | null> {
  const period = await currentBillingPeriod(ctx, values, ctx.clock.now());
  const rows = (await ctx.em.query(
    `SELECT ${usageColumns('$2', '$3')} FROM client_account a JOIN tariff t ON t.id = a.tariff_id WHERE a.id = $1`,
    [accountId, period.start, period.end],
  )) as UsageRow[];
  const row = rows[0];
  if (!row) return null;
  return {
    periodStart: period.start,
    periodEnd: period.end,
    used: row.used,
    allowed: row.allowed,
    open: row.open,
    maxOpen: values.MAX_OPEN_ORDERS_PER_CLIENT,
  };
}

/**
 * An account's tariff usage this billing period: {periodStart, periodEnd, used, allowed, open, maxOpen}.
 * Settings are read now. Returns null for an unknown account. Callers check visibility first.
 */
export async function accountUsage(
  ctx: Ctx,
  settings: Pick<SettingsService, 'values'>,
  accountId: string,
): Promise<AccountUsage | null> {
  return accountUsageWith(ctx, await settings.values(ctx), accountId);
}

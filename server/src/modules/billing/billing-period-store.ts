import type { Ctx } from '../../common/context.js';
import { queryRows } from '../../common/sql.js';
import type { SettingValues } from '../settings/settings.definitions.js';
import { billedPeriodAt, currentPeriod } from './billing-close-plan.js';
import type { BillingPeriod, ClosedBillingPeriod } from './billing-period.js';

/**
 * Orders closed DONE and the period close meet at one transaction-level advisory lock (R-BIL-2).
 * An order close holds it shared from before it picks done_at until it commits; a period close
 * holds it exclusively, so it reads DONE orders only after every order close in flight has
 * committed, and every order close after it sees the period it closed. Transaction-level: nothing
 * to release, also when a process dies. (The embedded database runs one transaction at a time, so
 * there the lock never waits.)
 */
const PERIOD_CLOSE_LOCK = `hashtext('billing_period.close')`;

/** The end of the last closed billing period, or null before the first close. */
export async function lastClosedEnd(ctx: Ctx): Promise<Date | null> {
  const [row] = await queryRows<{ end: Date | null }>(ctx.em, `SELECT max(period_end) AS "end" FROM billing_period`);
  return row?.end ? new Date(row.end) : null;
}

/** Taken by a period close before it claims the period: waits for the order closes in flight. */
export async function lockOutOrderCloses(tx: Ctx): Promise<void> {
  requireTransaction(tx);
  await tx.em.query(`SELECT pg_advisory_xact_lock(${PERIOD_CLOSE_LOCK})`);
}

/**
 * The moment to stamp as done_at on an order closed DONE now (R-ORD-5, R-BIL-2): the clock's now,
 * but never inside a period already closed, so an instance whose clock lags the one that closed it
 * cannot put an order where no payout will count it. Holds the lock shared until commit.
 */
export async function payableDoneAt(tx: Ctx): Promise<Date> {
  requireTransaction(tx);
  await tx.em.query(`SELECT pg_advisory_xact_lock_shared(${PERIOD_CLOSE_LOCK})`);
  // A statement of its own, after the lock: its snapshot sees every close that committed meanwhile.
  const closedUntil = await lastClosedEnd(tx);
  const now = tx.clock.now();
  return closedUntil && closedUntil.getTime() > now.getTime() ? closedUntil : now;
}

function requireTransaction(tx: Ctx): void {
  // A transaction-level lock taken outside a transaction would be released at once.
  if (!tx.em.queryRunner?.isTransactionActive) throw new Error('the billing period lock is taken inside inTransaction');
}

/**
 * R-BIL-1: the billing period in progress now, starting where the last close ended — the bounds
 * its invoice and payouts will have. Everything that counts "this period" uses this.
 */
export async function currentBillingPeriod(
  ctx: Ctx,
  rules: Pick<SettingValues, 'BILLING_DAY' | 'TIMEZONE'>,
  now: Date,
): Promise<BillingPeriod> {
  return currentPeriod(await lastClosedEnd(ctx), now, rules.BILLING_DAY, rules.TIMEZONE);
}

/**
 * Every closed billing period (the rows of billing_period, one per close), oldest first, with the TIMEZONE
 * each was closed under: what {@link billedPeriodAt} and the reports' period splitting need, in one query.
 */
export async function closedBillingPeriods(ctx: Ctx): Promise<ClosedBillingPeriod[]> {
  const rows = await queryRows<{ start: Date; end: Date; time_zone: string }>(
    ctx.em,
    `SELECT period_start AS "start", period_end AS "end", time_zone FROM billing_period ORDER BY period_start`,
  );
  return rows.map((r) => ({ start: new Date(r.start), end: new Date(r.end), timeZone: r.time_zone }));
}

/**
 * R-BIL-1: the TIMEZONE each of these closed periods (by its start) was closed under, in one query; a start
 * no closed period has is absent from the map (keyed by the start's epoch milliseconds).
 */
export async function closedPeriodTimeZones(ctx: Ctx, starts: readonly Date[]): Promise<Map<number, string>> {
  const rows = await queryRows<{ start: Date; time_zone: string }>(
    ctx.em,
    `SELECT period_start AS "start", time_zone FROM billing_period WHERE period_start = ANY($1::timestamptz[])`,
    [starts.map((s) => s.toISOString())],
  );
  return new Map(rows.map((r) => [new Date(r.start).getTime(), r.time_zone]));
}

/**
 * R-BIL-1: the billing period `instant` is in, as the close billed it or will bill it: the closed
 * period it falls in, else the period in progress (as {@link currentBillingPeriod}) or a later one,
 * else (before the first close) the calendar period.
 */
export async function billedPeriodOf(
  ctx: Ctx,
  rules: Pick<SettingValues, 'BILLING_DAY' | 'TIMEZONE'>,
  instant: Date,
): Promise<BillingPeriod> {
  return billedPeriodAt(await closedBillingPeriods(ctx), instant, rules.BILLING_DAY, rules.TIMEZONE);
}

import { priceInForce, type PricePoint } from '../tariff/tariff-price.js';
import {
  billingPeriodAt,
  previousBillingPeriod,
  type BillingPeriod,
  type ClosedBillingPeriod,
} from './billing-period.js';

const DAY_MS = 86_400_000;

/**
 * A stretch shorter than this between the last closed period and the next period start (after
 * BILLING_DAY or TIMEZONE changed) is not billed on its own: it joins the following period, so
 * no client pays a full tariff price for a few days or hours.
 */
export const MIN_PERIOD_DAYS = 15;

/** At most this many periods are closed in one catch-up (ten years of downtime). */
const MAX_CATCH_UP = 120;

/**
 * The periods to close now, oldest first (R-BIL-1, R-BIL-2). Pure.
 *
 * - Nothing closed yet: only the period that ended last (history before the system is not billed).
 * - Otherwise every period that has ended since the last closed one, contiguous with it: each runs
 *   from the previous end to the next period start under the current BILLING_DAY and TIMEZONE, so
 *   after a change the first one is a transition (merged into the next when under MIN_PERIOD_DAYS).
 *   Contiguity means every DONE order is paid out exactly once, whatever the settings did.
 */
export function periodsToClose(
  lastClosedEnd: Date | null,
  now: Date,
  billingDay: number,
  timeZone: string,
): BillingPeriod[] {
  if (!lastClosedEnd) {
    const previous = previousBillingPeriod(billingPeriodAt(now, billingDay, timeZone), billingDay, timeZone);
    return [previous];
  }
  const out: BillingPeriod[] = [];
  for (const period of periodsFrom(lastClosedEnd, billingDay, timeZone)) {
    if (period.end.getTime() > now.getTime()) break;
    out.push(period);
  }
  return out;
}

/**
 * The billing period `now` is in (R-BIL-1): the one its close will bill, so everything that counts
 * "this period" (the tariff limit, usage) uses the invoice's bounds — also in the transition after a
 * BILLING_DAY or TIMEZONE change. Before the first close (or on a clock behind the last close) it is
 * the calendar period. Pure.
 */
export function currentPeriod(
  lastClosedEnd: Date | null,
  now: Date,
  billingDay: number,
  timeZone: string,
): BillingPeriod {
  if (lastClosedEnd && lastClosedEnd.getTime() <= now.getTime()) {
    for (const period of periodsFrom(lastClosedEnd, billingDay, timeZone)) {
      if (period.end.getTime() > now.getTime()) return period;
    }
  }
  return billingPeriodAt(now, billingDay, timeZone);
}

/**
 * The billing period `instant` is in, as the close billed it or will bill it (R-BIL-1), so that
 * every reader (dashboard, reports) shows the stretch an invoice covers. `closed` holds the closed
 * periods (the rows of billing_period), oldest first. Pure.
 *
 * - Inside a closed period: that period, with the bounds it was billed with.
 * - At or after the last close's end: {@link currentPeriod} (the period in progress, a transition
 *   after a BILLING_DAY or TIMEZONE change included), then the calendar periods that follow it.
 * - Before the first close (or nothing closed yet): the calendar period under the current settings,
 *   cut where a closed period starts or ends, so it never overlaps a billed one.
 */
export function billedPeriodAt(
  closed: readonly BillingPeriod[],
  instant: Date,
  billingDay: number,
  timeZone: string,
): BillingPeriod {
  const t = instant.getTime();
  const last = closed.at(-1);
  if (last && t >= last.end.getTime()) return currentPeriod(last.end, instant, billingDay, timeZone);
  let closedBefore: Date | null = null;
  let closedAfter: Date | null = null;
  for (const period of closed) {
    if (period.end.getTime() <= t) closedBefore = period.end;
    else if (period.start.getTime() <= t) return period;
    else {
      closedAfter = period.start;
      break;
    }
  }
  const calendar = billingPeriodAt(instant, billingDay, timeZone);
  return {
    start: closedBefore && closedBefore.getTime() > calendar.start.getTime() ? closedBefore : calendar.start,
    end: closedAfter && closedAfter.getTime() < calendar.end.getTime() ? closedAfter : calendar.end,
  };
}

/**
 * The zone a span's days are read in (R-BIL-1): a closed period keeps the TIMEZONE it was closed under (its
 * invoices and payouts were cut at 00:00 there), so when `closed` holds a period with exactly these bounds it
 * is that one; anything else (the period in progress, a date range) is read in `timeZone`, TIMEZONE now. Pure.
 */
export function periodTimeZone(closed: readonly ClosedBillingPeriod[], span: BillingPeriod, timeZone: string): string {
  const same = closed.find((p) => p.start.getTime() === span.start.getTime() && p.end.getTime() === span.end.getTime());
  return same?.timeZone ?? timeZone;
}

/** The periods from `start` on, as the close will bill them: each ends at {@link nextPeriodEnd}. */
function* periodsFrom(start: Date, billingDay: number, timeZone: string): Generator<BillingPeriod> {
  for (let n = 0; n < MAX_CATCH_UP; n++) {
    const end = nextPeriodEnd(start, billingDay, timeZone);
    yield { start, end };
    start = end;
  }
}

/** The end of the period that starts at `start`: the first period start after it, at least MIN_PERIOD_DAYS on. */
export function nextPeriodEnd(start: Date, billingDay: number, timeZone: string): Date {
  let end = billingPeriodAt(start, billingDay, timeZone).end;
  if (end.getTime() - start.getTime() < MIN_PERIOD_DAYS * DAY_MS) end = billingPeriodAt(end, billingDay, timeZone).end;
  return end;
}

/**
 * What an invoice for a period charges at a tariff: the price in force at the period start
 * (R-TAR-1); a tariff created during the period charges its first price. "0.00" without prices.
 */
export function invoiceAmount(prices: readonly PricePoint[], periodStart: Date): string {
  const price = priceInForce(prices, periodStart) ?? earliest(prices);
  return price?.price ?? '0.00';
}

function earliest<T extends PricePoint>(prices: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const p of prices) if (!best || p.effectiveFrom.getTime() < best.effectiveFrom.getTime()) best = p;
  return best;
}

/** Adds money strings exactly (cents as bigint): never floats. */
export function sumMoney(amounts: readonly string[]): string {
  let cents = 0n;
  for (const a of amounts) {
    const [whole, frac = ''] = a.split('.');
    cents += BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
  }
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

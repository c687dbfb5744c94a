/** Pure rules about tariff prices (R-TAR-1). */

/** A money amount as text: up to 9 whole digits and up to 2 decimals, never a float. */
export const MONEY_PATTERN = /^\d{1,9}(\.\d{1,2})?$/;

/** The largest reaction time a tariff may promise: one year in minutes. */
export const MAX_REACTION_MINUTES = 525_600;

/** The largest per-period order allowance; more than this is "unlimited" (null). */
export const MAX_ORDERS_PER_PERIOD = 100_000;

/** How far ahead of the billing period in progress a price may be scheduled (R-TAR-1). */
export const PRICE_LEAD_YEARS = 3;

/**
 * The moments a new price may take effect from, both included (R-TAR-1, R-BIL-1): from the start of the
 * billing period in progress — every earlier period is closed or being closed, its invoice charging the price
 * in force at its own start, which a later entry must not rewrite — to PRICE_LEAD_YEARS after it (a moment
 * further out is a typo, not a plan). Pure.
 */
export function priceMomentBounds(currentPeriodStart: Date): { min: Date; max: Date } {
  const max = new Date(currentPeriodStart.getTime());
  max.setUTCFullYear(max.getUTCFullYear() + PRICE_LEAD_YEARS);
  return { min: new Date(currentPeriodStart.getTime()), max };
}

export interface PricePoint {
  price: string;
  effectiveFrom: Date;
}

/**
 * The price in force at an instant: the one with the latest effectiveFrom ≤ instant;
 * undefined when every price starts later (the tariff had no price yet).
 */
export function priceInForce<T extends PricePoint>(prices: readonly T[], instant: Date): T | undefined {
  let best: T | undefined;
  for (const p of prices) {
    if (p.effectiveFrom.getTime() > instant.getTime()) continue;
    if (!best || p.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = p;
  }
  return best;
}

/** Normalises a money string to two decimals ("1500" → "1500.00"); undefined when it is not money. */
export function normalizeMoney(input: string): string | undefined {
  const s = input.trim();
  if (!MONEY_PATTERN.test(s)) return undefined;
  const [whole, frac = ''] = s.split('.');
  return `${BigInt(whole!).toString()}.${frac.padEnd(2, '0')}`;
}

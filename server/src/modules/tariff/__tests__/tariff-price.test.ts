import { describe, expect, it } from 'vitest';
import { normalizeMoney, PRICE_LEAD_YEARS, priceInForce, priceMomentBounds } from '../tariff-price.js';

const at = (iso: string) => new Date(iso);
const history = [
  { price: '1000.00', effectiveFrom: at('2025-01-01T00:00:00Z') },
  { price: '1500.00', effectiveFrom: at('2025-06-01T00:00:00Z') },
  { price: '1200.00', effectiveFrom: at('2025-03-01T00:00:00Z') },
];

describe('R-TAR-1 price in force', () => {
  it('is the latest price whose effectiveFrom is at or before the instant', () => {
    expect(priceInForce(history, at('2025-04-15T12:00:00Z'))?.price).toBe('1200.00');
    expect(priceInForce(history, at('2025-12-31T00:00:00Z'))?.price).toBe('1500.00');
  });

  it('takes a price from the very moment it becomes effective, not a millisecond earlier', () => {
    expect(priceInForce(history, at('2025-06-01T00:00:00Z'))?.price).toBe('1500.00');
    expect(priceInForce(history, at('2025-05-31T23:59:59.999Z'))?.price).toBe('1200.00');
  });

  it('is undefined before the first price and for an empty history', () => {
    expect(priceInForce(history, at('2024-12-31T23:59:59Z'))).toBeUndefined();
    expect(priceInForce([], at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('money input', () => {
  it('normalises to two decimals', () => {
    expect(normalizeMoney('1500')).toBe('1500.00');
    expect(normalizeMoney('0.5')).toBe('0.50');
    expect(normalizeMoney('007.25')).toBe('7.25');
    expect(normalizeMoney('999999999.99')).toBe('999999999.99');
  });

  it('refuses negatives, floats in exponent form, too many digits and junk', () => {
    for (const bad of ['-1', '1e3', '1.234', '1234567890', '', 'abc', '1,5', '.5', 'NaN']) {
      expect(normalizeMoney(bad), bad).toBeUndefined();
    }
  });
});

describe('R-TAR-1 R-BIL-1 moments a new price may take effect from', () => {
  const periodStart = at('2026-10-31T21:00:00Z'); // 1 November 00:00 in Europe/Moscow

  it('start at the billing period in progress and end PRICE_LEAD_YEARS later, both included', () => {
    const { min, max } = priceMomentBounds(periodStart);
    expect(min.toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(max.toISOString()).toBe(`${2026 + PRICE_LEAD_YEARS}-10-31T21:00:00.000Z`);
  });

  it('do not share the Date they were given', () => {
    const { min } = priceMomentBounds(periodStart);
    min.setUTCFullYear(1);
    expect(periodStart.toISOString()).toBe('2026-10-31T21:00:00.000Z');
  });
});

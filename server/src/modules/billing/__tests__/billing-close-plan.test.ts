import { describe, expect, it } from 'vitest';
import {
  billedPeriodAt,
  currentPeriod,
  invoiceAmount,
  nextPeriodEnd,
  periodTimeZone,
  periodsToClose,
  sumMoney,
} from '../billing-close-plan.js';

const MSK = 'Europe/Moscow';
const iso = (periods: Array<{ start: Date; end: Date }>) =>
  periods.map((p) => [p.start.toISOString(), p.end.toISOString()]);

describe('R-BIL-1 the period everything counts in is the one the close will bill', () => {
  const one = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];

  it('R-BIL-1 BILLING_DAY 28 → 1: the transition joins the next period, Feb 28 → Apr 1, from the first day on', () => {
    const last = new Date('2027-02-28T00:00:00Z');
    for (const now of ['2027-02-28T12:00:00Z', '2027-03-10T00:00:00Z', '2027-03-31T23:59:59Z']) {
      expect(one(currentPeriod(last, new Date(now), 1, 'UTC'))).toEqual([
        '2027-02-28T00:00:00.000Z',
        '2027-04-01T00:00:00.000Z',
      ]);
    }
    expect(one(currentPeriod(last, new Date('2027-04-01T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2027-04-01T00:00:00.000Z',
      '2027-05-01T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 BILLING_DAY 1 → 28: the period starts at the last close (Mar 1), never in the period already billed', () => {
    const last = new Date('2027-03-01T00:00:00Z');
    expect(one(currentPeriod(last, new Date('2027-03-10T00:00:00Z'), 28, 'UTC'))).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-03-28T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 it is the period the close run at its end closes, also after downtime', () => {
    const last = new Date('2027-01-15T00:00:00Z');
    for (const now of ['2027-01-20T00:00:00Z', '2027-06-03T08:00:00Z', '2028-02-14T23:59:59Z']) {
      const current = currentPeriod(last, new Date(now), 1, MSK);
      expect(periodsToClose(last, current.end, 1, MSK).at(-1)).toEqual(current);
    }
  });

  it('R-BIL-1 before the first close, or on a clock behind it, the calendar period', () => {
    expect(one(currentPeriod(null, new Date('2027-03-10T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-04-01T00:00:00.000Z',
    ]);
    const last = new Date('2027-03-01T00:00:00Z');
    expect(one(currentPeriod(last, new Date('2027-02-28T23:59:58Z'), 1, 'UTC'))).toEqual([
      '2027-02-01T00:00:00.000Z',
      '2027-03-01T00:00:00.000Z',
    ]);
  });
});

describe('R-BIL-1 the billing period of any moment is the one the close billed or will bill', () => {
  const one = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];
  const at = (iso: string) => new Date(iso);
  // Closed under BILLING_DAY=28 (Jan 28 → Feb 28, Feb 28 → Mar 28); the owner then set BILLING_DAY=1.
  const closed = [
    { start: at('2027-01-28T00:00:00Z'), end: at('2027-02-28T00:00:00Z') },
    { start: at('2027-02-28T00:00:00Z'), end: at('2027-03-28T00:00:00Z') },
  ];

  it('R-BIL-1 a moment in a closed period belongs to that period as billed, whatever BILLING_DAY is now', () => {
    for (const moment of ['2027-01-28T00:00:00Z', '2027-02-27T23:59:59Z']) {
      expect(one(billedPeriodAt(closed, at(moment), 1, 'UTC'))).toEqual([
        '2027-01-28T00:00:00.000Z',
        '2027-02-28T00:00:00.000Z',
      ]);
    }
    // The calendar under BILLING_DAY=1 would say Mar 1 → Apr 1: already billed up to Mar 28.
    expect(one(billedPeriodAt(closed, at('2027-03-10T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2027-02-28T00:00:00.000Z',
      '2027-03-28T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 at or after the last close: the period in progress (Mar 28 → May 1, the short transition joined), then calendar periods', () => {
    for (const moment of ['2027-03-28T00:00:00Z', '2027-04-30T23:59:59Z']) {
      const period = billedPeriodAt(closed, at(moment), 1, 'UTC');
      expect(one(period)).toEqual(['2027-03-28T00:00:00.000Z', '2027-05-01T00:00:00.000Z']);
      expect(period).toEqual(currentPeriod(closed[1]!.end, at(moment), 1, 'UTC'));
      expect(periodsToClose(closed[1]!.end, period.end, 1, 'UTC')).toEqual([period]);
    }
    expect(one(billedPeriodAt(closed, at('2027-05-01T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2027-05-01T00:00:00.000Z',
      '2027-06-01T00:00:00.000Z',
    ]);
    expect(one(billedPeriodAt(closed, at('2040-07-15T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2040-07-01T00:00:00.000Z',
      '2040-08-01T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 BILLING_DAY 1 → 28: the period in progress starts at the last close, never in the billed period', () => {
    const february = [{ start: at('2027-02-01T00:00:00Z'), end: at('2027-03-01T00:00:00Z') }];
    expect(one(billedPeriodAt(february, at('2027-03-10T00:00:00Z'), 28, 'UTC'))).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-03-28T00:00:00.000Z',
    ]);
    expect(one(billedPeriodAt(february, at('2027-02-20T00:00:00Z'), 28, 'UTC'))).toEqual([
      '2027-02-01T00:00:00.000Z',
      '2027-03-01T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 before the first close, calendar periods, cut where the first closed period starts', () => {
    expect(one(billedPeriodAt(closed, at('2027-01-10T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-01-28T00:00:00.000Z',
    ]);
    expect(one(billedPeriodAt(closed, at('2026-12-10T00:00:00Z'), 1, 'UTC'))).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(one(billedPeriodAt([], at('2027-03-10T00:00:00Z'), 28, MSK))).toEqual([
      '2027-02-27T21:00:00.000Z',
      '2027-03-27T21:00:00.000Z',
    ]);
  });

  it('R-BIL-1 agrees with the closes that a run of closes across BILLING_DAY and TIMEZONE changes made', () => {
    // Close as the job would: day 1 in Moscow, then day 20 in UTC, then day 5 in UTC.
    const history: Array<{ start: Date; end: Date }> = [];
    const closeUntil = (now: string, day: number, zone: string) =>
      history.push(...periodsToClose(history.at(-1)?.end ?? null, at(now), day, zone));
    closeUntil('2027-01-01T00:00:00Z', 1, MSK);
    closeUntil('2027-03-01T00:00:00Z', 1, MSK);
    closeUntil('2027-05-01T00:00:00Z', 20, 'UTC');
    closeUntil('2027-08-01T00:00:00Z', 5, 'UTC');
    for (const period of history) {
      for (const moment of [period.start, new Date((period.start.getTime() + period.end.getTime()) / 2)]) {
        expect(billedPeriodAt(history, moment, 5, 'UTC')).toEqual(period);
      }
    }
  });
});

describe('R-BIL-2 which periods a close run closes', () => {
  it('R-BIL-2 with nothing closed yet, only the period that just ended', () => {
    const now = new Date('2027-02-28T21:00:05Z'); // 1 March 00:00:05 in Moscow
    expect(iso(periodsToClose(null, now, 1, MSK))).toEqual([['2027-01-31T21:00:00.000Z', '2027-02-28T21:00:00.000Z']]);
  });

  it('R-BIL-1 R-BIL-2 BILLING_DAY=28 across month ends: Jan 28 → Feb 28 → Mar 28', () => {
    const last = new Date('2027-01-28T00:00:00Z');
    expect(periodsToClose(last, new Date('2027-02-27T23:59:59Z'), 28, 'UTC')).toEqual([]);
    expect(iso(periodsToClose(last, new Date('2027-02-28T00:00:00Z'), 28, 'UTC'))).toEqual([
      ['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
    ]);
    expect(nextPeriodEnd(new Date('2027-02-28T00:00:00Z'), 28, 'UTC').toISOString()).toBe('2027-03-28T00:00:00.000Z');
  });

  it('R-BIL-2 after downtime every ended period is closed, contiguous, oldest first', () => {
    const last = new Date('2026-11-30T21:00:00Z'); // 1 Dec, Moscow
    const now = new Date('2027-02-10T09:00:00Z');
    expect(iso(periodsToClose(last, now, 1, MSK))).toEqual([
      ['2026-11-30T21:00:00.000Z', '2026-12-31T21:00:00.000Z'],
      ['2026-12-31T21:00:00.000Z', '2027-01-31T21:00:00.000Z'],
    ]);
  });

  it('R-BIL-1 R-BIL-2 BILLING_DAY changed between periods: the next one runs from the last close to the new day', () => {
    const last = new Date('2027-02-01T00:00:00Z'); // closed under BILLING_DAY=1
    // Now BILLING_DAY=20: a transition 1 Feb → 20 Feb, then 20 Feb → 20 Mar.
    expect(iso(periodsToClose(last, new Date('2027-03-21T00:00:00Z'), 20, 'UTC'))).toEqual([
      ['2027-02-01T00:00:00.000Z', '2027-02-20T00:00:00.000Z'],
      ['2027-02-20T00:00:00.000Z', '2027-03-20T00:00:00.000Z'],
    ]);
  });

  it('R-BIL-2 a transition shorter than MIN_PERIOD_DAYS joins the following period', () => {
    const last = new Date('2027-02-01T00:00:00Z');
    // BILLING_DAY=5: 1 → 5 Feb would be 4 days; billed as one period 1 Feb → 5 Mar.
    expect(periodsToClose(last, new Date('2027-02-06T00:00:00Z'), 5, 'UTC')).toEqual([]);
    expect(iso(periodsToClose(last, new Date('2027-03-05T00:00:00Z'), 5, 'UTC'))).toEqual([
      ['2027-02-01T00:00:00.000Z', '2027-03-05T00:00:00.000Z'],
    ]);
    // TIMEZONE moved from Moscow to UTC: the 3-hour gap joins the next period too.
    const moscowEnd = new Date('2027-01-31T21:00:00Z');
    expect(nextPeriodEnd(moscowEnd, 1, 'UTC').toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it('R-BIL-2 a period never ends after now and never overlaps the last closed one', () => {
    const last = new Date('2027-01-15T00:00:00Z');
    const now = new Date('2028-06-01T00:00:00Z');
    const periods = periodsToClose(last, now, 15, 'UTC');
    expect(periods[0]!.start).toEqual(last);
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toEqual(periods[i - 1]!.end);
    expect(periods.at(-1)!.end.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(periods).toHaveLength(16);
  });
});

describe('R-TAR-1 R-BIL-2 invoice amounts', () => {
  const prices = [
    { price: '1000.00', effectiveFrom: new Date('2026-01-01T00:00:00Z') },
    { price: '1200.00', effectiveFrom: new Date('2027-02-01T00:00:00Z') },
  ];

  it('R-TAR-1 the price in force at the period start, not a later one', () => {
    expect(invoiceAmount(prices, new Date('2027-01-01T00:00:00Z'))).toBe('1000.00');
    expect(invoiceAmount(prices, new Date('2027-02-01T00:00:00Z'))).toBe('1200.00');
  });

  it('R-TAR-1 a tariff created during the period charges its first price; none at all charges nothing', () => {
    expect(invoiceAmount(prices, new Date('2025-06-01T00:00:00Z'))).toBe('1000.00');
    expect(invoiceAmount([], new Date('2025-06-01T00:00:00Z'))).toBe('0.00');
  });

  it('sums money exactly', () => {
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['0.10', '0.20', '1000000.05', '7'])).toBe('1000007.35');
  });
});

describe('R-BIL-1 a closed period is read in the TIMEZONE it was closed under', () => {
  const closed = [
    { start: new Date('2031-01-31T21:00:00Z'), end: new Date('2031-02-28T21:00:00Z'), timeZone: MSK },
    { start: new Date('2031-02-28T21:00:00Z'), end: new Date('2031-03-31T14:00:00Z'), timeZone: 'Asia/Vladivostok' },
  ];

  it('R-BIL-1 exactly a closed period: its own zone; anything else: TIMEZONE now', () => {
    const now = 'Asia/Vladivostok';
    expect(periodTimeZone(closed, closed[0]!, now)).toBe(MSK);
    expect(periodTimeZone(closed, { start: closed[1]!.start, end: closed[1]!.end }, 'UTC')).toBe('Asia/Vladivostok');
    // The period in progress, and a range that only starts where a closed period does.
    expect(periodTimeZone(closed, { start: closed[1]!.end, end: new Date('2031-04-30T14:00:00Z') }, now)).toBe(now);
    expect(periodTimeZone(closed, { start: closed[0]!.start, end: new Date('2031-02-10T00:00:00Z') }, now)).toBe(now);
  });
});

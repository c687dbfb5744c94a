import { describe, expect, it } from 'vitest';
import { billingPeriodAt, previousBillingPeriod } from '../billing-period.js';

const MSK = 'Europe/Moscow';

describe('R-BIL-1 billing period bounds', () => {
  it('R-BIL-1 starts at BILLING_DAY 00:00 in the time zone and ends at the same moment next month', () => {
    const p = billingPeriodAt(new Date('2026-03-15T12:00:00Z'), 1, MSK);
    expect(p.start.toISOString()).toBe('2026-02-28T21:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-31T21:00:00.000Z');
  });

  it('R-BIL-1 an instant before the billing day belongs to the previous month’s period', () => {
    const p = billingPeriodAt(new Date('2026-03-09T12:00:00Z'), 10, MSK);
    expect(p.start.toISOString()).toBe('2026-02-09T21:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-09T21:00:00.000Z');
  });

  it('R-BIL-1 the start moment itself is inside the period, the end moment is not', () => {
    const start = new Date('2026-02-28T21:00:00.000Z');
    expect(billingPeriodAt(start, 1, MSK).start).toEqual(start);
    expect(billingPeriodAt(new Date(start.getTime() - 1), 1, MSK).end).toEqual(start);
  });

  it('R-BIL-1 crosses the year end', () => {
    const p = billingPeriodAt(new Date('2026-01-03T00:00:00Z'), 28, 'UTC');
    expect(p.start.toISOString()).toBe('2025-12-28T00:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-01-28T00:00:00.000Z');
    expect(previousBillingPeriod(p, 28, 'UTC').start.toISOString()).toBe('2025-11-28T00:00:00.000Z');
  });

  it('R-BIL-1 follows daylight saving time in zones that have it', () => {
    // Berlin switches to summer time on 2026-03-29; the April period starts at local midnight (UTC+2).
    const p = billingPeriodAt(new Date('2026-04-15T00:00:00Z'), 1, 'Europe/Berlin');
    expect(p.start.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-04-30T22:00:00.000Z');
    const march = billingPeriodAt(new Date('2026-03-15T00:00:00Z'), 1, 'Europe/Berlin');
    expect(march.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });

  it('R-BIL-1 a billing day whose midnight a DST change skips starts at its first instant (01:00), not the evening before', () => {
    // America/Santiago: 2025-09-07 00:00 -04 does not exist; the clock jumps to 01:00 -03 (04:00Z).
    const SCL = 'America/Santiago';
    const september = billingPeriodAt(new Date('2025-09-07T04:00:00Z'), 7, SCL);
    expect(september.start.toISOString()).toBe('2025-09-07T04:00:00.000Z');
    expect(september.end.toISOString()).toBe('2025-10-07T03:00:00.000Z');
    // 03:30Z is Sep 6, 23:30 local: still the August period, which ends where September's starts.
    const august = billingPeriodAt(new Date('2025-09-07T03:30:00Z'), 7, SCL);
    expect(august.start.toISOString()).toBe('2025-08-07T04:00:00.000Z');
    expect(august.end).toEqual(september.start);
    expect(previousBillingPeriod(september, 7, SCL)).toEqual(august);
    // America/Havana: 2025-03-09 00:00 -05 does not exist; the clock jumps to 01:00 -04 (05:00Z).
    const havana = billingPeriodAt(new Date('2025-03-20T12:00:00Z'), 9, 'America/Havana');
    expect(havana.start.toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(billingPeriodAt(new Date('2025-03-09T04:59:59Z'), 9, 'America/Havana').end).toEqual(havana.start);
  });

  it('R-BIL-1 refuses billing days outside 1..28', () => {
    expect(() => billingPeriodAt(new Date(), 29, MSK)).toThrow(RangeError);
    expect(() => billingPeriodAt(new Date(), 0, MSK)).toThrow(RangeError);
  });
});

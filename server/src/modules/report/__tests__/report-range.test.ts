import { describe, expect, it } from 'vitest';
import { billingPeriodsIn, reportRange } from '../report-range.js';

const at = (iso: string) => new Date(iso);
const iso = (r: { from?: Date; to?: Date; start?: Date; end?: Date }) =>
  [r.from ?? r.start, r.to ?? r.end].map((d) => d!.toISOString());

describe('R-BIL-1 report spans', () => {
  const now = at('2027-03-10T12:00:00Z');

  it('R-REP-1 without a period or range: the current billing period in TIMEZONE', () => {
    expect(iso(reportRange({}, now, [], 5, 'Europe/Moscow'))).toEqual([
      '2027-03-04T21:00:00.000Z',
      '2027-04-04T21:00:00.000Z',
    ]);
  });

  it('R-REP-1 a period start picks the billing period containing it', () => {
    expect(iso(reportRange({ periodStart: at('2027-01-01T00:00:00Z') }, now, [], 1, 'UTC'))).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
    expect(iso(reportRange({ periodStart: at('2027-01-17T08:00:00Z') }, now, [], 1, 'UTC'))).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
  });

  it('R-REP-1 a date range is taken as it is, [from, to)', () => {
    const r = reportRange({ from: at('2027-01-03T00:00:00Z'), to: at('2027-01-04T00:00:00Z') }, now, [], 1, 'UTC');
    expect(iso(r)).toEqual(['2027-01-03T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
  });

  it('R-REP-1 refuses a half range, an empty range, a too long one and a period mixed with a range', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { extensions: { field: string } }).extensions.field;
      }
      return 'accepted';
    };
    expect(field(() => reportRange({ from: now }, now, [], 1, 'UTC'))).toBe('filter.to');
    expect(field(() => reportRange({ to: now }, now, [], 1, 'UTC'))).toBe('filter.from');
    expect(field(() => reportRange({ from: now, to: now }, now, [], 1, 'UTC'))).toBe('filter.to');
    expect(field(() => reportRange({ from: at('2020-01-01T00:00:00Z'), to: now }, now, [], 1, 'UTC'))).toBe(
      'filter.to',
    );
    expect(field(() => reportRange({ periodStart: now, from: now, to: now }, now, [], 1, 'UTC'))).toBe(
      'filter.periodStart',
    );
    expect(field(() => reportRange({ periodStart: new Date('x') }, now, [], 1, 'UTC'))).toBe('filter.periodStart');
  });

  it('R-REP-1 splits a range into the billing periods it touches, clipped to the range', () => {
    const pieces = billingPeriodsIn(
      { from: at('2027-01-20T00:00:00Z'), to: at('2027-03-05T00:00:00Z') },
      [],
      10,
      'UTC',
    );
    expect(pieces.map(iso)).toEqual([
      ['2027-01-20T00:00:00.000Z', '2027-02-10T00:00:00.000Z'],
      ['2027-02-10T00:00:00.000Z', '2027-03-05T00:00:00.000Z'],
    ]);
    const one = billingPeriodsIn({ from: at('2027-02-10T00:00:00Z'), to: at('2027-03-10T00:00:00Z') }, [], 10, 'UTC');
    expect(one.map(iso)).toEqual([['2027-02-10T00:00:00.000Z', '2027-03-10T00:00:00.000Z']]);
  });
});

describe('R-BIL-1 report spans are the billing periods the close billed or will bill', () => {
  // Jan 28 → Feb 28 was closed under BILLING_DAY=28; on Mar 10 the owner set BILLING_DAY=1.
  const closed = [{ start: at('2027-01-28T00:00:00Z'), end: at('2027-02-28T00:00:00Z') }];
  const now = at('2027-03-10T12:00:00Z');

  it('R-BIL-1 R-REP-1 without a period or range: the period in progress, from the last close to the next period start', () => {
    // Feb 28 → Mar 1 is too short to bill alone: the next invoice covers Feb 28 → Apr 1.
    expect(iso(reportRange({}, now, closed, 1, 'UTC'))).toEqual([
      '2027-02-28T00:00:00.000Z',
      '2027-04-01T00:00:00.000Z',
    ]);
  });

  it('R-BIL-1 R-REP-1 a period start picks the period as billed, in a closed period or after the last one', () => {
    const period = (iso8601: string) => iso(reportRange({ periodStart: at(iso8601) }, now, closed, 1, 'UTC'));
    expect(period('2027-01-28T00:00:00Z')).toEqual(['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z']);
    expect(period('2027-02-01T00:00:00Z')).toEqual(['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z']);
    expect(period('2027-02-28T00:00:00Z')).toEqual(['2027-02-28T00:00:00.000Z', '2027-04-01T00:00:00.000Z']);
    expect(period('2027-04-01T00:00:00Z')).toEqual(['2027-04-01T00:00:00.000Z', '2027-05-01T00:00:00.000Z']);
    // Before the first close: calendar periods, up to where billing began.
    expect(period('2027-01-01T00:00:00Z')).toEqual(['2027-01-01T00:00:00.000Z', '2027-01-28T00:00:00.000Z']);
  });

  it('R-BIL-1 R-REP-1 a range splits at the bounds the close billed or will bill', () => {
    const pieces = billingPeriodsIn(
      { from: at('2027-01-15T00:00:00Z'), to: at('2027-04-15T00:00:00Z') },
      closed,
      1,
      'UTC',
    );
    expect(pieces.map(iso)).toEqual([
      ['2027-01-15T00:00:00.000Z', '2027-01-28T00:00:00.000Z'],
      ['2027-01-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
      ['2027-02-28T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
      ['2027-04-01T00:00:00.000Z', '2027-04-15T00:00:00.000Z'],
    ]);
  });
});

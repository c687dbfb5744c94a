import { describe, expect, it } from 'vitest';
import { dayIn, dayStartIn, todayIn } from './zoned-day';

describe('days in the TIMEZONE setting, not the browser’s zone (R-BIL-1)', () => {
  it('R-BIL-1 a chosen day starts at 00:00 in the given zone, and the next day at the following midnight', () => {
    expect(dayStartIn('2027-03-10', 'Europe/Moscow')).toBe('2027-03-09T21:00:00.000Z');
    expect(dayStartIn('2027-03-12', 'Europe/Moscow', 1)).toBe('2027-03-12T21:00:00.000Z');
    expect(dayStartIn('2027-03-10', 'Asia/Tokyo')).toBe('2027-03-09T15:00:00.000Z');
    expect(dayStartIn('2027-03-10', 'America/New_York')).toBe('2027-03-10T05:00:00.000Z');
    expect(dayStartIn('2026-12-31', 'UTC', 1)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('R-BIL-1 keeps to the zone’s own midnight across clock changes', () => {
    // Berlin sets clocks back on 25 October 2026: that day lasts 25 hours.
    expect(dayStartIn('2026-10-25', 'Europe/Berlin')).toBe('2026-10-24T22:00:00.000Z');
    expect(dayStartIn('2026-10-25', 'Europe/Berlin', 1)).toBe('2026-10-25T23:00:00.000Z');
    // Santiago skips 00:00 on 7 September 2025: the day starts at 01:00 (-03), as on the server.
    expect(dayStartIn('2025-09-07', 'America/Santiago')).toBe('2025-09-07T04:00:00.000Z');
  });

  it('gives nothing for an empty or malformed date', () => {
    expect(dayStartIn(undefined, 'Europe/Moscow')).toBeUndefined();
    expect(dayStartIn('', 'Europe/Moscow')).toBeUndefined();
    expect(dayStartIn('2027-3-1', 'Europe/Moscow')).toBeUndefined();
  });

  it('R-BIL-3 today is the zone’s date: 01:30 in Moscow is already tomorrow there, still today in UTC', () => {
    const now = new Date('2026-03-01T22:30:00Z');
    expect(todayIn('Europe/Moscow', now)).toBe('2026-03-02');
    expect(todayIn('UTC', now)).toBe('2026-03-01');
    // 22:00 in New York is still yesterday there, tomorrow in UTC.
    expect(todayIn('America/New_York', new Date('2026-03-02T03:00:00Z'))).toBe('2026-03-01');
    expect(dayIn('2031-01-31T21:00:00.000Z', 'Europe/Moscow')).toBe('2031-02-01');
  });
});

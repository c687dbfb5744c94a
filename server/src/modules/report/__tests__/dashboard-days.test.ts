import { describe, expect, it } from 'vitest';
import { lastDays } from '../dashboard.service.js';

describe('R-BIL-1 dashboard days follow TIMEZONE', () => {
  it('gives the last days oldest first, today last, each from local midnight to the next', () => {
    const days = lastDays(new Date('2027-03-03T13:56:00Z'), 3, 'UTC');
    expect(days.map((d) => [d.day, d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2027-03-01', '2027-03-01T00:00:00.000Z', '2027-03-02T00:00:00.000Z'],
      ['2027-03-02', '2027-03-02T00:00:00.000Z', '2027-03-03T00:00:00.000Z'],
      ['2027-03-03', '2027-03-03T00:00:00.000Z', '2027-03-04T00:00:00.000Z'],
    ]);
  });

  it('a day is local: late evening UTC is already tomorrow in Moscow, and a DST day is 23 hours long', () => {
    const moscow = lastDays(new Date('2027-03-03T22:30:00Z'), 1, 'Europe/Moscow');
    expect([moscow[0]!.day, moscow[0]!.start.toISOString()]).toEqual(['2027-03-04', '2027-03-03T21:00:00.000Z']);
    const berlin = lastDays(new Date('2027-03-29T12:00:00Z'), 2, 'Europe/Berlin');
    expect(berlin.map((d) => [d.day, (d.end.getTime() - d.start.getTime()) / 3_600_000])).toEqual([
      ['2027-03-28', 23],
      ['2027-03-29', 24],
    ]);
  });

  it('R-BIL-1 a day whose midnight a DST change skips starts at 01:00 and keeps its own name', () => {
    // America/Santiago skips 2025-09-07 00:00 (-04 to -03).
    const days = lastDays(new Date('2025-09-07T15:00:00Z'), 2, 'America/Santiago');
    expect(days.map((d) => [d.day, d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2025-09-06', '2025-09-06T04:00:00.000Z', '2025-09-07T04:00:00.000Z'],
      ['2025-09-07', '2025-09-07T04:00:00.000Z', '2025-09-08T03:00:00.000Z'],
    ]);
  });
});

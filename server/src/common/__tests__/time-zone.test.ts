import { describe, expect, it } from 'vitest';
import { wallClock, zonedTime } from '../time-zone.js';

const iso = (d: Date) => d.toISOString();

describe('R-BIL-1 local times resolved to instants', () => {
  it('R-BIL-1 an ordinary local time is the instant the zone’s clock shows it', () => {
    expect(iso(zonedTime(2026, 3, 1, 'Europe/Moscow'))).toBe('2026-02-28T21:00:00.000Z');
    expect(iso(zonedTime(2026, 13, 1, 'UTC', 5, 30))).toBe('2027-01-01T05:30:00.000Z');
  });

  it('R-BIL-1 a midnight skipped by a DST change resolves to the first instant after the gap (01:00), not the evening before', () => {
    // Santiago: 2025-09-07 00:00 -04 jumps to 01:00 -03; Havana: 2025-03-09 00:00 -05 jumps to 01:00 -04.
    const santiago = zonedTime(2025, 9, 7, 'America/Santiago');
    expect(iso(santiago)).toBe('2025-09-07T04:00:00.000Z');
    expect(wallClock(santiago, 'America/Santiago')).toMatchObject({ month: 9, day: 7, hour: 1, minute: 0 });
    const havana = zonedTime(2025, 3, 9, 'America/Havana');
    expect(iso(havana)).toBe('2025-03-09T05:00:00.000Z');
    expect(wallClock(havana, 'America/Havana')).toMatchObject({ month: 3, day: 9, hour: 1, minute: 0 });
    // A time inside the gap moves forward by the gap's length.
    expect(iso(zonedTime(2025, 9, 7, 'America/Santiago', 0, 30))).toBe('2025-09-07T04:30:00.000Z');
  });

  it('R-BIL-1 a local time that occurs twice (clocks set back) resolves to the earlier instant', () => {
    // Havana 2025-11-02: 01:00 -04 goes back to 00:00 -05, so 00:30 happens at 04:30Z and at 05:30Z.
    expect(iso(zonedTime(2025, 11, 2, 'America/Havana', 0, 30))).toBe('2025-11-02T04:30:00.000Z');
    // Berlin 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 is first at 00:30Z.
    expect(iso(zonedTime(2026, 10, 25, 'Europe/Berlin', 2, 30))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('R-BIL-1 times just around a change stay on their own side of it', () => {
    expect(iso(zonedTime(2025, 9, 6, 'America/Santiago', 23, 0))).toBe('2025-09-07T03:00:00.000Z');
    expect(iso(zonedTime(2025, 9, 7, 'America/Santiago', 1, 0))).toBe('2025-09-07T04:00:00.000Z');
    expect(iso(zonedTime(2026, 3, 29, 'Europe/Berlin', 3, 0))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTime(2026, 3, 29, 'Europe/Berlin', 2, 30))).toBe('2026-03-29T01:30:00.000Z');
  });
});

/** Time-zone arithmetic with Intl only (no tz database dependency). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name Intl knows (e.g. Europe/Moscow, Asia/Yekaterinburg, UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the zone's wall clock reads the given local time (month 1..12; overflow
 * normalised). Like Temporal's 'compatible' disambiguation: a time that occurs twice (clocks set
 * back) is its earlier occurrence; a time skipped by a change (clocks set forward, e.g. midnight in
 * America/Santiago on 2025-09-07) moves forward by the gap's length, so a day or period starts at
 * the first instant that exists on it (01:00), never on the evening before.
 */
export function zonedTime(year: number, month: number, day: number, timeZone: string, hour = 0, minute = 0): Date {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  // Zone offsets change at most once within a day on either side of a local time.
  const before = offsetAt(new Date(local - DAY_MS), timeZone);
  const after = offsetAt(new Date(local + DAY_MS), timeZone);
  const fits = [before, after]
    .map((offset) => local - offset)
    .filter((instant) => local - offsetAt(new Date(instant), timeZone) === instant);
  if (fits.length > 0) return new Date(Math.min(...fits));
  // In a gap: read the local time with the offset in force before it.
  return new Date(local - before);
}

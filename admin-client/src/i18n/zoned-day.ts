/**
 * Days on a zone's wall clock, with Intl only (no date library): billing periods and report spans are days
 * from 00:00 in the server's TIMEZONE (R-BIL-1), whatever zone the browser is in.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
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
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a `yyyy-mm-dd` day (plus `days`) begins in `timeZone`, as an ISO string; undefined for anything
 * that is not such a date. As the server's `zonedTime` reads it: a midnight skipped by a clock change (e.g.
 * America/Santiago on 2025-09-07) moves forward to the day's first instant, a repeated one is its earlier.
 */
export function dayStartIn(date: string | undefined, timeZone: string, days = 0): string | undefined {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return undefined;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  // A zone's offset changes at most once within a day either side of a local time.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const fits = [before, after]
    .map((offset) => local - offset)
    .filter((instant) => local - offsetAt(instant, timeZone) === instant);
  return new Date(fits.length ? Math.min(...fits) : local - before).toISOString();
}

/** The `yyyy-mm-dd` day an instant falls on in `timeZone`. */
export function dayIn(instant: Date | string, timeZone: string): string {
  const w = wallClock(new Date(instant).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}`;
}

/** Today as `yyyy-mm-dd` in `timeZone` (e.g. the default "paid on" date, R-BIL-3). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayIn(now, timeZone);
}

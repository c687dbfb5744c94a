/** The calendar date (YYYY-MM-DD) of a moment in a time zone (for billing: TIMEZONE, R-BIL-1). */
export function calendarDate(moment: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    moment,
  );
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string): string {
  return calendarDate(new Date(), timeZone);
}

/** YYYY-MM-DD as people type it here: DD.MM.YYYY. */
export function toDayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** Why a typed date was not taken. */
export type DateRefusal = 'format' | 'calendar' | 'future';

/**
 * A payment date typed as DD.MM.YYYY (also D.M.YYYY, with / or -): the date as YYYY-MM-DD, or why not —
 * not in that form, not a calendar date (31.02), or after `today` (a payment cannot be made tomorrow).
 */
export function parsePastDate(text: string, today: string): { date: string } | { refused: DateRefusal } {
  const match = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(text);
  if (!match) return { refused: 'format' };
  const [, d, m, y] = match as unknown as [string, string, string, string];
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return { refused: 'calendar' };
  if (date > today) return { refused: 'future' };
  return { date };
}

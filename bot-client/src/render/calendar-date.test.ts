import { describe, expect, it } from 'vitest';
import { calendarDate, parsePastDate, toDayMonthYear } from './calendar-date.js';

describe('R-BIL-3 payment dates typed in the bot', () => {
  it('takes DD.MM.YYYY (and D.M.YYYY, / or -) up to today', () => {
    expect(parsePastDate('05.11.2026', '2026-11-21')).toEqual({ date: '2026-11-05' });
    expect(parsePastDate(' 5/1/2026 ', '2026-11-21')).toEqual({ date: '2026-01-05' });
    expect(parsePastDate('21-11-2026', '2026-11-21')).toEqual({ date: '2026-11-21' });
  });

  it('explains what is wrong: the form, a day that does not exist, a day still to come', () => {
    expect(parsePastDate('2026-11-05', '2026-11-21')).toEqual({ refused: 'format' });
    expect(parsePastDate('вчера', '2026-11-21')).toEqual({ refused: 'format' });
    expect(parsePastDate('31.02.2026', '2026-11-21')).toEqual({ refused: 'calendar' });
    expect(parsePastDate('10.13.2026', '2026-11-21')).toEqual({ refused: 'calendar' });
    expect(parsePastDate('22.11.2026', '2026-11-21')).toEqual({ refused: 'future' });
  });

  it('a moment’s date is the date in the given time zone', () => {
    const lateUtc = new Date('2026-11-21T22:30:00Z');
    expect(calendarDate(lateUtc, 'Europe/Moscow')).toBe('2026-11-22');
    expect(calendarDate(lateUtc, 'UTC')).toBe('2026-11-21');
    expect(toDayMonthYear('2026-11-05')).toBe('05.11.2026');
  });
});

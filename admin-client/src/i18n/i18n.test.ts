import { afterEach, describe, expect, it } from 'vitest';
import { en } from './messages.en';
import { ru } from './messages.ru';
import {
  formatDate,
  formatDayMonth,
  formatLastDay,
  formatMoney,
  formatPeriod,
  lang,
  setLang,
  setTimeZone,
  t,
  tOf,
} from './i18n';

afterEach(() => {
  setLang('ru');
  setTimeZone(undefined);
});

describe('panel language (Russian by default, English per user)', () => {
  it('starts in Russian and switches to English, remembering the choice', () => {
    expect(lang()).toBe('ru');
    expect(t('nav.orders')).toBe('Заявки');
    setLang('en');
    expect(t('nav.orders')).toBe('Orders');
    expect(localStorage.getItem('itsupport.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('fills placeholders and names data values, falling back to the raw value when unknown', () => {
    expect(t('signIn.tooManyAttempts', { seconds: 30 })).toBe('Слишком много попыток. Повторите через 30 с.');
    expect(tOf('status', 'IN_PROGRESS')).toBe('В работе');
    expect(tOf('kind', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('has every Russian text in English too, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ru) as Array<keyof typeof ru>) {
      expect(en[key], key).toBeTruthy();
      expect(placeholders(en[key]), key).toEqual(placeholders(ru[key]));
    }
  });
});

describe('dates in the TIMEZONE setting (PRODUCT.md §9)', () => {
  it('R-BIL-1 shows a billing period [start, end) by its first and last day in the server zone', () => {
    // The November period in Moscow: 2026-10-31T21:00Z … 2026-11-30T21:00Z (exclusive).
    setTimeZone('Europe/Moscow');
    expect(formatDate('2026-10-31T21:00:00.000Z')).toBe('01.11.2026');
    expect(formatLastDay('2026-11-30T21:00:00.000Z')).toBe('30.11.2026');
    // The same moments in UTC would read one day earlier: the zone matters.
    setTimeZone('UTC');
    expect(formatDate('2026-10-31T21:00:00.000Z')).toBe('31.10.2026');
    expect(formatLastDay(null)).toBe('—');
  });

  it('R-BIL-1 a billed period keeps the days of the zone it was closed in, whatever TIMEZONE is now', () => {
    // February 2031 closed in Moscow: [31 Jan 21:00, 28 Feb 21:00) UTC; TIMEZONE is Vladivostok now.
    setTimeZone('Asia/Vladivostok');
    expect(formatPeriod('2031-01-31T21:00:00.000Z', '2031-02-28T21:00:00.000Z', 'Europe/Moscow')).toBe(
      '01.02.2031 – 28.02.2031',
    );
  });

  it('names a day of a chart by day and month, in the order the panel’s language writes them', () => {
    // The dashboard's days are days in TIMEZONE already (DayCount.day); in any browser zone they stay those days.
    expect(formatDayMonth('2026-11-09')).toBe('09.11');
    setLang('en');
    expect(formatDayMonth('2026-11-09')).toBe('09/11');
  });
});

describe('money (R-REP-2, R-REP-5, billing)', () => {
  // Intl separates groups and the currency with no-break spaces; the test reads every space as one.
  const plain = (s: string) => s.replace(/\s/g, ' ');

  it('R-REP-2 R-REP-5 writes an amount as the exact decimal the API gave, not as the nearest float', () => {
    // 90 071 992 547 409,93 is not a float: through Number() it would show …409,94.
    expect(plain(formatMoney('90071992547409.93'))).toBe('90 071 992 547 409,93');
    expect(plain(formatMoney('90071992547409.93', { currency: true }))).toBe('90 071 992 547 409,93 ₽');
    setLang('en');
    expect(plain(formatMoney('1500', { currency: true }))).toBe('RUB 1,500.00');
  });
});

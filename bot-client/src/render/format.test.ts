import { describe, expect, it } from 'vitest';
import { periodDaysOf } from './format.js';

describe('R-BIL-1 a billing period [start, end) as its first and last day in TIMEZONE', () => {
  it('R-BIL-1 the exclusive end names the day before it: [1 Feb, 1 Mar) is 01.02 – 28.02', () => {
    // 00:00 Moscow time on 1 Feb and 1 Mar 2031.
    expect(periodDaysOf('2031-01-31T21:00:00.000Z', '2031-02-28T21:00:00.000Z', 'ru', 'Europe/Moscow')).toEqual({
      from: '01.02.2031',
      to: '28.02.2031',
    });
  });

  it('R-BIL-1 days are days in the given zone: a Vladivostok period is not read as Moscow days', () => {
    // 00:00 Vladivostok time (UTC+10) on 1 Feb and 1 Mar 2031: 17:00 Moscow time the day before.
    const start = '2031-01-31T14:00:00.000Z';
    const end = '2031-02-28T14:00:00.000Z';
    expect(periodDaysOf(start, end, 'en', 'Asia/Vladivostok')).toEqual({ from: '01/02/2031', to: '28/02/2031' });
    // Read in Moscow the period would start a day early.
    expect(periodDaysOf(start, end, 'ru', 'Europe/Moscow').from).toBe('31.01.2031');
  });

  it('R-BIL-1 a missing bound (an old notification payload) gives an empty day, not "Invalid Date"', () => {
    expect(periodDaysOf(undefined, null, 'ru', 'Europe/Moscow')).toEqual({ from: '', to: '' });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { LOCALES, Translations, type Locale } from '../i18n/i18n.js';
import { TRANSLATED_REASONS, refusalText } from './refusal-text.js';

const translations = new Translations();
const say = (
  extensions: Record<string, unknown>,
  locale: Locale = 'ru',
  message = 'server text in English',
  timeZone = vi.fn(async () => 'Europe/Moscow'),
) => refusalText({ message, extensions }, { t: translations.for(locale), locale, timeZone });

describe('server refusals in the person’s language', () => {
  it('names the field in the person’s words with the allowed range', async () => {
    const ext = { code: 'BAD_USER_INPUT', field: 'estimateHours', min: 1, max: 2 };
    expect(await say(ext)).toBe('Не принято: оценка в часах — допустимо от 1 до 2.');
    expect(await say(ext, 'en')).toBe('Not accepted: the estimate in hours must be from 1 to 2.');
  });

  it('shows a range of moments as days in TIMEZONE, asking for it only then', async () => {
    const timeZone = vi.fn(async () => 'Europe/Moscow');
    const ext = {
      code: 'BAD_USER_INPUT',
      field: 'effectiveFrom',
      min: '2026-10-31T21:00:00.000Z',
      max: '2029-10-31T21:00:00.000Z',
    };
    expect(await say(ext, 'ru', undefined, timeZone)).toBe(
      'Не принято: дата начала действия цены — допустимо от 01.11.2026 до 01.11.2029.',
    );
    expect(timeZone).toHaveBeenCalled();
    const numbers = vi.fn(async () => 'Europe/Moscow');
    await say({ code: 'BAD_USER_INPUT', field: 'estimateHours', min: 1, max: 2 }, 'ru', undefined, numbers);
    expect(numbers).not.toHaveBeenCalled();
  });

  it('a moment that is not midnight keeps its time', async () => {
    const ext = { code: 'BAD_USER_INPUT', field: 'effectiveFrom', max: '2026-11-22T09:30:00.000Z' };
    expect(await say(ext)).toBe('Не принято: дата начала действия цены — не больше 22.11.2026, 12:30.');
  });

  it('only one end: at least / at most', async () => {
    expect(await say({ code: 'BAD_USER_INPUT', field: 'text', max: 4096 }, 'en')).toBe(
      'Not accepted: the text must be at most 4,096.',
    );
    expect(await say({ code: 'BAD_USER_INPUT', field: 'price', min: '0' })).toBe('Не принято: цена — не меньше 0.');
  });

  it('an input path names its last field; a field without a label is named as the server calls it', async () => {
    expect(await say({ code: 'BAD_USER_INPUT', field: 'input.items[0].quantity', min: 1 })).toBe(
      'Не принято: количество — не меньше 1.',
    );
    expect(await say({ code: 'BAD_USER_INPUT', field: 'input.somethingNew' })).toBe(
      'Не принято: somethingNew — такое значение недопустимо.',
    );
  });

  it('the server’s own text only when it named no field', async () => {
    expect(await say({ code: 'BAD_USER_INPUT' }, 'ru', 'cursor is stale')).toBe('Не принято: cursor is stale');
  });

  it('every reason code has its own words in every locale, never the server’s text', async () => {
    for (const locale of LOCALES) {
      const texts = new Set<string>();
      for (const reason of TRANSLATED_REASONS) {
        const text = await say({ code: 'FORBIDDEN', reason, ordersInWork: 2 }, locale);
        expect(text, `${locale} ${reason}`).toBeTruthy();
        expect(text).not.toContain('server text');
        texts.add(text!);
      }
      expect(texts.size, locale).toBe(TRANSLATED_REASONS.length);
    }
    expect(
      await say({ code: 'BAD_USER_INPUT', field: 'role', reason: 'CONTRACTOR_HOLDS_ORDERS', ordersInWork: 2 }),
    ).toBe('У исполнителя есть заявки в работе (2): сначала их нужно освободить.');
  });

  it('FORBIDDEN without a known reason is the general refusal; other codes are not refusals', async () => {
    expect(await say({ code: 'FORBIDDEN', reason: 'SOMETHING_LATER' })).toBe('У вас нет прав на это действие.');
    expect(await say({ code: 'NOT_FOUND' })).toBeUndefined();
    expect(await say({ code: 'INTERNAL_SERVER_ERROR' })).toBeUndefined();
  });
});

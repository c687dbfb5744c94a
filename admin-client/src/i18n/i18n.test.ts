import { afterEach, describe, expect, it } from 'vitest';
import { en } from './messages.en';
import { ru } from './messages.ru';
import { lang, setLang, t, tOf } from './i18n';

afterEach(() => setLang('ru'));

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

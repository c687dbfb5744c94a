import type { Locale } from '../i18n/i18n.js';

/**
 * TIMEZONE's default value: a last resort, only where the server could not say what TIMEZONE is (a notification
 * whose payload names no zone, rendered without TIMEZONE at hand). Every screen asks the server for its zone.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** A moment as people read it, in a time zone (R-SLA-6: the client's own). */
export function formatTime(iso: string | null | undefined, locale: Locale, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** A calendar date (billing periods). */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

/**
 * A billing period's first and last day (R-BIL-1: `[start, end)`, days from 00:00 in the billing zone, TIMEZONE):
 * days in `zone` — not an account's display zone — and the last day is the one holding the moment before the
 * exclusive `end`, as the admin panel shows periods ("01.02 – 28.02" for [1 Feb, 1 Mar)). A missing bound (an old
 * notification payload) gives an empty string.
 */
export function periodDaysOf(
  startIso: string | null | undefined,
  endIso: string | null | undefined,
  locale: Locale,
  zone: string,
): { from: string; to: string } {
  return {
    from: startIso ? formatDate(startIso, locale, zone) : '',
    to: endIso ? formatDate(new Date(Date.parse(endIso) - 1).toISOString(), locale, zone) : '',
  };
}

/** A category's name in the locale. */
export function categoryName(c: { nameRu: string; nameEn: string }, locale: Locale): string {
  return locale === 'ru' ? c.nameRu : c.nameEn;
}

/** A Telegram link to a person: by @username when they have one, else by id. */
export function contactLink(p: { username?: string | null; telegramId?: string | null }): string | null {
  if (p.username) return `https://t.me/${p.username}`;
  if (p.telegramId) return `tg://user?id=${p.telegramId}`;
  return null;
}

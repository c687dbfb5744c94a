import { createSignal } from 'solid-js';
import { en } from './messages.en';
import { ru, type MessageKey } from './messages.ru';

export type { MessageKey } from './messages.ru';
export type Lang = 'ru' | 'en';

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ru, en };
const STORAGE_KEY = 'itsupport.lang';

function initialLang(): Lang {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'ru';
}

const [lang, setLangSignal] = createSignal<Lang>(initialLang());

/** The current UI language (Russian unless the user chose English). */
export { lang };

/**
 * The zone dates are shown in: the server's TIMEZONE setting (billing periods and "today" are defined in it),
 * unknown until the shell has read it — and the shell draws no page before that.
 */
const [timeZone, setTimeZone] = createSignal<string | undefined>(undefined);
export { timeZone, setTimeZone };

/** TIMEZONE, for the pages: the shell draws them only once it is known. */
export function displayTimeZone(): string {
  const zone = timeZone();
  if (!zone) throw new Error('TIMEZONE is not known yet: the shell draws pages only once it has read it');
  return zone;
}

/** The locale dates and numbers are written in: the panel's language. */
function locale(): string {
  return lang() === 'ru' ? 'ru-RU' : 'en-GB';
}

/** Switches the UI language; remembered in this browser (the server copy is set by the caller). */
export function setLang(next: Lang): void {
  setLangSignal(next);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Translates a key, filling `{name}` placeholders; reactive in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang()][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
}

/** Translates a key built from data (a status, a kind); falls back to the raw value when unknown. */
export function tOf(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  return key in ru ? t(key) : value;
}

/** A date and time in the panel's language. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale(), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: timeZone(),
  });
}

/** A calendar date in the panel's language, in `zone` when given (else the panel's: TIMEZONE). */
export function formatDate(iso: string | null | undefined, zone?: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(locale(), { timeZone: zone ?? timeZone() });
}

/** A calendar day given as `yyyy-mm-dd`, written in the panel's language; read as that day itself, in no zone. */
function formatDay(day: string, parts: Intl.DateTimeFormatOptions): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d)).toLocaleDateString(locale(), {
    ...parts,
    timeZone: 'UTC',
  });
}

/**
 * A calendar day as given (`yyyy-mm-dd`, already a day in TIMEZONE — e.g. the dashboard's days), as day and month
 * in the panel's language: 09.11 in Russian, 09/11 in English.
 */
export function formatDayMonth(day: string): string {
  return formatDay(day, { day: '2-digit', month: '2-digit' });
}

/** A calendar day as given (`yyyy-mm-dd`, e.g. an invoice's "paid on"), in full: 02.03.2026, 02/03/2026. */
export function formatCalendarDay(day: string | null | undefined): string {
  return day ? formatDay(day, { day: '2-digit', month: '2-digit', year: 'numeric' }) : '—';
}

/**
 * The last day of a span that ends at `end` exclusive — billing periods and report ranges are [start, end), so
 * a November period ends at 1 December 00:00 and its last day is 30 November.
 */
export function formatLastDay(end: string | null | undefined, zone?: string): string {
  if (!end) return '—';
  return formatDate(new Date(new Date(end).getTime() - 1).toISOString(), zone);
}

/**
 * A billed period `[start, end)` as its first and last day (R-BIL-1), in the zone it was billed in: a closed
 * period keeps the TIMEZONE of its close, which a later TIMEZONE change does not move.
 */
export function formatPeriod(start: string, end: string, zone: string): string {
  return `${formatDate(start, zone)} – ${formatLastDay(end, zone)}`;
}

/** The amounts the API gives: decimal strings such as `1500.00`. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A money amount (decimal string from the API) with grouping and two decimals; with `currency`, as an amount in
 * RUB (1 500,00 ₽, RUB 1,500.00). The string is formatted as the exact decimal it is, never through a float, so
 * no kopeck of a large sum moves.
 */
export function formatMoney(amount: string | null | undefined, options: { currency?: boolean } = {}): string {
  if (amount == null) return '—';
  if (!DECIMAL.test(amount)) return amount;
  return new Intl.NumberFormat(locale(), {
    ...(options.currency ? { style: 'currency', currency: 'RUB' } : {}),
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount as `${number}`);
}

/** A count of things (orders, breaches, cartridges) as a whole number with grouping: 1 500, 1,500. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(n);
}

/** A percentage (75 for 75 %, not 0.75) with at most one decimal: 33,3 %, 33.3%. */
export function formatPercent(percent: number): string {
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: 'percent', maximumFractionDigits: 1 }).format(percent);
}

/** A measured figure (a share in %, a time in minutes) with at most one decimal and grouping: 1 440, 33,3. */
export function formatDecimal(n: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);
}

import type { ApiError } from '../api.js';
import type { Locale, Translate } from '../i18n/i18n.js';
import { formatDate, formatTime } from '../render/format.js';

/**
 * The server's refusal reasons (`extensions.reason`, RefusalReason in server/src/common/errors.ts) the bot has
 * its own words for: message `refusal-<reason in kebab case>` in every locale.
 */
export const TRANSLATED_REASONS = [
  'ROLE_NOT_ALLOWED',
  'SCOPE_MISSING',
  'NOT_FOR_API_KEYS',
  'BOT_SERVICE_ONLY',
  'NOT_ORDER_HOLDER',
  'CONTRACTOR_HOLDS_ORDERS',
] as const;

/** An ISO date-time as the server sends a range's ends (e.g. a price's effectiveFrom bounds). */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const kebab = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();

/** `input.items[0].quantity` → `quantity`: the input field's own name, which the labels are keyed by. */
const fieldName = (path: string) =>
  path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop()!;

/** Renders a message, or undefined when the locale has no such message (an optional translation). */
function attempt(t: Translate, id: string, args?: Parameters<Translate>[1]): string | undefined {
  try {
    return t(id, args);
  } catch {
    return undefined;
  }
}

export interface RefusalContext {
  t: Translate;
  locale: Locale;
  /** TIMEZONE, for ranges of moments; only asked for when a range has dates in it. */
  timeZone: () => Promise<string>;
}

/**
 * What to tell a person about a server refusal (BAD_USER_INPUT, FORBIDDEN), in their language: a known reason
 * code in its own words; else the field in the person's language (its label, or its name when the bot has no
 * label for it) with the allowed range (min, max; dates in TIMEZONE); the server's English text only when it
 * named no field. Undefined when the error is not one of these.
 */
export async function refusalText(error: ApiError, ctx: RefusalContext): Promise<string | undefined> {
  const { t } = ctx;
  const ext = error.extensions ?? {};
  const code = ext.code;
  if (code !== 'BAD_USER_INPUT' && code !== 'FORBIDDEN') return undefined;
  const reason = typeof ext.reason === 'string' ? ext.reason : undefined;
  if (reason && (TRANSLATED_REASONS as readonly string[]).includes(reason)) {
    const count = typeof ext.ordersInWork === 'number' ? ext.ordersInWork : 0;
    return t(`refusal-${kebab(reason)}`, { count });
  }
  if (code === 'FORBIDDEN') return t('error-forbidden');
  if (typeof ext.field !== 'string' || !ext.field) return t('error-bad-input', { detail: error.message });
  const name = fieldName(ext.field);
  const field = attempt(t, `field-${kebab(name)}`) ?? name;
  const bound = async (v: unknown): Promise<string | number | undefined> => {
    if (typeof v === 'number') return v;
    if (typeof v !== 'string') return undefined;
    if (!ISO_MOMENT.test(v)) return v;
    const zone = await ctx.timeZone();
    const midnight = formatTime(v, ctx.locale, zone).endsWith('00:00');
    return midnight ? formatDate(v, ctx.locale, zone) : formatTime(v, ctx.locale, zone);
  };
  const [min, max] = [await bound(ext.min), await bound(ext.max)];
  if (min !== undefined && max !== undefined) return t('error-field-range', { field, min, max });
  if (min !== undefined) return t('error-field-min', { field, min });
  if (max !== undefined) return t('error-field-max', { field, max });
  return t('error-field-invalid', { field });
}

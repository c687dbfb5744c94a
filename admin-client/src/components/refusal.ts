import type { CombinedError } from '@urql/core';
import { t, tOf } from '../i18n/i18n';
import { errorMessage } from './query-view';

const given = (v: unknown): v is string | number => (typeof v === 'number' || typeof v === 'string') && v !== '';

/**
 * A refused value's allowed range in the panel's language ("Value: from 1 to 28."), built from the field and
 * the range the server names; undefined when it names no range.
 */
export function rangeRefusal(field: string, min: unknown, max: unknown): string | undefined {
  const name = tOf('field', field);
  if (given(min) && given(max)) return t('refusal.between', { field: name, min, max });
  if (given(max)) return t('refusal.atMost', { field: name, max });
  if (given(min)) return t('refusal.atLeast', { field: name, min });
  return undefined;
}

/**
 * What to tell the user about a failed request: a BAD_USER_INPUT refusal that names its field and range
 * (`extensions.field`, `min`, `max`) in the panel's language, anything else as the server said it.
 */
export function refusalMessage(error: CombinedError | Error): string {
  const refused = ('graphQLErrors' in error ? error.graphQLErrors : []).find(
    (e) => e.extensions?.code === 'BAD_USER_INPUT' && typeof e.extensions.field === 'string',
  );
  const ext = refused?.extensions;
  return (ext && rangeRefusal(ext.field as string, ext.min, ext.max)) ?? errorMessage(error);
}

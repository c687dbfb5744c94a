import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n/i18n';
import { rangeRefusal, refusalMessage } from './refusal';

afterEach(() => setLang('ru'));

const refused = (message: string, extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });

describe('server refusals in the panel’s language', () => {
  it('says a BAD_USER_INPUT range from its field, min and max', () => {
    const error = refused('value must be at most 64 characters', { code: 'BAD_USER_INPUT', field: 'value', max: 64 });
    expect(refusalMessage(error)).toBe('Значение: не больше 64.');
    setLang('en');
    expect(refusalMessage(error)).toBe('Value: at most 64.');
    expect(rangeRefusal('BILLING_DAY', '1', '28')).toBe('BILLING_DAY: from 1 to 28.');
    expect(rangeRefusal('first', 1, undefined)).toBe('first: at least 1.');
  });

  it('keeps the server’s text when it names no range, or for other errors', () => {
    const nul = refused('value must not contain the character U+0000', { code: 'BAD_USER_INPUT', field: 'value' });
    expect(refusalMessage(nul)).toBe('value must not contain the character U+0000');
    const forbidden = refused('Owners only', { code: 'FORBIDDEN' });
    expect(refusalMessage(forbidden)).toBe('Owners only');
  });
});

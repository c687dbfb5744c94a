import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { invalidInput } from '../errors.js';

/**
 * Text PostgreSQL cannot store: U+0000 (refused by `text` and `jsonb`), and a UTF-16 surrogate without its
 * partner (not Unicode: `jsonb` refuses its escape, `text` would silently store U+FFFD instead).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

export const UNSTORABLE_TEXT_RULE = 'must not contain the character U+0000 (NUL) or an unpaired UTF-16 surrogate';

/** The path of the first string in `value` (a list item, an input field, a JSON key or value) that cannot be stored. */
export function unstorableTextAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = unstorableTextAt(value[i], `${path}[${i}]`);
      if (at) return at;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return path;
      const at = unstorableTextAt(item, `${path}.${key}`);
      if (at) return at;
    }
  }
  return null;
}

function guarded<T extends GraphQLFieldResolver<unknown, unknown>>(resolve: T): T {
  return ((source, args: Record<string, unknown>, context, info) => {
    for (const [name, value] of Object.entries(args)) {
      const at = unstorableTextAt(value, name);
      if (at) throw invalidInput(at, UNSTORABLE_TEXT_RULE);
    }
    return resolve(source, args, context, info);
  }) as T;
}

/**
 * Refuses, with BAD_USER_INPUT naming the field, any argument carrying text the database cannot store — for
 * every field that takes arguments (queries, mutations, subscriptions, object fields), before its resolver runs.
 * Fields without arguments are left unwrapped: wrapping every field costs on every result.
 */
export function refuseUnstorableText(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      if (field.resolve) field.resolve = guarded(field.resolve);
      if (field.subscribe) field.subscribe = guarded(field.subscribe);
    }
  }
}

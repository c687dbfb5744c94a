import {
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { invalidInput } from '../errors.js';

/**
 * Text PostgreSQL cannot store: U+0000 (refused by `text` and `jsonb`), and a UTF-16 surrogate without its
 * partner (not Unicode: `jsonb` refuses its escape, `text` would silently store U+FFFD instead).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

export const UNSTORABLE_TEXT_RULE = 'must not contain the character U+0000 (NUL) or an unpaired UTF-16 surrogate';

/**
 * The path of the first String or ID value in `value` (itself, a list item, an input field) that cannot be
 * stored, or null. Other scalars are left to their owners: a JSONObject (bot state) is stored as JSON text,
 * which keeps U+0000 escaped, exactly as written.
 */
export function unstorableTextAt(value: unknown, type: GraphQLInputType, path: string): string | null {
  if (value === null || value === undefined) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return unstorableTextAt(value, inner.ofType, path);
    for (let i = 0; i < value.length; i++) {
      const at = unstorableTextAt(value[i], inner.ofType, `${path}[${i}]`);
      if (at) return at;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    for (const field of Object.values(inner.getFields())) {
      const at = unstorableTextAt((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
      if (at) return at;
    }
    return null;
  }
  if (isScalarType(inner) && (inner.name === 'String' || inner.name === 'ID') && typeof value === 'string')
    return unstorable(value) ? path : null;
  return null;
}

/** Whether an input type can carry a String or ID anywhere (else its arguments need no look). */
function carriesText(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return carriesText(inner.ofType, seen);
  if (isInputObjectType(inner)) {
    if (seen.has(inner.name)) return false;
    seen.add(inner.name);
    return Object.values(inner.getFields()).some((f) => carriesText(f.type, seen));
  }
  return isScalarType(inner) && (inner.name === 'String' || inner.name === 'ID');
}

/**
 * Refuses, with BAD_USER_INPUT naming the field, any String or ID argument (or input field, or list item) the
 * database cannot store — for every field whose arguments can carry text (queries, mutations, subscriptions,
 * object fields), before its resolver runs. Other fields are left unwrapped: wrapping every field costs on
 * every result.
 */
export function refuseUnstorableText(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const textArgs = field.args.filter((a) => carriesText(a.type));
      if (!textArgs.length) continue;
      const guarded = <T extends GraphQLFieldResolver<unknown, unknown>>(resolve: T): T =>
        ((source, args: Record<string, unknown>, context, info) => {
          for (const a of textArgs) {
            const at = unstorableTextAt(args[a.name], a.type, a.name);
            if (at) throw invalidInput(at, UNSTORABLE_TEXT_RULE);
          }
          return resolve(source, args, context, info);
        }) as T;
      if (field.resolve) field.resolve = guarded(field.resolve);
      if (field.subscribe) field.subscribe = guarded(field.subscribe);
    }
  }
}

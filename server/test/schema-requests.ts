/**
 * Builds GraphQL requests from the schema itself (stand-in arguments, minimal selections) and snapshots the
 * database, so the access-matrix test can drive every operation, including ones added later.
 */
import 'reflect-metadata';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import type { AccessRule } from '../src/common/auth/access.js';
import type { GqlResult, TestSystem } from './harness.js';

export interface Op {
  root: 'Query' | 'Mutation' | 'Subscription';
  field: GraphQLField<unknown, unknown>;
  rule: AccessRule;
}
export const opName = (op: Op) => `${op.root}.${op.field.name}`;

/** Gives a stand-in for one scalar or enum at a path (e.g. `input.price`), or undefined for the default one. */
export type StandIn = (path: string, type: GraphQLInputType) => unknown;

/**
 * A stand-in value of an input type: non-null input fields recursively, plus nullable ID fields (so that filters
 * such as `filter.accountId` are exercised); `id(path)` gives each ID value, or undefined to leave it out;
 * `standIn` may give a valid value where the default one (`'x'`, `1`, the first enum value) is not, and fills
 * the optional fields it names (e.g. a reason staff must give).
 */
export function sampleValue(
  type: GraphQLInputType,
  path: string,
  id: (path: string) => string | undefined,
  standIn: StandIn = () => undefined,
): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, path, id, standIn);
  if (isListType(type)) {
    const item = sampleValue(type.ofType, path, id, standIn);
    return item === undefined ? undefined : [item];
  }
  if (isEnumType(type)) return standIn(path, type) ?? type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const fieldPath = `${path}.${f.name}`;
      const wanted =
        isNonNullType(f.type) ||
        getNamedType(f.type).name === 'ID' ||
        (isLeafType(getNamedType(f.type)) &&
          standIn(fieldPath, getNamedType(f.type) as GraphQLInputType) !== undefined);
      if (!wanted) continue;
      const value = sampleValue(f.type, fieldPath, id, standIn);
      if (value !== undefined) out[f.name] = value;
    }
    return out;
  }
  if (isScalarType(type)) {
    if (type.name === 'ID') return id(path);
    const given = standIn(path, type);
    if (given !== undefined) return given;
    switch (type.name) {
      case 'String':
        return 'x';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTimeISO':
        return new Date().toISOString();
      case 'JSONObject':
        return {};
    }
  }
  // A new custom scalar needs a sample here; failing loudly beats silently skipping the operation.
  throw new Error(`schema-requests: no sample value for input type ${String(type)} at ${path}`);
}

/** Paths of every ID-typed argument or input field (nullable ones included), e.g. `filter.accountId`. */
export function idPaths(args: readonly GraphQLArgument[]): Array<{ path: string; required: boolean }> {
  const out: Array<{ path: string; required: boolean }> = [];
  const walk = (type: GraphQLInputType, path: string, required: boolean, seen: Set<string>) => {
    const named = getNamedType(type);
    if (named.name === 'ID') out.push({ path, required });
    else if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const f of Object.values(named.getFields()))
        walk(f.type, `${path}.${f.name}`, required && isNonNullType(f.type), new Set([...seen, named.name]));
    }
  };
  for (const a of args) walk(a.type, a.name, isNonNullType(a.type), new Set());
  return out;
}

/** The selection for a result: `__typename` for composite types (plus `totalCount` for connections). */
export function selectionFor(type: GraphQLOutputType, withTotal: boolean): string {
  const named = getNamedType(type);
  if (isObjectType(named))
    return withTotal && named.getFields().totalCount ? '{ __typename totalCount }' : '{ __typename }';
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename }';
  return '';
}

/** One request for the operation: its document and variables (only the arguments that got a value). */
export function buildRequest(
  op: Op,
  id: (path: string) => string | undefined,
  withTotal = false,
  standIn?: StandIn,
): { query: string; variables: Record<string, unknown> } {
  const variables = standInArguments(op, id, standIn);
  return { query: buildDocument(op, variables, withTotal), variables };
}

/**
 * Stand-in values of an operation's arguments: the required ones, ID ones, optional input objects that carry
 * an ID to try (e.g. `filter.accountId`), and optional ones `standIn` names.
 */
export function standInArguments(
  op: Op,
  id: (path: string) => string | undefined,
  standIn?: StandIn,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const a of op.field.args) {
    const named = getNamedType(a.type);
    const wanted =
      isNonNullType(a.type) ||
      named.name === 'ID' ||
      isInputObjectType(named) ||
      (isLeafType(named) && standIn !== undefined && standIn(a.name, named) !== undefined);
    if (!wanted) continue;
    const value = sampleValue(a.type, a.name, id, standIn);
    if (value === undefined) continue;
    if (!isNonNullType(a.type) && isInputObjectType(getNamedType(a.type)) && !idPaths([a]).length) continue;
    variables[a.name] = value;
  }
  return variables;
}

/** The document calling the operation with every argument present in `variables` (null included). */
export function buildDocument(op: Op, variables: Record<string, unknown>, withTotal = false): string {
  const given = op.field.args.filter((a) => a.name in variables);
  const defs = given.map((a) => `$${a.name}: ${String(a.type)}`);
  const uses = given.map((a) => `${a.name}: $${a.name}`);
  const keyword = op.root === 'Query' ? 'query' : op.root === 'Mutation' ? 'mutation' : 'subscription';
  return `${keyword} Matrix${defs.length ? `(${defs.join(', ')})` : ''} { ${op.field.name}${
    uses.length ? `(${uses.join(', ')})` : ''
  } ${selectionFor(op.field.type, withTotal)} }`;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values: one argument (or one input-object field, or one list item's field) replaced at a time.

/** An id that is well-formed and belongs to nothing. */
export const UNKNOWN_UUID = '7e57ba0d-0000-4000-8000-00000000dead';
const LONG_TEXT = 'x'.repeat(100_000);

/** Hostile values of each scalar, by name; enums and booleans get only null (every value of theirs is legal). */
export const HOSTILE_SCALARS: Record<string, Array<{ label: string; value: unknown }>> = {
  String: [
    { label: '""', value: '' },
    { label: '"   "', value: '   ' },
    { label: '100,000 characters', value: LONG_TEXT },
    { label: 'a string with U+0000', value: 'a\u0000b' },
    { label: 'a lone surrogate U+D800', value: '\uD800' },
    { label: '"x"', value: 'x' },
    { label: 'an unknown UUID', value: UNKNOWN_UUID },
  ],
  Int: [-1, 0, 2147483647, -2147483648].map((value) => ({ label: String(value), value })),
  Float: [-1, 1e308, 0.1].map((value) => ({ label: String(value), value })),
  DateTimeISO: ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'].map((value) => ({ label: value, value })),
  JSONObject: [
    { label: 'an object with a U+0000 string', value: { text: 'a\u0000b' } },
    { label: 'an object with a U+0000 key', value: { 'a\u0000b': 1 } },
    { label: 'an object with 100,000 characters', value: { text: LONG_TEXT } },
  ],
};
HOSTILE_SCALARS.ID = HOSTILE_SCALARS.String!;

export interface HostileVariant {
  /** e.g. `input.items[0].quantity = -1` */
  label: string;
  variables: Record<string, unknown>;
}

type Key = string | number;
interface Edit {
  label: string;
  /** Containers to create first when the stand-ins leave them out (an optional input object, a list). */
  ensure: Array<{ keys: Key[]; value: unknown }>;
  keys: Key[];
  value: unknown;
}

const getAt = (obj: unknown, keys: Key[]) =>
  keys.reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<Key, unknown>)[k]), obj);
function setAt(obj: Record<Key, unknown>, keys: Key[], value: unknown) {
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<Key, unknown>;
  o[keys[keys.length - 1]!] = value;
}
const pathLabel = (keys: Key[]) => keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');

/**
 * Every variant of `base` (the stand-in arguments) with one argument, input field or list item field replaced
 * by a hostile value of its type: the scalars' hostile values, null where nullable, [] and 10,000 stand-ins for
 * lists. Fields the stand-ins leave out are reached too, their containers filled with stand-ins.
 */
export function hostileVariants(
  op: Op,
  base: Record<string, unknown>,
  id: (path: string) => string | undefined,
  standIn?: StandIn,
): HostileVariant[] {
  const edits: Edit[] = [];
  const sample = (type: GraphQLInputType, keys: Key[]) =>
    sampleValue(type, pathLabel(keys.filter((k) => typeof k === 'string')).replace(/\[\d+\]/g, ''), id, standIn);
  const walk = (type: GraphQLInputType, keys: Key[], ensure: Edit['ensure'], seen: ReadonlySet<string>) => {
    const at = pathLabel(keys);
    if (!isNonNullType(type)) edits.push({ label: `${at} = null`, ensure, keys, value: null });
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const item = getAt(base, [...keys, 0]) ?? sample(inner.ofType, keys);
      edits.push({ label: `${at} = []`, ensure, keys, value: [] });
      edits.push({
        label: `${at} = 10,000 stand-ins`,
        ensure,
        keys,
        value: Array.from({ length: 10_000 }, () => item),
      });
      walk(inner.ofType, [...keys, 0], [...ensure, { keys, value: [item] }], seen);
    } else if (isInputObjectType(inner)) {
      if (seen.has(inner.name)) return;
      const container = [...ensure, { keys, value: sample(inner, keys) ?? {} }];
      for (const f of Object.values(inner.getFields()))
        walk(f.type, [...keys, f.name], container, new Set([...seen, inner.name]));
    } else if (isScalarType(inner)) {
      for (const h of HOSTILE_SCALARS[inner.name] ?? [])
        edits.push({ label: `${at} = ${h.label}`, ensure, keys, value: h.value });
    }
  };
  for (const a of op.field.args) walk(a.type, [a.name], [], new Set());
  return edits.map((e) => {
    const variables = structuredClone(base) as Record<Key, unknown>;
    for (const c of e.ensure) if (getAt(variables, c.keys) == null) setAt(variables, c.keys, structuredClone(c.value));
    setAt(variables, e.keys, e.value);
    return { label: e.label, variables: variables as Record<string, unknown> };
  });
}

export const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code as string | undefined);

// ---------------------------------------------------------------------------------------------------------------
// The database, table by table: row counts everywhere, contents where nothing may even be touched.

/** Not compared at all: written by sign-in attempts, and the migration bookkeeping. */
export const IGNORED_TABLES = new Set(['login_attempt', 'migrations']);
/** Counted only: authenticating updates last_seen_at / last_used_at on these rows. */
export const COUNT_ONLY_TABLES = new Set(['web_session', 'api_key']);

/** The one statement that summarises every compared table, per system (the tables do not change in a test). */
const snapshotStatements = new WeakMap<TestSystem, Promise<string>>();

async function snapshotStatement(t: TestSystem): Promise<string> {
  const tables = await t.sql<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = tables
    .map((r) => r.table_name)
    .filter((name) => !IGNORED_TABLES.has(name))
    .map((name) => {
      const literal = `'${name.replace(/'/g, "''")}'`;
      return COUNT_ONLY_TABLES.has(name)
        ? `SELECT ${literal} AS name, count(*)::int || ' rows' AS summary FROM "${name}"`
        : `SELECT ${literal} AS name, count(*)::int || ' rows, contents ' ||
                  md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS summary FROM "${name}" x`;
    });
  return parts.join('\nUNION ALL\n');
}

/** Every table's row count, and its contents' hash where nothing may even be touched; one round trip. */
export async function databaseSnapshot(t: TestSystem): Promise<Record<string, string>> {
  let statement = snapshotStatements.get(t);
  if (!statement) {
    statement = snapshotStatement(t);
    snapshotStatements.set(t, statement);
  }
  const rows = await t.sql<{ name: string; summary: string }>(await statement);
  return Object.fromEntries(rows.map((r) => [r.name, r.summary]).sort(([a], [b]) => a!.localeCompare(b!)));
}

/** The statement of `databaseWrites`, per system. */
const writeStatements = new WeakMap<TestSystem, Promise<string>>();

/**
 * Cheap evidence of any committed write, table by table: the row count and the sum of the rows' `xmin` (every
 * inserted or updated row version carries the id of the transaction that wrote it; a delete changes the count).
 * Unlike `databaseSnapshot` it also sees an update that rewrote a row with the same values, and it never turns
 * rows into text, so it stays fast on tables full of long values. Count-only tables are counted only.
 */
export async function databaseWrites(t: TestSystem): Promise<Record<string, string>> {
  let statement = writeStatements.get(t);
  if (!statement) {
    statement = t
      .sql<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
      .then((tables) =>
        tables
          .map((r) => r.table_name)
          .filter((name) => !IGNORED_TABLES.has(name))
          .map(
            (name) =>
              `SELECT '${name.replace(/'/g, "''")}' AS name, count(*)::text${
                COUNT_ONLY_TABLES.has(name) ? '' : ` || ' ' || coalesce(sum(xmin::text::bigint), 0)::text`
              } AS summary FROM "${name}"`,
          )
          .join('\nUNION ALL\n'),
      );
    writeStatements.set(t, statement);
  }
  const rows = await t.sql<{ name: string; summary: string }>(await statement);
  return Object.fromEntries(rows.map((r) => [r.name, r.summary]));
}

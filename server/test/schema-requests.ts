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

/**
 * A stand-in value of an input type: non-null input fields recursively, plus nullable ID fields (so that filters
 * such as `filter.accountId` are exercised); `id(path)` gives each ID value, or undefined to leave it out.
 */
export function sampleValue(type: GraphQLInputType, path: string, id: (path: string) => string | undefined): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, path, id);
  if (isListType(type)) {
    const item = sampleValue(type.ofType, path, id);
    return item === undefined ? undefined : [item];
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const fieldPath = `${path}.${f.name}`;
      const wanted = isNonNullType(f.type) || getNamedType(f.type).name === 'ID';
      if (!wanted) continue;
      const value = sampleValue(f.type, fieldPath, id);
      if (value !== undefined) out[f.name] = value;
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return id(path);
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
  throw new Error(`access-matrix: no sample value for input type ${String(type)} at ${path}`);
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
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const uses: string[] = [];
  for (const a of op.field.args) {
    const wanted =
      isNonNullType(a.type) || getNamedType(a.type).name === 'ID' || isInputObjectType(getNamedType(a.type));
    if (!wanted) continue;
    const value = sampleValue(a.type, a.name, id);
    // An optional input object is sent only when it carries an ID to try (e.g. `filter.accountId`).
    if (value === undefined) continue;
    if (!isNonNullType(a.type) && isInputObjectType(getNamedType(a.type)) && !idPaths([a]).length) continue;
    variables[a.name] = value;
    defs.push(`$${a.name}: ${String(a.type)}`);
    uses.push(`${a.name}: $${a.name}`);
  }
  const keyword = op.root === 'Query' ? 'query' : op.root === 'Mutation' ? 'mutation' : 'subscription';
  const query = `${keyword} Matrix${defs.length ? `(${defs.join(', ')})` : ''} { ${op.field.name}${
    uses.length ? `(${uses.join(', ')})` : ''
  } ${selectionFor(op.field.type, withTotal)} }`;
  return { query, variables };
}

export const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code as string | undefined);

// ---------------------------------------------------------------------------------------------------------------
// The database, table by table: row counts everywhere, contents where nothing may even be touched.

/** Not compared at all: written by sign-in attempts, and the migration bookkeeping. */
export const IGNORED_TABLES = new Set(['login_attempt', 'migrations']);
/** Counted only: authenticating updates last_seen_at / last_used_at on these rows. */
export const COUNT_ONLY_TABLES = new Set(['web_session', 'api_key']);

export async function databaseSnapshot(t: TestSystem): Promise<Record<string, string>> {
  const tables = await t.sql<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    if (IGNORED_TABLES.has(name)) continue;
    const [row] = await t.sql<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
    );
    out[name] = COUNT_ONLY_TABLES.has(name) ? `${row!.n} rows` : `${row!.n} rows, contents ${row!.h}`;
  }
  return out;
}

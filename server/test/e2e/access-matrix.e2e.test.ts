/**
 * The access matrix, driven by the schema itself so that an operation added later is covered without
 * touching this file:
 *  - Part A: every root operation refuses every kind of caller its declared rule denies (HTTP and WebSocket),
 *    and the refusals write nothing;
 *  - Part B: no id of another client account works anywhere a client may call with an id.
 */
import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isEnumType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/app/schema.js';
import type { AccessRule } from '../../src/common/auth/access.js';
import {
  anonymous,
  asTelegram,
  newTelegramId,
  seedUser,
  startTestSystem,
  withToken,
  type Caller,
  type GqlResult,
  type TestSystem,
} from '../harness.js';
import { newOrder, SEND_MESSAGE, take } from '../orders.helpers.js';
import { categoryIdOf, seedAccount, seedBranch, seedCaller, seedInvoice, seedSetting, seedTariff } from '../seed.js';
import { Op, opName, idPaths, buildRequest, codes, databaseSnapshot } from '../schema-requests.js';

// ---------------------------------------------------------------------------------------------------------------
// The rule semantics, restated independently of access.ts (so that a change there is caught here).

/** What the server knows about a caller once it has authenticated it. */
type CallerModel =
  | { kind: 'anonymous' }
  | { kind: 'bot' }
  | { kind: 'stranger' }
  | { kind: 'user'; role: 'CLIENT' | 'CONTRACTOR' | 'MANAGER' | 'OWNER' }
  | { kind: 'apiKey'; scopes: ReadonlySet<string> };

/** The error code the rule answers this caller with, or null when the rule lets it through. */
function refusalCode(rule: AccessRule, who: CallerModel): string | null {
  switch (rule.kind) {
    case 'public':
    case 'parent':
    case 'custom':
      return null;
    case 'anyCaller':
      return who.kind === 'anonymous' ? 'UNAUTHENTICATED' : null;
    case 'botService':
      // Every person in this test talks through the bot.
      return who.kind === 'bot' || who.kind === 'user' || who.kind === 'stranger' ? null : 'FORBIDDEN';
    case 'roles': {
      const roles: readonly string[] = rule.roles;
      if (who.kind === 'user' && (roles.includes(who.role) || (who.role === 'OWNER' && roles.includes('MANAGER'))))
        return null;
      if (who.kind === 'apiKey' && rule.scope && who.scopes.has(rule.scope)) return null;
      if (who.kind === 'anonymous') return 'UNAUTHENTICATED';
      if (who.kind === 'stranger') return 'UNKNOWN_TELEGRAM_USER';
      return 'FORBIDDEN';
    }
  }
}

const KNOWN_ROOT_RULES = new Set(['public', 'anyCaller', 'botService', 'roles', 'custom']);

// ---------------------------------------------------------------------------------------------------------------
// Building a request for any root field from the schema.

// ---------------------------------------------------------------------------------------------------------------

let t: TestSystem;
let schema: GraphQLSchema;
let ops: Op[];
let allScopeNames: string[];

/** A named caller and what the server should make of it. */
interface MatrixCaller {
  name: string;
  as: Caller;
  model: CallerModel;
}
let callers: MatrixCaller[];

const SECRET = 'BRAVO-SECRET';
let itHelp: string;
let alpha: { accountId: string; branchId: string; clientId: string; client: Caller; orderId: string };
let bravo: Record<'orderNew' | 'orderTaken' | 'account' | 'branch' | 'clientUser' | 'invoice', string>;
let spareContractorId: string;

/** An API key inserted directly: the API refuses to create one without scopes. */
async function insertApiKey(ownerId: string, scopes: string[]): Promise<Caller> {
  const prefix = randomBytes(6).toString('hex');
  const secret = `itsk_${prefix}_${randomBytes(32).toString('base64url')}`;
  await t.sql(`INSERT INTO api_key (name, prefix, key_hash, scopes, created_by_id) VALUES ($1, $2, $3, $4, $5)`, [
    `matrix ${prefix}`,
    prefix,
    createHash('sha256').update(secret).digest('hex'),
    scopes,
    ownerId,
  ]);
  return withToken(secret);
}

beforeAll(async () => {
  schema = await createSchema();
  ops = (['Query', 'Mutation', 'Subscription'] as const).flatMap((root) => {
    const type = (
      root === 'Query'
        ? schema.getQueryType()
        : root === 'Mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType()
    ) as GraphQLObjectType | null | undefined;
    return type
      ? Object.values(type.getFields()).map((field) => ({ root, field, rule: field.extensions?.access as AccessRule }))
      : [];
  });
  const scopeEnum = schema.getType('ApiScope');
  if (!isEnumType(scopeEnum)) throw new Error('no ApiScope enum in the schema');
  allScopeNames = scopeEnum.getValues().map((v) => v.name);
  const allScopeValues = new Set(scopeEnum.getValues().map((v) => String(v.value)));

  t = await startTestSystem();
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  itHelp = await categoryIdOf(t, 'IT_HELP');

  // Account A: the caller of Part B.
  const alphaTariff = await seedTariff(t, { name: 'Alpha tariff', ordersPerPeriod: null, canPinContractors: true });
  const alphaAccount = await seedAccount(t, { name: 'Alpha account', tariffId: alphaTariff });
  const alphaBranch = await seedBranch(t, { accountId: alphaAccount, name: 'Alpha branch' });
  const alphaClient = await seedCaller(t, { role: 'CLIENT', accountId: alphaAccount, branchId: alphaBranch });
  const alphaOrder = await newOrder(t, alphaClient.as, { credentials: 'alpha vpn' });
  await seedInvoice(t, { accountId: alphaAccount, issuedAt: t.clock.now() });
  alpha = {
    accountId: alphaAccount,
    branchId: alphaBranch,
    clientId: alphaClient.id,
    client: alphaClient.as,
    orderId: alphaOrder.id,
  };

  // Account B: every object carries the marker, so any leak of B's data shows up in a response body.
  const bravoTariff = await seedTariff(t, { name: `${SECRET} tariff`, ordersPerPeriod: null, canPinContractors: true });
  const bravoAccount = await seedAccount(t, { name: `${SECRET} account`, tariffId: bravoTariff });
  const bravoBranch = await seedBranch(t, { accountId: bravoAccount, name: `${SECRET} branch`, code: 'BRAVO1' });
  const bravoClient = await seedCaller(t, {
    role: 'CLIENT',
    accountId: bravoAccount,
    branchId: bravoBranch,
    firstName: SECRET,
  });
  const bravoNew = await newOrder(t, bravoClient.as, {
    description: `${SECRET} new order`,
    credentials: `${SECRET} vpn`,
  });
  const bravoTaken = await newOrder(t, bravoClient.as, {
    description: `${SECRET} taken order`,
    credentials: `${SECRET} rdp`,
  });
  const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Bravo contractor' });
  await take(t, contractor.as, bravoTaken.id);
  await t.ok(
    SEND_MESSAGE,
    { orderId: bravoTaken.id, input: { kind: 'TEXT', text: `${SECRET} message` } },
    contractor.as,
  );
  await t.ok(
    SEND_MESSAGE,
    { orderId: bravoTaken.id, input: { kind: 'TEXT', text: `${SECRET} reply` } },
    bravoClient.as,
  );
  const bravoInvoice = await seedInvoice(t, { accountId: bravoAccount, issuedAt: t.clock.now() });
  bravo = {
    orderNew: bravoNew.id,
    orderTaken: bravoTaken.id,
    account: bravoAccount,
    branch: bravoBranch,
    clientUser: bravoClient.id,
    invoice: bravoInvoice,
  };
  spareContractorId = (await seedCaller(t, { role: 'CONTRACTOR' })).id;

  // The callers of Part A, one of each kind the server tells apart.
  const owner = await seedCaller(t, { role: 'OWNER' });
  const deactivatedTg = newTelegramId();
  await seedUser(t, { role: 'CONTRACTOR', telegramId: deactivatedTg, active: false });
  const allScopes = await t.ok(
    `mutation ($name: String!, $scopes: [ApiScope!]!) { createApiKey(name: $name, scopes: $scopes) { secret } }`,
    { name: 'matrix: every scope', scopes: allScopeNames },
    owner.as,
  );
  callers = [
    { name: 'anonymous', as: anonymous, model: { kind: 'anonymous' } },
    { name: 'stranger', as: asTelegram(t, { id: newTelegramId() }), model: { kind: 'stranger' } },
    { name: 'deactivated user', as: asTelegram(t, { id: deactivatedTg }), model: { kind: 'stranger' } },
    { name: 'CLIENT', as: alpha.client, model: { kind: 'user', role: 'CLIENT' } },
    {
      name: 'CONTRACTOR',
      as: (await seedCaller(t, { role: 'CONTRACTOR' })).as,
      model: { kind: 'user', role: 'CONTRACTOR' },
    },
    { name: 'MANAGER', as: (await seedCaller(t, { role: 'MANAGER' })).as, model: { kind: 'user', role: 'MANAGER' } },
    { name: 'OWNER', as: owner.as, model: { kind: 'user', role: 'OWNER' } },
    {
      name: 'bot service',
      as: {
        headers: { authorization: `Bearer ${t.botToken}` },
        connectionParams: { authorization: `Bearer ${t.botToken}` },
      },
      model: { kind: 'bot' },
    },
    {
      name: 'API key without scopes',
      as: await insertApiKey(owner.id, []),
      model: { kind: 'apiKey', scopes: new Set() },
    },
    {
      name: 'API key with every scope',
      as: withToken(allScopes.createApiKey.secret as string),
      model: { kind: 'apiKey', scopes: allScopeValues },
    },
  ];
});
afterAll(async () => {
  await t?.stop();
});

describe('access matrix: every operation enforces its declared rule for every kind of caller', () => {
  it('every root operation declares a rule of a known kind', () => {
    const bad = ops.filter((op) => !op.rule || !KNOWN_ROOT_RULES.has(op.rule.kind)).map(opName);
    expect(bad).toEqual([]);
    expect(ops.filter((op) => op.root === 'Mutation').length).toBeGreaterThan(10);
  });

  it('the callers are who the server thinks they are', async () => {
    // Guards the matrix against a mis-seeded caller (e.g. a "CLIENT" the server does not know).
    const expected: Record<CallerModel['kind'], string> = {
      anonymous: 'Anonymous',
      bot: 'BotService',
      stranger: 'UnknownPerson',
      user: 'User',
      apiKey: 'IntegrationCaller',
    };
    const seen: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const c of callers) {
      seen[c.name] = (await t.ok(`{ viewer { __typename } }`, {}, c.as)).viewer.__typename;
      wanted[c.name] = expected[c.model.kind];
    }
    expect(seen).toEqual(wanted);
  });

  it('each query and mutation refuses every caller its rule denies, with the rule’s code, writing nothing', async () => {
    const before = await databaseSnapshot(t);
    const failures: string[] = [];
    let pairs = 0;
    for (const op of ops.filter((o) => o.root !== 'Subscription')) {
      const { query, variables } = buildRequest(op, () => randomUUID());
      for (const c of callers) {
        const expected = refusalCode(op.rule, c.model);
        if (!expected) continue;
        pairs++;
        const r = await t.gql(query, variables, c.as);
        const got = codes(r);
        const data = (r.data as Record<string, unknown> | null | undefined)?.[op.field.name];
        if (got[0] !== expected || data != null)
          failures.push(`${opName(op)} as ${c.name}: expected ${expected}, got ${JSON.stringify(r)}`);
      }
    }
    console.log(`access matrix: ${pairs} (operation, denied caller) pairs checked over HTTP`);
    expect(failures).toEqual([]);
    expect(pairs).toBeGreaterThan(100);
    expect(await databaseSnapshot(t)).toEqual(before);
  });

  it('each subscription refuses every caller its rule denies, at subscribe time over WebSocket', async () => {
    const failures: string[] = [];
    let pairs = 0;
    for (const op of ops.filter((o) => o.root === 'Subscription')) {
      const { query, variables } = buildRequest(op, () => randomUUID());
      for (const c of callers) {
        const expected = refusalCode(op.rule, c.model);
        if (!expected) continue;
        pairs++;
        const client = t.ws(c.as);
        let got: string | undefined;
        try {
          // A refusal ends the subscription at once; an accepted one would wait for events (and time out).
          for await (const result of client.iterate({ query, variables })) {
            got = codes(result as GqlResult)[0] ?? 'DATA';
            break;
          }
        } catch (errors) {
          got = (errors as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code ?? String(errors);
        }
        await client.dispose();
        if (got !== expected) failures.push(`${opName(op)} as ${c.name}: expected ${expected}, got ${got}`);
      }
    }
    console.log(`access matrix: ${pairs} (subscription, denied caller) pairs checked over WebSocket`);
    expect(failures).toEqual([]);
    expect(pairs).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Part B

/** Result types that, delivered to A's client with one of B's ids, would expose B's objects. */
const EXPOSING_TYPES = new Set([
  'Order',
  'ClientAccount',
  'Branch',
  'User',
  'Invoice',
  'OrderMessage',
  'OrderEvent',
  'Tariff',
  'AccountContractor',
]);
const REFUSAL_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT']);

/**
 * Mutations allowed to answer a foreign id with data instead of an error, as (operation → reason). An entry
 * must still answer exactly as for an id that exists nowhere (checked below) and change nothing. Deliberately
 * empty: pinContractor (ContractorNotEligible) and unpinContractor (the caller's own ClientAccount) answer another
 * account's user id with data but an unknown id with NOT_FOUND — that tells B's ids apart, so they are reported
 * as failures rather than listed here.
 */
const DATA_ANSWER_ALLOWED: Record<string, string> = {};

/** A's own value for an ID argument, by its name, for the arguments not under test in a call. */
function ownIdFor(path: string): string {
  const name = path.split('.').pop()!;
  const own: Record<string, string> = {
    accountId: alpha.accountId,
    authorId: alpha.clientId,
    branchId: alpha.branchId,
    categoryId: itHelp,
    categoryIds: itHelp,
    contractorId: spareContractorId,
    orderId: alpha.orderId,
  };
  return own[name] ?? randomUUID();
}

/** What a response says, reduced to what may differ between a foreign id and an id that exists nowhere. */
function outcome(r: GqlResult, field: string): string {
  if (r.errors?.length) return `error ${codes(r).join(',')}`;
  const value = (r.data as Record<string, unknown> | null | undefined)?.[field];
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((v) =>
      v && typeof v === 'object'
        ? `${(v as { __typename?: string }).__typename}${'totalCount' in v ? ` total=${(v as { totalCount: number }).totalCount}` : ''}`
        : JSON.stringify(v),
    )
    .join(';');
}

describe('access matrix: no id from another account works anywhere (data scoping)', () => {
  it('A’s client gets nothing of B’s, by any id in any argument, and changes nothing', async () => {
    const client = callers.find((c) => c.name === 'CLIENT')!;
    const candidates = ops.filter(
      (op) => op.root !== 'Subscription' && !refusalCode(op.rule, client.model) && idPaths(op.field.args).length > 0,
    );
    expect(candidates.length).toBeGreaterThan(5);
    const before = await databaseSnapshot(t);
    const failures: string[] = [];
    const allowedSeen: string[] = [];
    let calls = 0;

    for (const op of candidates) {
      const paths = idPaths(op.field.args);
      // Variants: B's id in every ID argument at once; and, when there are several, B's id in one of them with
      // A's own values in the other required ones (so that a check behind the first one is reached too).
      const variants: Array<{ label: string; id: (foreign: string) => (path: string) => string | undefined }> = [
        { label: 'every ID', id: (foreign) => () => foreign },
      ];
      if (paths.length > 1) {
        for (const p of paths) {
          variants.push({
            label: `only ${p.path}`,
            id: (foreign) => (path) =>
              path === p.path ? foreign : paths.find((q) => q.path === path)?.required ? ownIdFor(path) : undefined,
          });
        }
      }
      for (const variant of variants) {
        for (const [kind, foreignId] of Object.entries(bravo)) {
          calls++;
          const req = buildRequest(op, variant.id(foreignId), true);
          const r = await t.gql(req.query, req.variables, alpha.client);
          const where = `${opName(op)} as A's CLIENT [${variant.label} = B's ${kind}], variables ${JSON.stringify(req.variables)}`;
          if (JSON.stringify(r).includes(SECRET))
            failures.push(`LEAK (data) ${where}: the response names B's data: ${JSON.stringify(r)}`);
          const got = outcome(r, op.field.name);
          if (r.errors?.length) {
            const bad = codes(r).filter((c) => !c || !REFUSAL_CODES.has(c));
            if (bad.length) failures.push(`${where}: unexpected error ${JSON.stringify(r.errors)}`);
          } else {
            const typenames = got.split(';').map((s) => s.split(' ')[0]!);
            if (typenames.some((n) => EXPOSING_TYPES.has(n)))
              failures.push(
                `${where}: delivered ${got} (a type that may carry B's object; only __typename was asked for)`,
              );
            else if (/total=[1-9]/.test(got)) failures.push(`${where}: a connection counted B's rows: ${got}`);
            else if (op.root === 'Mutation') {
              if (DATA_ANSWER_ALLOWED[opName(op)]) allowedSeen.push(`${opName(op)}: ${got}`);
              else failures.push(`${where}: a mutation answered with data (${got}) instead of an error`);
            }
          }
          // Indistinguishable from an id that exists nowhere: otherwise the answer tells B's ids apart.
          const nowhere = buildRequest(op, variant.id(randomUUID()), true);
          const control = outcome(await t.gql(nowhere.query, nowhere.variables, alpha.client), op.field.name);
          if (control !== got)
            failures.push(`LEAK (existence) ${where}: answers ${got}, but ${control} for an id that exists nowhere`);
        }
      }
    }
    console.log(
      `access matrix: ${calls} calls with B's ids by A's client over ${candidates.length} operations: ${candidates.map(opName).join(', ')}`,
    );
    if (allowedSeen.length) console.log(`access matrix: allowed data answers:\n  ${allowedSeen.join('\n  ')}`);
    expect.soft(failures).toEqual([]);
    expect(calls).toBeGreaterThan(20);
    expect(await databaseSnapshot(t)).toEqual(before);
    const orders = await t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM service_order WHERE id = ANY($1)`,
      [[bravo.orderNew, bravo.orderTaken]],
    );
    expect(Object.fromEntries(orders.map((o) => [o.id, o.status]))).toEqual({
      [bravo.orderNew]: 'NEW',
      [bravo.orderTaken]: 'IN_PROGRESS',
    });
  });
});

/**
 * The bad input matrix, driven by the schema itself: every mutation, and every query that takes arguments, is
 * called with one argument (or one input field, recursively) replaced by a hostile value of its type — empty,
 * blank, 100,000 characters, U+0000, a lone surrogate, a non-UUID, an unknown UUID, extreme numbers and dates,
 * empty and 10,000-item lists, null — the others valid stand-ins pointing at a seeded world in which the call
 * could succeed. House rule: bad input gets a clear, typed error and changes nothing; internal errors are for
 * bugs only.
 */
import 'reflect-metadata';
import { getNamedType, isUnionType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/app/schema.js';
import type { AccessRule } from '../../src/common/auth/access.js';
import { seedCaller, seedSetting } from '../seed.js';
import { startTestSystem, withToken, type Caller, type TestSystem } from '../harness.js';
import { seedWorld, type World } from '../bad-input.world.js';
import {
  buildDocument,
  databaseWrites,
  hostileVariants,
  idPaths,
  opName,
  standInArguments,
  type Op,
  type StandIn,
} from '../schema-requests.js';

const schema = await createSchema();
const rootOps = (type: GraphQLObjectType | null | undefined, root: 'Query' | 'Mutation'): Op[] =>
  Object.values(type?.getFields() ?? {}).map((field) => ({
    root,
    field,
    rule: field.extensions?.access as AccessRule,
  }));
const mutations = rootOps(schema.getMutationType(), 'Mutation');
const queries = rootOps(schema.getQueryType(), 'Query').filter((op) => op.field.args.length > 0);

type CallerName = 'owner' | 'client' | 'contractor' | 'bot' | 'apiKey';

let t: TestSystem;
let owner: { id: string; as: Caller };
let apiKey: Caller;
let world: World;
let unique = 0;

beforeAll(async () => {
  t = await startTestSystem();
  // Limits that stand-ins would otherwise run into after many successful calls.
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '100000');
  owner = await seedCaller(t, { role: 'OWNER' });
  const scopes = (schema.getType('ApiScope') as unknown as { getValues(): Array<{ name: string }> })
    .getValues()
    .map((v) => v.name);
  const created = await t.ok(
    `mutation ($name: String!, $scopes: [ApiScope!]!) { createApiKey(name: $name, scopes: $scopes) { secret } }`,
    { name: 'bad input: every scope', scopes },
    owner.as,
  );
  apiKey = withToken(created.createApiKey.secret as string);
  world = await seedWorld(t, owner.id);
});
afterAll(async () => {
  await t?.stop();
});

/** Who calls an operation: the owner wherever the rule lets it, else the role the rule names; API keys too. */
function callersOf(op: Op): CallerName[] {
  const rule = op.rule;
  if (rule.kind === 'custom') return ['bot'];
  if (rule.kind !== 'roles') return ['owner'];
  const roles: readonly string[] = rule.roles;
  const person: CallerName =
    roles.includes('MANAGER') || roles.includes('OWNER') ? 'owner' : roles.includes('CLIENT') ? 'client' : 'contractor';
  // Queries answer an API key through the same code as the owner, scoped; mutations are where they differ.
  return rule.scope && op.root === 'Mutation' ? [person, 'apiKey'] : [person];
}

function callerAs(name: CallerName): Caller {
  switch (name) {
    case 'owner':
      return owner.as;
    case 'client':
      return world.client.as;
    case 'contractor':
      return world.contractor.as;
    case 'apiKey':
      return apiKey;
    case 'bot':
      return {
        headers: { authorization: `Bearer ${t.botToken}` },
        connectionParams: { authorization: `Bearer ${t.botToken}` },
      };
  }
}

/** The world's object for an ID argument of an operation, by the argument's name. */
function worldId(op: Op, path: string): string | undefined {
  const name = path.split('.').pop()!;
  const f = op.field.name;
  const byOp: Record<string, Record<string, string>> = {
    id: {
      user: world.freeContractor,
      updateUser: world.freeContractor,
      deactivateUser: world.freeContractor,
      reactivateUser: world.deactivatedUser,
      account: world.account,
      updateAccount: world.account,
      setAccountStatus: world.account,
      updateBranch: world.branch,
      setBranchActive: world.branch,
      updateCategory: world.category,
      revokeApiKey: world.apiKey,
      revokeSession: world.session,
      invoice: world.invoice,
      markInvoicePaid: world.invoice,
      tariff: world.tariff,
      updateTariff: world.tariff,
      order: world.orderNew,
    },
    orderId: {
      releaseOrder: world.orderTaken,
      unassignOrder: world.orderTaken,
      closeOrder: world.orderTaken,
      sendOrderMessage: world.orderTaken,
      rateOrder: world.orderDone,
      archiveOrder: world.orderDone,
      restoreOrder: world.orderArchived,
    },
    contractorId: { assignOrder: world.freeContractor },
    ids: { markNotificationsRead: world.adminNotification },
    tariffId: { changeAccountTariff: world.otherTariff },
  };
  const byName: Record<string, string> = {
    orderId: world.orderNew,
    contractorId: world.contractor.id,
    accountId: world.account,
    tariffId: world.tariff,
    ids: world.notification,
    parentId: world.zone,
    branchId: world.branch,
    authorId: world.client.id,
    categoryId: world.category,
    categoryIds: world.category,
    actorId: owner.id,
  };
  return byOp[name]?.[f] ?? byName[name];
}

/** Optional ID arguments the stand-ins fill in (staff must name the author of an order, the account to pin for). */
const OPTIONAL_IDS_GIVEN = new Set([
  'createOrder:input.authorId',
  'pinContractor:accountId',
  'unpinContractor:accountId',
]);

function idFor(op: Op, caller: CallerName): (path: string) => string | undefined {
  const required = new Set(
    idPaths(op.field.args)
      .filter((p) => p.required)
      .map((p) => p.path),
  );
  const staff = caller === 'owner' || caller === 'apiKey';
  return (path) =>
    required.has(path) || (staff && OPTIONAL_IDS_GIVEN.has(`${op.field.name}:${path}`)) ? worldId(op, path) : undefined;
}

/** Valid values where the default stand-ins ('x', 1, the first enum value) are not; unique where names must be. */
function standInFor(op: Op): StandIn {
  return (path) => {
    const u = `${++unique}${Math.random().toString(36).slice(2, 6)}`;
    const f = op.field.name;
    switch (path.split('.').pop()) {
      case 'username':
        return f === 'signIn' ? 'nobody_here' : `user_${u}`;
      case 'telegramId':
        return String(7_000_000_000 + unique);
      case 'email':
      case 'contactEmail':
        return `m${u}@example.com`;
      case 'timeZone':
        return 'Europe/Moscow';
      case 'name':
        return `${f} ${u}`;
      case 'code':
        return f.includes('Category') ? `C${u}`.toUpperCase() : `B${u}`;
      case 'nameEn':
      case 'nameRu':
        return `Name ${u}`;
      case 'price':
        return '100.00';
      case 'effectiveFrom':
      case 'priceEffectiveFrom':
        // Unique moments (a second price for one moment is refused), well inside the allowed range (R-TAR-1).
        return new Date(t.clock.now().getTime() + unique * 60_000).toISOString();
      case 'paidOn':
        return t.clock.now().toISOString().slice(0, 10);
      case 'key':
        return f === 'updateSetting' ? 'ORDER_RATE' : 'matrix-key';
      case 'value':
        return f === 'updateSetting' ? '500' : undefined;
      case 'store':
        return 'matrix';
      case 'newPassword':
        return 'a long enough password 1';
      case 'number':
        return world.orderNewNumber;
      case 'text':
        return 'hello';
      case 'reason':
        return 'a reason';
      case 'kind':
        return f === 'sendOrderMessage'
          ? 'TEXT'
          : f === 'createBranch'
            ? 'BRANCH'
            : f === 'createCategory'
              ? 'GENERAL'
              : undefined;
      case 'role':
        return 'CONTRACTOR';
      case 'channel':
        return 'TELEGRAM';
      case 'scopes':
        return 'ORDERS_READ';
      case 'status':
        return f === 'setAccountStatus' ? 'ACTIVE' : undefined;
      case 'language':
        return 'EN';
    }
    return undefined;
  };
}

/** Sends a request and says what came back, without assuming the answer is JSON. */
async function call(query: string, variables: Record<string, unknown>, as: Caller) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as.headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  } catch {
    return { status: res.status, body: undefined, text: text.slice(0, 300) };
  }
}

/**
 * Hostile values that once were answered as a success and must now be refused (by operation, the variant's
 * label): each names the rule that refuses it.
 */
const MUST_REFUSE: Record<string, RegExp[]> = {
  // R-TAR-1 R-BIL-1: a price takes effect from the period in progress up to a few years ahead.
  'Mutation.createTariff': [/^input\.priceEffectiveFrom = (0001|9999)-/],
  'Mutation.setTariffPrice': [/^effectiveFrom = (0001|9999)-/],
  // R-ORD-9: the stand-in is a TEXT message, which carries no file fields at all.
  'Mutation.sendOrderMessage': [/^input\.(fileId|fileUniqueId|fileName|mimeType|fileSize) = (?!null$)/],
  // Lists no longer than the distinct values they can hold.
  'Mutation.createApiKey': [/^scopes = 10,000 stand-ins$/],
  'Mutation.updateUser': [/^input\.categoryIds = 10,000 stand-ins$/],
};

type Outcome = { kind: 'internal' | 'error' | 'refusal' | 'success'; says: string };

/** Success is the union's first member (the object asked for); its other members, false and 0 are refusals. */
function outcomeOf(op: Op, r: Awaited<ReturnType<typeof call>>): Outcome {
  if (!r.body) return { kind: 'internal', says: `HTTP ${r.status}: ${r.text}` };
  const errors = r.body.errors ?? [];
  if (errors.length) {
    const says = errors.map((e) => `${e.extensions?.code ?? '?'}: ${String(e.message).slice(0, 160)}`).join('; ');
    const internal = errors.some(
      (e) =>
        !e.extensions?.code ||
        e.extensions.code === 'INTERNAL_SERVER_ERROR' ||
        /internal server error|unexpected error/i.test(String(e.message)),
    );
    return { kind: internal || r.status >= 500 ? 'internal' : 'error', says };
  }
  const value = r.body.data?.[op.field.name];
  const named = getNamedType(op.field.type);
  if (isUnionType(named)) {
    const typename = (value as { __typename?: string } | null)?.__typename;
    return { kind: typename === named.getTypes()[0]!.name ? 'success' : 'refusal', says: String(typename) };
  }
  if (value === false || value === 0) return { kind: 'refusal', says: JSON.stringify(value) };
  return { kind: 'success', says: JSON.stringify(value)?.slice(0, 80) ?? 'undefined' };
}

/** A call since the world was seeded succeeded: the world may have moved on (an order taken, a user deactivated). */
let worldUsed = false;

/** The database once it has stopped changing (two reads 25 ms apart agree; at most 2 s). */
async function settled(last: Record<string, string>): Promise<Record<string, string>> {
  for (let i = 0; i < 80; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const now = await databaseWrites(t);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the database kept changing for 2 s after a call');
}

async function reseed() {
  world = await seedWorld(t, owner.id);
  worldUsed = false;
}

/**
 * Calls `op` as `caller` with every hostile variant; returns the failures. A refusal on a used world is tried
 * once more on a freshly seeded one (so that a taken order does not hide what the next value would do); nothing
 * is restored by hand.
 */
async function runMatrix(op: Op, caller: CallerName, log: string[]): Promise<string[]> {
  const failures: string[] = [];
  const ids = idFor(op, caller);
  const build = () => {
    const base = standInArguments(op, ids, standInFor(op));
    return [
      { label: 'stand-ins', variables: base },
      ...hostileVariants(op, base, (path) => worldId(op, path), standInFor(op)),
    ];
  };
  if (op.root === 'Query' && worldUsed) await reseed();
  let variants = build();
  const outcomes: Record<string, number> = {};
  const start = await databaseWrites(t);
  let before = start;
  for (let i = 0; i < variants.length; i++) {
    const attempt = async () => {
      const { label, variables } = variants[i]!;
      const outcome = outcomeOf(op, await call(buildDocument(op, variables), variables, callerAs(caller)));
      const where = `${opName(op)} as ${caller} with ${label}`;
      if (outcome.kind === 'internal') failures.push(`${where}: internal error (${outcome.says})`);
      if (outcome.kind === 'success' && MUST_REFUSE[opName(op)]?.some((p) => p.test(label)))
        failures.push(`${where}: accepted, but must be refused`);
      // Queries: checked once for the whole matrix below (a read must never write, whatever it answers).
      if (op.root === 'Mutation') {
        let after = await databaseWrites(t);
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length && outcome.kind !== 'success')
          failures.push(`${where}: answered ${outcome.kind} (${outcome.says}) but wrote to ${changed.join(', ')}`);
        // A changed order moves its SLA job after the commit, on another connection (sla.job.ts): let that
        // write land before the next call, which would otherwise be blamed for it.
        if (outcome.kind === 'success' && after.service_order !== before.service_order) after = await settled(after);
        before = after;
      }
      if (outcome.kind === 'success' && op.root === 'Mutation') worldUsed = true;
      return outcome;
    };
    let outcome = await attempt();
    if (outcome.kind !== 'success' && worldUsed && op.root === 'Mutation') {
      await reseed();
      variants = [...variants.slice(0, i), ...build().slice(i)];
      before = await databaseWrites(t);
      outcome = await attempt();
    }
    if (i === 0) log.push(`${opName(op)} as ${caller}: stand-ins answer ${outcome.kind} (${outcome.says})`);
    outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
  }
  if (op.root === 'Query') {
    const end = await databaseWrites(t);
    const changed = Object.keys(end).filter((k) => end[k] !== start[k]);
    if (changed.length) failures.push(`${opName(op)} as ${caller}: the query wrote to ${changed.join(', ')}`);
  }
  log.push(`  ${variants.length - 1} hostile variants: ${JSON.stringify(outcomes)}`);
  return failures;
}

describe('bad input gets a typed error and changes nothing (every mutation, every query with arguments)', () => {
  const log: string[] = [];
  afterAll(() => console.log(`bad input matrix:\n${log.join('\n')}`));

  it('the matrix covers the schema', () => {
    expect(mutations.length).toBeGreaterThan(30);
    expect(queries.length).toBeGreaterThan(15);
  });

  for (const op of [...mutations, ...queries]) {
    it(`${opName(op)}: no internal error, and a refusal changes nothing`, { timeout: 120_000 }, async () => {
      const failures: string[] = [];
      const started = Date.now();
      for (const caller of callersOf(op)) failures.push(...(await runMatrix(op, caller, log)));
      console.log(
        `${opName(op)}: ${Date.now() - started} ms${failures.map((f) => `\n  FAIL ${f.slice(0, 600)}`).join('')}`,
      );
      expect(failures).toEqual([]);
    });
  }
});

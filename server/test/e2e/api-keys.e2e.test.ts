import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
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

let t: TestSystem;
let owner: Caller;
let ownerId: string;

beforeAll(async () => {
  t = await startTestSystem();
  const telegramId = newTelegramId();
  ownerId = await seedUser(t, { role: 'OWNER', username: 'keys_owner', telegramId });
  owner = asTelegram(t, { id: telegramId, username: 'keys_owner' });
});
afterAll(async () => {
  await t?.stop();
});

const CREATE = `mutation ($name: String!, $scopes: [ApiScope!]!) {
  createApiKey(name: $name, scopes: $scopes) {
    secret
    apiKey { id name prefix scopes active createdAt lastUsedAt revokedAt createdBy { id } }
  }
}`;
const LIST = '{ apiKeys { id name prefix scopes active lastUsedAt revokedAt createdBy { id } } }';
const REVOKE = `mutation ($id: ID!) {
  revokeApiKey(id: $id) {
    __typename
    ... on ApiKey { id active revokedAt }
    ... on ApiKeyAlreadyRevoked { apiKey { id active } }
  }
}`;
const VIEWER = '{ viewer { __typename ... on IntegrationCaller { apiKeyId scopes } } }';
const USERS = '{ users(first: 5) { totalCount } }';
const ADD_USER = `mutation ($u: String!) { addUser(input: { role: CONTRACTOR, username: $u }) { __typename ... on User { id } } }`;

async function createKey(name: string, scopes: string[], as: Caller = owner) {
  const r = await t.ok(CREATE, { name, scopes }, as);
  return r.createApiKey as { secret: string; apiKey: { id: string; prefix: string; scopes: string[] } };
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

/**
 * Runs one operation over a graphql-ws connection and returns its single result. A refusal before
 * execution (validation, access) arrives as the operation's `error` message, returned here as `errors`.
 */
async function overWebSocket(client: Client, query: string): Promise<GqlResult> {
  return new Promise((resolve, reject) => {
    const results: GqlResult[] = [];
    client.subscribe(
      { query },
      {
        next: (result) => results.push(result as GqlResult),
        error: (error) => (Array.isArray(error) ? resolve({ errors: error as GqlResult['errors'] }) : reject(error)),
        complete: () => (results.length === 1 ? resolve(results[0]!) : reject(new Error(`${results.length} results`))),
      },
    );
  });
}

describe('API keys', () => {
  it('an owner creates a key; the secret is shown once and only its SHA-256 is stored', async () => {
    const { secret, apiKey } = await createKey('  Accounting export  ', ['USERS_READ', 'USERS_READ', 'ORDERS_READ']);
    expect(secret).toMatch(new RegExp(`^itsk_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    expect(apiKey).toMatchObject({
      name: 'Accounting export',
      active: true,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { id: ownerId },
    });
    expect([...apiKey.scopes].sort()).toEqual(['ORDERS_READ', 'USERS_READ']);
    const [row] = await t.sql<Record<string, unknown>>('SELECT * FROM api_key WHERE id = $1', [apiKey.id]);
    expect(row!.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(-43));
    const list = await t.ok(LIST, {}, owner);
    expect(JSON.stringify(list)).not.toContain(secret.slice(-43));
    expect(list.apiKeys.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({
      prefix: apiKey.prefix,
      active: true,
    });
    const audit = await t.sql('SELECT action, actor_id FROM audit_log WHERE entity_id = $1', [apiKey.id]);
    expect(audit).toEqual([{ action: 'api_key.created', actor_id: ownerId }]);
  });

  it('works as a bearer token over HTTP within its scopes only', async () => {
    const { secret, apiKey } = await createKey('Reader', ['USERS_READ']);
    const viewer = await t.ok(VIEWER, {}, withToken(secret));
    expect(viewer.viewer).toEqual({ __typename: 'IntegrationCaller', apiKeyId: apiKey.id, scopes: ['users:read'] });
    expect((await t.ok(USERS, {}, withToken(secret))).users.totalCount).toBeGreaterThan(0);
    const denied = await t.gql(ADD_USER, { u: 'keys_denied_1' }, withToken(secret));
    expect(code(denied)).toBe('FORBIDDEN');
    expect(denied.errors?.[0]?.message).toContain('users:write');
    expect(denied.errors?.[0]?.extensions).toMatchObject({ reason: 'SCOPE_MISSING', scope: 'users:write' });
    expect(await t.sql(`SELECT id FROM app_user WHERE username = 'keys_denied_1'`)).toEqual([]);
  });

  it('a key with orders:read cannot call a users:write mutation; a key holding users:write can, audited as the key', async () => {
    const orders = await createKey('Orders only', ['ORDERS_READ']);
    expect(code(await t.gql(ADD_USER, { u: 'keys_denied_2' }, withToken(orders.secret)))).toBe('FORBIDDEN');
    expect(code(await t.gql(USERS, {}, withToken(orders.secret)))).toBe('FORBIDDEN');
    const writer = await createKey('User sync', ['USERS_WRITE']);
    const added = await t.ok(ADD_USER, { u: 'keys_added_1' }, withToken(writer.secret));
    expect(added.addUser.__typename).toBe('User');
    const audit = await t.sql<{ api_key_id: string; actor_id: string | null }>(
      `SELECT api_key_id, actor_id FROM audit_log WHERE entity_id = $1`,
      [added.addUser.id],
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toEqual({ api_key_id: writer.apiKey.id, actor_id: null });
  });

  it('a malformed or unknown key is treated as no credentials', async () => {
    const { secret, apiKey } = await createKey('Genuine', ['USERS_READ']);
    for (const token of [`itsk_${apiKey.prefix}_${'A'.repeat(43)}`, 'itsk_nope_nope', 'itsk_', `${secret}x`]) {
      expect(code(await t.gql(USERS, {}, withToken(token)))).toBe('UNAUTHENTICATED');
    }
  });

  it('records the last use (at most once a minute)', async () => {
    const { secret, apiKey } = await createKey('Usage', ['USERS_READ']);
    const lastUsed = async () =>
      (await t.sql<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_key WHERE id = $1', [apiKey.id]))[0]!
        .last_used_at;
    expect(await lastUsed()).toBeNull();
    const first = t.clock.now();
    await t.ok(USERS, {}, withToken(secret));
    expect((await lastUsed())?.getTime()).toBe(first.getTime());
    t.clock.advance(30_000);
    await t.ok(USERS, {}, withToken(secret));
    expect((await lastUsed())?.getTime()).toBe(first.getTime());
    t.clock.advance(60_000);
    const later = t.clock.now();
    await t.ok(USERS, {}, withToken(secret));
    expect((await lastUsed())?.getTime()).toBe(later.getTime());
    const list = await t.ok(LIST, {}, owner);
    const shown = list.apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(new Date(shown.lastUsedAt).getTime()).toBe(later.getTime());
  });

  it('works in the WebSocket connection params, within its scopes', async () => {
    const { secret, apiKey } = await createKey('Live feed', ['USERS_READ']);
    const client = t.ws(withToken(secret));
    const viewer = await overWebSocket(client, VIEWER);
    expect(viewer.data?.viewer).toEqual({
      __typename: 'IntegrationCaller',
      apiKeyId: apiKey.id,
      scopes: ['users:read'],
    });
    const users = await overWebSocket(client, USERS);
    expect(users.errors).toBeUndefined();
    expect(users.data?.users.totalCount).toBeGreaterThan(0);
    const denied = await overWebSocket(client, '{ apiKeys { id } }');
    expect(code(denied)).toBe('FORBIDDEN');
  });

  it('a revoked key stops working over HTTP and WebSocket; revoking twice says so', async () => {
    const { secret, apiKey } = await createKey('Leaked', ['USERS_READ']);
    expect((await t.ok(USERS, {}, withToken(secret))).users.totalCount).toBeGreaterThan(0);
    const r = await t.ok(REVOKE, { id: apiKey.id }, owner);
    expect(r.revokeApiKey).toMatchObject({ __typename: 'ApiKey', id: apiKey.id, active: false });
    expect(r.revokeApiKey.revokedAt).toBeTruthy();
    expect(code(await t.gql(USERS, {}, withToken(secret)))).toBe('UNAUTHENTICATED');
    const client = t.ws(withToken(secret));
    expect(code(await overWebSocket(client, USERS))).toBe('UNAUTHENTICATED');
    expect((await overWebSocket(client, VIEWER)).data?.viewer.__typename).toBe('Anonymous');
    const again = await t.ok(REVOKE, { id: apiKey.id }, owner);
    expect(again.revokeApiKey).toEqual({
      __typename: 'ApiKeyAlreadyRevoked',
      apiKey: { id: apiKey.id, active: false },
    });
    const audit = await t.sql('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [apiKey.id]);
    expect(audit).toEqual([{ action: 'api_key.created' }, { action: 'api_key.revoked' }]);
  });

  it('unknown and malformed ids are not found', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(code(await t.gql(REVOKE, { id }, owner))).toBe('NOT_FOUND');
    }
  });

  it('only an owner in person manages keys: not managers, not other keys, not anonymous callers', async () => {
    const managerTg = newTelegramId();
    await seedUser(t, { role: 'MANAGER', username: 'keys_manager', telegramId: managerTg });
    const manager = asTelegram(t, { id: managerTg });
    const everything = await createKey('Almighty', [
      'ORDERS_READ',
      'ORDERS_WRITE',
      'ACCOUNTS_READ',
      'ACCOUNTS_WRITE',
      'USERS_READ',
      'USERS_WRITE',
      'TARIFFS_READ',
      'TARIFFS_WRITE',
      'SETTINGS_READ',
      'SETTINGS_WRITE',
      'BILLING_READ',
      'BILLING_WRITE',
    ]);
    const [before] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM api_key');
    for (const [as, expected] of [
      [manager, 'FORBIDDEN'],
      [withToken(everything.secret), 'FORBIDDEN'],
      [anonymous, 'UNAUTHENTICATED'],
    ] as const) {
      expect(code(await t.gql(CREATE, { name: 'Nope', scopes: ['USERS_READ'] }, as))).toBe(expected);
      expect(code(await t.gql(LIST, {}, as))).toBe(expected);
      expect(code(await t.gql(REVOKE, { id: everything.apiKey.id }, as))).toBe(expected);
    }
    expect(await t.sql('SELECT count(*)::int AS n FROM api_key')).toEqual([before]);
    expect((await t.ok(USERS, {}, withToken(everything.secret))).users.totalCount).toBeGreaterThan(0);
  });

  it('an owner signed in to the admin panel manages keys too', async () => {
    const link = await t.ok('mutation { createLoginLink { url } }', {}, owner);
    const token = new URL(link.createLoginLink.url).searchParams.get('token');
    const session = await t.ok('mutation ($t: String!) { signInWithLink(token: $t) { ... on Session { token } } }', {
      t: token,
    });
    const created = await createKey('From the panel', ['BILLING_READ'], withToken(session.signInWithLink.token));
    expect(created.secret).toMatch(/^itsk_/);
  });

  it('refuses a bad name, no scopes or more scopes than there are, naming the field and changing nothing', async () => {
    const [before] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM api_key');
    for (const [name, scopes, field] of [
      ['   ', ['USERS_READ'], 'name'],
      ['x'.repeat(101), ['USERS_READ'], 'name'],
      ['x'.repeat(1_000_000), ['USERS_READ'], 'name'],
      ['No scopes', [], 'scopes'],
    ] as const) {
      const r = await t.gql(CREATE, { name, scopes }, owner);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // More scopes than there are: refused with the most a list may hold, not de-duplicated item by item.
    const scopeCount = (await t.ok('{ __type(name: "ApiScope") { enumValues { name } } }', {}, owner)).__type.enumValues
      .length;
    const long = await t.gql(CREATE, { name: 'Long', scopes: Array(scopeCount + 1).fill('USERS_READ') }, owner);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes', max: scopeCount });
    const bogus = await t.gql('mutation { createApiKey(name: "Bogus", scopes: [EVERYTHING]) { secret } }', {}, owner);
    expect(bogus.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await t.sql('SELECT count(*)::int AS n FROM api_key')).toEqual([before]);
    const repeated = await t.ok(CREATE, { name: 'Repeats', scopes: ['USERS_READ', 'USERS_READ'] }, owner);
    expect(repeated.createApiKey.apiKey.scopes).toEqual(['USERS_READ']);
  });
});

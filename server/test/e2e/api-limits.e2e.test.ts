import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTelegram, newTelegramId, seedUser, startTestSystem, type Caller, type TestSystem } from '../harness.js';

let t: TestSystem;
let owner: Caller;

beforeAll(async () => {
  t = await startTestSystem({ env: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COMPLEXITY: '500' } });
  const tg = newTelegramId();
  await seedUser(t, { role: 'OWNER', telegramId: tg });
  owner = asTelegram(t, { id: tg });
});
afterAll(async () => {
  await t?.stop();
});

describe('API limits', () => {
  it('refuses a query deeper than GRAPHQL_MAX_DEPTH (6 here) and runs nothing of it', async () => {
    const atLimit = await t.gql('{ invoices { nodes { account { members { account { id } } } } } }', {}, owner);
    expect(atLimit.errors).toBeUndefined();
    const tooDeep = await t.gql(
      '{ invoices { nodes { account { members { account { members { id } } } } } } }',
      {},
      owner,
    );
    expect(tooDeep.errors?.[0]).toMatchObject({
      message: 'Query depth 7 exceeds the maximum of 6',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', depth: 7, maxDepth: 6 },
    });
    expect(tooDeep.data).toBeUndefined();
  });

  it('refuses over-complex queries: page size multiplies the cost of each item', async () => {
    const r = await t.gql(
      '{ users(first: 100) { nodes { id username firstName lastName role active language email } } }',
      {},
      owner,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 500 });
    const small = await t.gql('{ users(first: 10) { nodes { id username } } }', {}, owner);
    expect(small.errors).toBeUndefined();
  });

  it('caps the page size and names the allowed range', async () => {
    const r = await t.gql('{ users(first: 101) { totalCount } }', {}, owner);
    expect(r.errors?.[0]).toMatchObject({
      message: 'first must be a whole number from 1 to 100',
      extensions: { code: 'BAD_USER_INPUT', field: 'first', min: 1, max: 100 },
    });
    const zero = await t.gql('{ users(first: 0) { totalCount } }', {}, owner);
    expect(zero.errors?.[0]?.extensions?.field).toBe('first');
  });

  it('paginates with cursors without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) await seedUser(t, { role: 'CONTRACTOR', username: `page_user_${i}` });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: any = await t.ok(
        'query($after: String) { users(first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
        owner,
      );
      seen.push(...r.users.nodes.map((n: { id: string }) => n.id));
      if (!r.users.pageInfo.hasNextPage) break;
      after = r.users.pageInfo.endCursor;
    }
    const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    // Rows created within one millisecond (as the database's now() does in a burst) still page without a gap.
    await t.sql(
      `INSERT INTO app_user (role, username, created_at) VALUES
         ('CONTRACTOR', 'same_ms_1', '2030-01-01 10:00:00.123100+00'),
         ('CONTRACTOR', 'same_ms_2', '2030-01-01 10:00:00.123200+00'),
         ('CONTRACTOR', 'same_ms_3', '2030-01-01 10:00:00.123300+00')`,
    );
    const sameMs: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: any = await t.ok(
        `query($after: String) { users(first: 1, after: $after, filter: { search: "same_ms" }) { nodes { username } pageInfo { endCursor } } }`,
        { after: cursor },
        owner,
      );
      sameMs.push(...r.users.nodes.map((n: { username: string }) => n.username));
      cursor = r.users.pageInfo.endCursor;
    }
    expect(sameMs.sort()).toEqual(['same_ms_1', 'same_ms_2', 'same_ms_3']);
    const bad = await t.gql('{ users(after: "garbage") { totalCount } }', {}, owner);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

/**
 * Issue 3, item 1 ("each viewer receives only what it may see") over time: a live stream runs as the caller it
 * was authenticated as, so when that caller's access changes — a client moved to another account, a manager
 * deactivated (R-USR-3), a session ended, an API key revoked — the connection is closed (4403) and the client,
 * connecting again, is authenticated afresh and sees only what it may see now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, testDatabase, type Caller, type TestSystem } from '../harness.js';
import { apiKeyCaller, newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';
import { ORDER_EVENTS, adminSession, collect, sleep, waitFor, type Collected } from '../live.helpers.js';
import { ACCESS_CHANGED_CLOSE_CODE } from '../../src/app/access-watch.js';

let t: TestSystem;
let owner: { id: string; as: Caller };
let tariffId: string;

beforeAll(async () => {
  t = await startTestSystem();
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  owner = await seedCaller(t, { role: 'OWNER' });
  tariffId = await seedTariff(t, { ordersPerPeriod: null });
});
afterAll(async () => {
  await t?.stop();
});

const newestCursor = async () =>
  (await t.sql<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM order_event`))[0]!.id;

/** The close code the stream ended with (graphql-ws hands the close event to every subscription's error). */
const closeCode = (c: Collected<unknown>) => (c.errors[0] as { code?: number } | undefined)?.code;

const keyIdOf = async (caller: Caller) => {
  const secret = (caller.headers.authorization as string).replace(/^Bearer /, '');
  const prefix = secret.slice('itsk_'.length).split('_')[0];
  return (await t.sql<{ id: string }>(`SELECT id FROM api_key WHERE prefix = $1`, [prefix]))[0]!.id;
};

describe('issue 3 item 1: a live stream ends when its caller’s access changes', () => {
  it('R-ACC-1: a client moved to another account stops receiving the first account’s events; connecting again it sees the new account’s only', async () => {
    const accountA = await seedAccount(t, { tariffId });
    const accountB = await seedAccount(t, { tariffId });
    const client = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
    const otherOfB = await seedCaller(t, { role: 'CLIENT', accountId: accountB });
    const start = await newestCursor();

    const stream = collect(t.ws(client.as), ORDER_EVENTS, { after: start }, 'orderEvents');
    const first = await newOrder(t, client.as, { description: 'Printer in A' });
    await waitFor(() => stream.items.length === 1, 'the order of account A');

    const moved = await t.ok(
      `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { __typename } }`,
      { id: client.id, input: { accountId: accountB } },
      owner.as,
    );
    expect(moved.updateUser.__typename).toBe('User');
    await waitFor(() => stream.errors.length > 0, 'the stream to be closed');
    expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);
    expect(t.system.http.accessWatch.closed).toBeGreaterThanOrEqual(1);

    // Account A goes on; account B gets an order too. Only B's reaches the client, on a new connection.
    const memberOfA = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
    await newOrder(t, memberOfA.as, { description: 'Scanner in A' });
    const ofB = await newOrder(t, otherOfB.as, { description: 'Router in B' });
    await sleep(200);
    expect(stream.items.map((i) => i.orderId)).toEqual([first.id]);

    const again = collect(t.ws(client.as), ORDER_EVENTS, { after: stream.items[0]!.cursor }, 'orderEvents');
    await waitFor(() => again.items.length >= 1, 'the order of account B');
    await sleep(200);
    expect(again.items.map((i) => i.orderId)).toEqual([ofB.id]);
    expect(again.errors).toEqual([]);
    again.dispose();
  });

  it('R-USR-3: a deactivated manager’s admin-panel stream is closed at once, and its session no longer works', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const session = await adminSession(t, manager.as);
    const stream = collect(t.ws(session), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    const client = await seedCaller(t, { role: 'CLIENT', accountId: await seedAccount(t, { tariffId }) });
    await newOrder(t, client.as);
    await waitFor(() => stream.items.length === 1, 'the first order');

    const r = await t.ok(
      `mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`,
      { id: manager.id },
      owner.as,
    );
    expect(r.deactivateUser.__typename).toBe('UserDeactivated');
    await waitFor(() => stream.errors.length > 0, 'the stream to be closed');
    expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);

    await newOrder(t, client.as);
    await sleep(200);
    expect(stream.items).toHaveLength(1);
    // Connecting again, the ended session is anonymous: the stream is refused.
    const again = collect(t.ws(session), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    await waitFor(() => again.errors.length > 0 || again.completed, 'the refusal');
    expect(again.items).toEqual([]);
  });

  it('a session ended with signOut closes the streams that used it', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const session = await adminSession(t, manager.as);
    const stream = collect(t.ws(session), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    await sleep(100);
    await t.ok(`mutation { signOut }`, {}, session);
    await waitFor(() => stream.errors.length > 0, 'the stream to be closed');
    expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);
  });

  it('a revoked API key’s open stream is closed at once', async () => {
    const key = await apiKeyCaller(t, ['ORDERS_READ']);
    const stream = collect(t.ws(key), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    const client = await seedCaller(t, { role: 'CLIENT', accountId: await seedAccount(t, { tariffId }) });
    await newOrder(t, client.as);
    await waitFor(() => stream.items.length === 1, 'the first order');

    const r = await t.ok(
      `mutation ($id: ID!) { revokeApiKey(id: $id) { __typename } }`,
      { id: await keyIdOf(key) },
      owner.as,
    );
    expect(r.revokeApiKey.__typename).toBe('ApiKey');
    await waitFor(() => stream.errors.length > 0, 'the stream to be closed');
    expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);
    await newOrder(t, client.as);
    await sleep(200);
    expect(stream.items).toHaveLength(1);
  });

  it('a change this process was not told of (as made through another instance) is found by the periodic check', async () => {
    const key = await apiKeyCaller(t, ['ORDERS_READ']);
    const stream = collect(t.ws(key), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    await sleep(100);
    const before = t.system.http.accessWatch.closed;
    await t.sql(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [await keyIdOf(key)]);
    await waitFor(() => stream.errors.length > 0, 'the periodic check to close the stream', 6_000);
    expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);
    expect(t.system.http.accessWatch.closed).toBe(before + 1);
  });

  it('callers whose access did not change keep their streams', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const key = await apiKeyCaller(t, ['ORDERS_READ']);
    const byManager = collect(t.ws(manager.as), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    const byKey = collect(t.ws(key), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
    // Someone else's access changes, and a renamed user is not an access change.
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    await t.ok(`mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`, { id: other.id }, owner.as);
    await t.ok(
      `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { __typename } }`,
      { id: manager.id, input: { firstName: 'Renamed' } },
      owner.as,
    );
    await t.system.http.accessWatch.checkNow();
    const client = await seedCaller(t, { role: 'CLIENT', accountId: await seedAccount(t, { tariffId }) });
    await newOrder(t, client.as);
    await waitFor(() => byManager.items.length === 1 && byKey.items.length === 1, 'the order on both streams');
    expect(byManager.errors).toEqual([]);
    expect(byKey.errors).toEqual([]);
    byManager.dispose();
    byKey.dispose();
  });
});

describe.skipIf(testDatabase !== 'postgres')('issue 3 item 8: across instances', () => {
  it('a key revoked through one instance closes its stream on the other', async () => {
    const two = await startTestSystem({ attachTo: t });
    try {
      const key = await apiKeyCaller(t, ['ORDERS_READ']);
      const stream = collect(two.ws(key), ORDER_EVENTS, { after: await newestCursor() }, 'orderEvents');
      await sleep(100);
      await t.ok(`mutation ($id: ID!) { revokeApiKey(id: $id) { __typename } }`, { id: await keyIdOf(key) }, owner.as);
      await waitFor(() => stream.errors.length > 0, 'the other instance to close the stream', 6_000);
      expect(closeCode(stream)).toBe(ACCESS_CHANGED_CLOSE_CODE);
      expect(two.system.http.accessWatch.closed).toBe(1);
    } finally {
      await two.stop();
    }
  });
});

import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { categoryIdOf, seedCaller } from '../seed.js';
import { CREATE_ORDER, code, countWhere, newOrder, seedClientSetup, seedLifecycleSetup } from '../orders.helpers.js';

/**
 * createOrder(input: { requestKey }): a creation the caller repeats — a retry after an answer that never came,
 * a double press reaching two bot instances — makes one order, however the repeats interleave.
 */
let t: TestSystem;
let setup: Awaited<ReturnType<typeof seedLifecycleSetup>>['setup'];
let manager: Awaited<ReturnType<typeof seedCaller>>;
let itHelp: string;

beforeAll(async () => {
  t = await startTestSystem();
  ({ setup, manager } = await seedLifecycleSetup(t));
  itHelp = await categoryIdOf(t, 'IT_HELP');
});
afterAll(async () => {
  await t?.stop();
});

/** Everything one creation writes, counted for one author. */
const written = async (authorId: string) => ({
  orders: await countWhere(t, 'service_order', 'author_id = $1', [authorId]),
  events: await countWhere(t, 'order_event', 'order_id IN (SELECT id FROM service_order WHERE author_id = $1)', [
    authorId,
  ]),
  notifications: await countWhere(
    t,
    'notification',
    'order_id IN (SELECT id FROM service_order WHERE author_id = $1)',
    [authorId],
  ),
});

describe('createOrder with a requestKey: safe to repeat', () => {
  it('R-ORD-1 the same key sent again returns the first order and writes nothing more', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const first = await newOrder(t, client.as, { description: 'VPN is down', requestKey: 'key-1' });
    const once = await written(client.id);
    expect(once.orders).toBe(1);
    expect(once.events).toBe(1);
    const again = await newOrder(t, client.as, { description: 'VPN is down', requestKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.number).toBe(first.number);
    expect(await written(client.id)).toEqual(once);
    // Without a key every call is a new order, as before.
    await newOrder(t, client.as, { description: 'VPN is down' });
    await newOrder(t, client.as, { description: 'VPN is down' });
    expect((await written(client.id)).orders).toBe(3);
  });

  it('R-ORD-1 eight calls with one key at the same moment make one order, and every call gets it', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const input = { categoryId: itHelp, description: 'Printer on floor 3', requestKey: 'double-press' };
    const results = await Promise.all(Array.from({ length: 8 }, () => t.ok(CREATE_ORDER, { input }, client.as)));
    const ids = new Set(results.map((r) => r.createOrder.id as string));
    expect(results.every((r) => r.createOrder.__typename === 'Order')).toBe(true);
    expect(ids.size).toBe(1);
    expect(await written(client.id)).toMatchObject({ orders: 1, events: 1 });
  });

  it('R-ORD-1 a key reused for a different order is refused (REQUEST_KEY_REUSED) and changes nothing', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    await newOrder(t, client.as, { description: 'Mail is slow', requestKey: 'reused' });
    const before = await written(client.id);
    for (const input of [
      { categoryId: itHelp, description: 'Mail is very slow', requestKey: 'reused' },
      { categoryId: await categoryIdOf(t, 'MAINTENANCE'), description: 'Mail is slow', requestKey: 'reused' },
    ]) {
      const r = await t.gql(CREATE_ORDER, { input }, client.as);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions).toMatchObject({ field: 'requestKey', reason: 'REQUEST_KEY_REUSED' });
    }
    expect(await written(client.id)).toEqual(before);
  });

  it('R-ORD-1 R-ACC-1 an author moved to another account gets no order of the former account back for an old key', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    await newOrder(t, client.as, { description: 'Before the move', requestKey: 'moved' });
    const other = await seedClientSetup(t);
    await t.sql(`UPDATE app_user SET account_id = $1 WHERE id = $2`, [other.accountId, client.id]);
    const r = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'Before the move', requestKey: 'moved' } },
      client.as,
    );
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions).toMatchObject({ field: 'requestKey', reason: 'REQUEST_KEY_REUSED' });
    expect(r.data?.createOrder ?? null).toBeNull();
  });

  it('R-ORD-1 keys are per author: another member of the account with the same key gets an order of their own', async () => {
    const a = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const b = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const first = await newOrder(t, a.as, { description: 'Scanner', requestKey: 'shared-key' });
    const second = await newOrder(t, b.as, { description: 'Scanner', requestKey: 'shared-key' });
    expect(second.id).not.toBe(first.id);
    expect(second.author.id).toBe(b.id);
  });

  it('R-ORD-1 R-ACC-3 a repeat returns the order even when the period limit is reached by it', async () => {
    const limited = await seedClientSetup(t, { ordersPerPeriod: 1 });
    const first = await newOrder(t, limited.client.as, { description: 'One a month', requestKey: 'limited' });
    const again = await t.ok(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'One a month', requestKey: 'limited' } },
      limited.client.as,
    );
    expect(again.createOrder).toMatchObject({ __typename: 'Order', id: first.id });
    const other = await t.ok(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'One a month', requestKey: 'limited-2' } },
      limited.client.as,
    );
    expect(other.createOrder.__typename).toBe('OrderLimitReached');
  });

  it('R-ORD-1 staff creating for a client repeat with the author’s key like the client would', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const input = { categoryId: itHelp, description: 'Phoned in', authorId: client.id, requestKey: 'phone-call-17' };
    const first = await t.ok(CREATE_ORDER, { input }, manager.as);
    const again = await t.ok(CREATE_ORDER, { input }, manager.as);
    expect(again.createOrder.id).toBe(first.createOrder.id);
    expect((await written(client.id)).orders).toBe(1);
  });

  it('R-ORD-1 an empty or over-long key is refused with its range and nothing is written', async () => {
    const client = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    for (const requestKey of ['', 'k'.repeat(101)]) {
      const r = await t.gql(CREATE_ORDER, { input: { categoryId: itHelp, description: 'x', requestKey } }, client.as);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions).toMatchObject({ field: 'requestKey', max: 100 });
    }
    expect((await written(client.id)).orders).toBe(0);
    const longest = await newOrder(t, client.as, { description: 'x', requestKey: 'k'.repeat(100) });
    expect(longest.id).toBeTruthy();
  });
});

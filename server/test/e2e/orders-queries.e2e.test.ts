import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { seedBranch, seedCaller, seedOrder, seedSetting } from '../seed.js';
import {
  CANCEL_ORDER,
  ORDERS,
  SEND_MESSAGE,
  apiKeyCaller,
  newOrder,
  seedClientSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let a: ClientSetup;
let b: ClientSetup;
let manager: Awaited<ReturnType<typeof seedCaller>>;

beforeAll(async () => {
  t = await startTestSystem();
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  a = await seedClientSetup(t, { ordersPerPeriod: null });
  b = await seedClientSetup(t, { ordersPerPeriod: null });
  manager = await seedCaller(t, { role: 'MANAGER' });
});
afterAll(async () => {
  await t?.stop();
});

const NESTED = `query ($first: Int) {
  orders(first: $first) {
    totalCount
    nodes {
      id number status
      account { id name tariff { id name } }
      branch { id name }
      author { id displayName }
      contractor { id displayName }
      category { id code }
      items { model quantity }
      history { kind actor { id } contractor { id } }
      messages { text sender { id } }
    }
  }
}`;

describe('lists', () => {
  it('DataLoader batching: orders(first: 10) and orders(first: 100) with nested relations cost the same SQL queries', async () => {
    const accounts = [a, b, await seedClientSetup(t, { ordersPerPeriod: null })];
    const contractors = await Promise.all([1, 2, 3].map(() => seedCaller(t, { role: 'CONTRACTOR' })));
    const branches = await Promise.all(accounts.map((s) => seedBranch(t, { accountId: s.accountId })));
    for (let i = 0; i < 110; i++) {
      const s = accounts[i % 3]!;
      const id = await seedOrder(t, {
        accountId: s.accountId,
        authorId: s.client.id,
        status: i % 2 ? 'IN_PROGRESS' : 'NEW',
        contractorId: contractors[i % 3]!.id,
        categoryCode: i % 4 ? 'IT_HELP' : 'CARTRIDGE',
        createdAt: new Date(t.clock.now().getTime() - i * 1000),
      });
      await t.sql(`UPDATE service_order SET branch_id = $2 WHERE id = $1`, [id, branches[i % 3]]);
      if (i % 4 === 0)
        await t.sql(`INSERT INTO order_item (order_id, position, model, quantity) VALUES ($1, 1, 'HP 85A', 2)`, [id]);
    }
    const count = async (first: number) => {
      await t.ok(NESTED, { first }, manager.as); // warm-up (sessions, settings caches do not distort the count)
      t.queries.length = 0;
      const r = await t.ok(NESTED, { first }, manager.as);
      expect(r.orders.nodes).toHaveLength(first);
      return t.queries.length;
    };
    const ten = await count(10);
    const hundred = await count(100);
    console.log(`SQL queries: orders(first: 10) = ${ten}, orders(first: 100) = ${hundred}`);
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(15);
  });

  it('orders are listed newest first with a keyset cursor; filters combine', async () => {
    const s = await seedClientSetup(t, { ordersPerPeriod: null });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      made.push((await newOrder(t, s.client.as, { description: `printer ${i}` })).id);
    }
    const page1 = await t.ok(ORDERS, { first: 2 }, s.client.as);
    expect(page1.orders.totalCount).toBe(5);
    expect(page1.orders.nodes.map((n: any) => n.id)).toEqual([made[4], made[3]]);
    const page2 = await t.ok(ORDERS, { first: 2, after: page1.orders.pageInfo.endCursor }, s.client.as);
    expect(page2.orders.nodes.map((n: any) => n.id)).toEqual([made[2], made[1]]);
    const page3 = await t.ok(ORDERS, { first: 2, after: page2.orders.pageInfo.endCursor }, s.client.as);
    expect(page3.orders.nodes.map((n: any) => n.id)).toEqual([made[0]]);
    expect(page3.orders.pageInfo.hasNextPage).toBe(false);

    await t.ok(CANCEL_ORDER, { orderId: made[0] }, s.client.as);
    const cancelled = await t.ok(ORDERS, { filter: { statuses: ['CANCELLED'], accountId: s.accountId } }, manager.as);
    expect(cancelled.orders.nodes.map((n: any) => n.id)).toEqual([made[0]]);
    const searched = await t.ok(ORDERS, { filter: { search: 'PRINTER 3' } }, s.client.as);
    expect(searched.orders.nodes.map((n: any) => n.id)).toEqual([made[3]]);
    const percent = await t.ok(ORDERS, { filter: { search: '%' } }, s.client.as);
    expect(percent.orders.totalCount).toBe(0);
    const from = await t.ok(
      ORDERS,
      { filter: { accountId: s.accountId, createdFrom: t.clock.now().toISOString() } },
      manager.as,
    );
    expect(from.orders.nodes.map((n: any) => n.id)).toEqual([made[4]]);
  });

  it('R-SLA-4 the breached filter and isBreached show orders not taken within the reaction time', async () => {
    const s = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 30 });
    const late = await newOrder(t, s.client.as);
    t.clock.advance(31 * 60_000);
    const fresh = await newOrder(t, s.client.as);
    const r = await t.ok(
      `query ($f: OrderFilter) { orders(first: 100, filter: $f) { nodes { id isBreached } } }`,
      { f: { accountId: s.accountId, breached: true } },
      manager.as,
    );
    expect(r.orders.nodes).toEqual([{ id: late.id, isBreached: true }]);
    const ok = await t.ok(
      `query ($f: OrderFilter) { orders(first: 100, filter: $f) { nodes { id isBreached } } }`,
      { f: { accountId: s.accountId, breached: false } },
      manager.as,
    );
    expect(ok.orders.nodes).toEqual([{ id: fresh.id, isBreached: false }]);
  });
});

/** Collects the results a subscription delivers. */
function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: any[] = [];
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (v) => events.push(v),
      error: (e) => events.push({ error: e }),
      complete: () => undefined,
    },
  );
  return { events, dispose };
}

async function waitFor(check: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for a subscription event');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const connected = (client: Client) => new Promise<void>((resolve) => client.on('connected', () => resolve()));
const settle = () => new Promise((r) => setTimeout(r, 150));

const UPDATED = `subscription ($orderId: ID) { orderUpdated(orderId: $orderId) { id status contractor { id } } }`;

describe('live updates (subscription orderUpdated)', () => {
  it('delivers the order after each change to those who may see it, and to nobody else', async () => {
    const order = await newOrder(t, a.client.as);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const clients: Array<[string, Caller]> = [
      ['author', a.client.as],
      ['otherAccount', b.client.as],
      ['manager', manager.as],
      ['reader', await apiKeyCaller(t, ['ORDERS_READ'])],
    ];
    const subs = new Map<string, ReturnType<typeof subscribe>>();
    for (const [name, as] of clients) {
      const ws = t.ws(as);
      const ready = connected(ws);
      subs.set(name, subscribe(ws, UPDATED, name === 'author' ? { orderId: order.id } : {}));
      await ready;
    }
    await settle();
    await take(t, contractor.as, order.id);
    await waitFor(() => subs.get('author')!.events.length >= 1 && subs.get('manager')!.events.length >= 1);
    await waitFor(() => subs.get('reader')!.events.length >= 1);
    for (const name of ['author', 'manager', 'reader']) {
      expect(subs.get(name)!.events[0]).toEqual({
        data: { orderUpdated: { id: order.id, status: 'IN_PROGRESS', contractor: { id: contractor.id } } },
      });
    }
    // A message is a change too.
    await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'on my way' } }, contractor.as);
    await waitFor(() => subs.get('author')!.events.length >= 2);
    // The other account heard of its own order, never of this one.
    const own = await newOrder(t, b.client.as);
    await waitFor(() => subs.get('otherAccount')!.events.length >= 1);
    await settle();
    expect(subs.get('otherAccount')!.events.map((e) => e.data?.orderUpdated?.id)).toEqual([own.id]);
    // The author's subscription is filtered to its order only.
    expect(subs.get('author')!.events.every((e) => e.data.orderUpdated.id === order.id)).toBe(true);
    for (const s of subs.values()) s.dispose();
  });

  it('refuses callers without order access at subscribe time', async () => {
    const ws = t.ws(await apiKeyCaller(t, ['USERS_READ']));
    const s = subscribe(ws, UPDATED);
    await waitFor(() => s.events.length >= 1);
    const first = s.events[0];
    expect(first.data).toBeUndefined();
    const why = Array.isArray(first.error)
      ? first.error[0]?.message
      : (first.error?.reason ?? first.errors?.[0]?.message);
    expect(why).toMatch(/orders:read/);
    s.dispose();
  });
});

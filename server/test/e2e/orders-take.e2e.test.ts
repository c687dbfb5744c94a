import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { categoryIdOf, seedCaller, seedContractorCategories, seedPinnedContractor, seedSetting } from '../seed.js';
import {
  ORDER,
  ORDERS,
  TAKE_ORDER,
  code,
  countWhere,
  newOrder,
  orderTableCounts,
  seedClientSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let setup: ClientSetup;
const MINUTE = 60_000;

const AVAILABLE = `query ($first: Int, $after: String) {
  availableOrders(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id reactionDueAt }
  }
}`;

beforeAll(async () => {
  t = await startTestSystem();
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  setup = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 100 });
});
afterAll(async () => {
  await t?.stop();
});

describe('taking orders (R-ORD-3)', () => {
  it('R-ORD-3 the estimate is whole hours 1..MAX_ESTIMATE_HOURS; 0 and 25 are refused naming the range, nothing changes', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    const before = await orderTableCounts(t);
    for (const estimateHours of [0, 25, -3]) {
      const r = await t.gql(TAKE_ORDER, { orderId: order.id, estimateHours }, contractor.as);
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'estimateHours',
        min: 1,
        max: 24,
      });
      expect(r.errors?.[0]?.message).toMatch(/1 to 24/);
    }
    const wrongType = await t.gql(TAKE_ORDER, { orderId: order.id, estimateHours: 'two' }, contractor.as);
    expect(wrongType.errors?.length).toBeGreaterThan(0);
    const fractional = await t.gql(TAKE_ORDER, { orderId: order.id, estimateHours: 1.5 }, contractor.as);
    expect(fractional.errors?.length).toBeGreaterThan(0);
    expect(await orderTableCounts(t)).toEqual(before);
    expect((await take(t, contractor.as, order.id, 24)).estimateHours).toBe(24);
  });

  it('R-ORD-3 a contractor below its limit may take; at MAX_ACTIVE_ORDERS_PER_CONTRACTOR it is refused with the numbers', async () => {
    await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '2');
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const orders = [
      await newOrder(t, setup.client.as),
      await newOrder(t, setup.client.as),
      await newOrder(t, setup.client.as),
    ];
    expect((await take(t, contractor.as, orders[0]!.id)).__typename).toBe('Order');
    expect((await take(t, contractor.as, orders[1]!.id)).__typename).toBe('Order');
    const before = await orderTableCounts(t);
    expect(await take(t, contractor.as, orders[2]!.id)).toEqual({
      __typename: 'ContractorAtCapacity',
      active: 2,
      allowed: 2,
    });
    expect(await orderTableCounts(t)).toEqual(before);
    // The contractor's own limit overrides the setting.
    await t.sql(`UPDATE app_user SET max_active_orders = 3 WHERE id = $1`, [contractor.id]);
    expect((await take(t, contractor.as, orders[2]!.id)).__typename).toBe('Order');
    await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  });

  it('R-ORD-3 a contractor with categories takes only orders of those categories; none set means all', async () => {
    const printers = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedContractorCategories(t, printers.id, ['CARTRIDGE']);
    const order = await newOrder(t, setup.client.as);
    expect(await take(t, printers.as, order.id)).toEqual({
      __typename: 'CategoryNotServed',
      categoryId: await categoryIdOf(t, 'IT_HELP'),
    });
    // The offer is not shown to them either.
    const offers = await t.ok(AVAILABLE, { first: 100 }, printers.as);
    expect(offers.availableOrders.nodes.map((n: any) => n.id)).not.toContain(order.id);
    const cartridge = await newOrder(t, setup.client.as, {
      categoryId: await categoryIdOf(t, 'CARTRIDGE'),
      items: [{ model: 'HP 12A', quantity: 1 }],
    });
    expect((await take(t, printers.as, cartridge.id)).__typename).toBe('Order');
  });

  it('R-ORD-3 taking is a compare-and-set: 20 contractors at once, exactly one wins, history shows one take', async () => {
    const order = await newOrder(t, setup.client.as);
    const contractors = await Promise.all(Array.from({ length: 20 }, () => seedCaller(t, { role: 'CONTRACTOR' })));
    const results = await Promise.all(
      contractors.map((c) => t.gql(TAKE_ORDER, { orderId: order.id, estimateHours: 2 }, c.as)),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const kinds = results.map((r) => r.data.takeOrder.__typename);
    expect(kinds.filter((k) => k === 'Order')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'OrderAlreadyTaken')).toHaveLength(19);
    const winner = contractors[kinds.indexOf('Order')]!;
    expect(await countWhere(t, 'order_event', `order_id = $1 AND kind = 'TAKEN'`, [order.id])).toBe(1);
    const [row] = await t.sql<{ contractor_id: string; status: string }>(
      `SELECT contractor_id, status FROM service_order WHERE id = $1`,
      [order.id],
    );
    expect(row).toEqual({ contractor_id: winner.id, status: 'IN_PROGRESS' });
    for (const r of results.filter((x) => x.data.takeOrder.__typename === 'OrderAlreadyTaken')) {
      expect(r.data.takeOrder).toEqual({ __typename: 'OrderAlreadyTaken', orderId: order.id, status: 'IN_PROGRESS' });
    }
  });

  it('R-ORD-3 capacity holds under concurrency: one contractor taking 5 orders at once with a limit of 2 gets 2', async () => {
    await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '2');
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const orders = await Promise.all(Array.from({ length: 5 }, () => newOrder(t, setup.client.as)));
    const results = await Promise.all(orders.map((o) => take(t, contractor.as, o.id)));
    expect(results.filter((r) => r.__typename === 'Order')).toHaveLength(2);
    expect(results.filter((r) => r.__typename === 'ContractorAtCapacity')).toHaveLength(3);
    expect(await countWhere(t, 'service_order', `contractor_id = $1 AND status = 'IN_PROGRESS'`, [contractor.id])).toBe(
      2,
    );
    await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  });

  it('availableOrders lists NEW offers most urgent first, with a cursor', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const first = await newOrder(t, setup.client.as);
    t.clock.advance(MINUTE);
    const second = await newOrder(t, setup.client.as);
    const page1 = await t.ok(AVAILABLE, { first: 1 }, contractor.as);
    const all = await t.ok(AVAILABLE, { first: 100 }, contractor.as);
    const ids = all.availableOrders.nodes.map((n: any) => n.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const dues = all.availableOrders.nodes.map((n: any) => new Date(n.reactionDueAt).getTime());
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(page1.availableOrders.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.ok(AVAILABLE, { first: 100, after: page1.availableOrders.pageInfo.endCursor }, contractor.as);
    expect([page1.availableOrders.nodes[0].id, ...page2.availableOrders.nodes.map((n: any) => n.id)]).toEqual(ids);
    // Clients and managers have no offers.
    expect(code(await t.gql(AVAILABLE, {}, setup.client.as))).toBe('FORBIDDEN');
  });
});

describe('pinned contractors (R-SLA-1, R-ACC-4)', () => {
  it('R-SLA-1 during ASSIGNED_CONTRACTORS_TIME_LIMIT% of the reaction time only pinned contractors see and take the order', async () => {
    const pinnedSetup = await seedClientSetup(t, {
      ordersPerPeriod: null,
      reactionTimeMinutes: 100,
      canPinContractors: true,
    });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const created = t.clock.now();
    const order = await newOrder(t, pinnedSetup.client.as);
    // Default ASSIGNED_CONTRACTORS_TIME_LIMIT = 20% of 100 minutes.
    expect(new Date(order.pinnedUntil).getTime()).toBe(created.getTime() + 20 * MINUTE);

    const seenBy = async (c: typeof pinned) =>
      (await t.ok(AVAILABLE, { first: 100 }, c.as)).availableOrders.nodes.map((n: any) => n.id).includes(order.id);
    expect(await seenBy(pinned)).toBe(true);
    expect(await seenBy(other)).toBe(false);
    expect(code(await t.gql(ORDER, { id: order.id }, other.as))).toBe('NOT_FOUND');
    const list = await t.ok(ORDERS, { first: 100 }, other.as);
    expect(list.orders.nodes.map((n: any) => n.id)).not.toContain(order.id);
    const before = await orderTableCounts(t);
    expect(await take(t, other.as, order.id)).toEqual({
      __typename: 'NotPinnedContractor',
      pinnedWindowEndsAt: order.pinnedUntil,
    });
    expect(await orderTableCounts(t)).toEqual(before);

    t.clock.advance(20 * MINUTE);
    expect(await seenBy(other)).toBe(true);
    expect((await take(t, other.as, order.id)).__typename).toBe('Order');
  });

  it('R-SLA-1 the pinned contractor may take at once; without pinning in the tariff there is no window', async () => {
    const pinnedSetup = await seedClientSetup(t, { ordersPerPeriod: null, canPinContractors: true });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const order = await newOrder(t, pinnedSetup.client.as);
    expect((await take(t, pinned.as, order.id)).__typename).toBe('Order');

    const noPinSetup = await seedClientSetup(t, { ordersPerPeriod: null, canPinContractors: false });
    await seedPinnedContractor(t, noPinSetup.accountId, pinned.id);
    const open = await newOrder(t, noPinSetup.client.as);
    expect(open.pinnedUntil).toBeNull();
    const anyone = await seedCaller(t, { role: 'CONTRACTOR' });
    expect((await take(t, anyone.as, open.id)).__typename).toBe('Order');
  });

  it('R-SLA-1 R-SLA-6 the refusal names the zone its moment is shown in: the account’s own, else TIMEZONE', async () => {
    const NOT_PINNED = `mutation ($orderId: ID!) {
      takeOrder(orderId: $orderId, estimateHours: 1) { __typename ... on NotPinnedContractor { timeZone } }
    }`;
    const pinnedSetup = await seedClientSetup(t, { ordersPerPeriod: null, canPinContractors: true });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const refusal = async () =>
      (await t.ok(NOT_PINNED, { orderId: (await newOrder(t, pinnedSetup.client.as)).id }, other.as)).takeOrder;
    await seedSetting(t, 'TIMEZONE', 'Asia/Vladivostok');
    try {
      expect(await refusal()).toEqual({ __typename: 'NotPinnedContractor', timeZone: 'Asia/Vladivostok' });
      await t.sql(`UPDATE client_account SET time_zone = 'Asia/Yekaterinburg' WHERE id = $1`, [pinnedSetup.accountId]);
      expect(await refusal()).toEqual({ __typename: 'NotPinnedContractor', timeZone: 'Asia/Yekaterinburg' });
    } finally {
      await seedSetting(t, 'TIMEZONE', 'Europe/Moscow');
    }
  });

  it('R-ORD-8 staff may assign during the pinned window (it binds contractors taking, not staff)', async () => {
    const pinnedSetup = await seedClientSetup(t, { ordersPerPeriod: null, canPinContractors: true });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    const manager = await seedCaller(t, { role: 'MANAGER' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const order = await newOrder(t, pinnedSetup.client.as);
    const r = await t.ok(
      `mutation ($o: ID!, $c: ID!) { assignOrder(orderId: $o, contractorId: $c, estimateHours: 1) { __typename } }`,
      { o: order.id, c: other.id },
      manager.as,
    );
    expect(r.assignOrder.__typename).toBe('Order');
  });
});

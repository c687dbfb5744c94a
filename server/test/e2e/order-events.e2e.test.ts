/**
 * Issue 3, item 1: the order event stream — every history entry, in commit order, as a replay from a
 * cursor followed by live entries, without gaps or repeats, each viewer seeing only what it may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { CLOSE_ORDER, SEND_MESSAGE, apiKeyCaller, newOrder, take } from '../orders.helpers.js';
import {
  seedAccount,
  seedCaller,
  seedContractorCategories,
  seedPinnedContractor,
  seedSetting,
  seedTariff,
} from '../seed.js';
import { ORDER_EVENTS, collect, errorCode, sleep, waitFor, type Collected } from '../live.helpers.js';

let t: TestSystem;
let manager: { id: string; as: Caller };

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  manager = await seedCaller(t, { role: 'MANAGER' });
});
afterAll(async () => {
  await t?.stop();
});

const allEventIds = async () =>
  (await t.sql<{ id: string }>(`SELECT e.id::text AS id FROM order_event e ORDER BY e.id`)).map((r) => r.id);
const newestEventId = async () =>
  (await t.sql<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM order_event`))[0]!.id;

describe('issue 3 item 1: the order event stream', () => {
  it('a subscriber that disconnects mid-stream and resumes from its cursor receives every event exactly once, in order, while writers keep committing concurrently', async () => {
    const tariffId = await seedTariff(t, { ordersPerPeriod: null });
    const clients = await Promise.all(
      [0, 1, 2].map(async () => seedCaller(t, { role: 'CLIENT', accountId: await seedAccount(t, { tariffId }) })),
    );
    const contractors = await Promise.all([0, 1, 2].map(() => seedCaller(t, { role: 'CONTRACTOR' })));

    /** One order's life: created, taken, a message, done — 4 events, interleaved with the other writers. */
    const life = async (i: number) => {
      const c = clients[i % clients.length]!;
      const k = contractors[i % contractors.length]!;
      const order = await newOrder(t, c.as, { description: `Order ${i}` });
      await take(t, k.as, order.id);
      await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: `Hi ${i}` } }, k.as);
      await t.ok(CLOSE_ORDER, { orderId: order.id }, k.as);
    };
    const burst = (from: number, n: number) => Promise.all(Array.from({ length: n }, (_, j) => life(from + j)));

    const start = await newestEventId();
    const first = collect(t.ws(manager.as), ORDER_EVENTS, { after: start }, 'orderEvents');
    const writing = burst(0, 12);
    await waitFor(() => first.items.length >= 15, 'the first 15 events');
    first.dispose();
    const cut = first.items.length;
    const resumeAfter = first.items[cut - 1]!.cursor as string;
    // Writers keep going while the subscriber is away and while it reconnects.
    const more = burst(12, 12);
    const second = collect(t.ws(manager.as), ORDER_EVENTS, { after: resumeAfter }, 'orderEvents');
    await Promise.all([writing, more]);
    const expected = (await allEventIds()).filter((id) => BigInt(id) > BigInt(start));
    expect(expected).toHaveLength(24 * 4);
    await waitFor(() => cut + second.items.length >= expected.length, 'every event after the cursor');
    await sleep(300);
    second.dispose();
    const received = [...first.items.slice(0, cut), ...second.items];
    expect(received.map((i) => i.cursor)).toEqual(expected);
    expect(received.every((i) => i.event.id === i.cursor)).toBe(true);
    const kinds = received.filter((i) => i.orderId === received[0]!.orderId).map((i) => i.event.kind);
    expect(kinds).toEqual(['CREATED', 'TAKEN', 'MESSAGE', 'DONE']);
    // `order` is the order as it is when the item is delivered.
    const doneItem = received.find((i) => i.orderId === received[0]!.orderId && i.event.kind === 'DONE')!;
    expect(doneItem.order).toMatchObject({ id: doneItem.orderId, status: 'DONE' });
  }, 60_000);

  it('each viewer receives only what it may see: a client its account’s orders; a contractor its own orders and the offers R-SLA-1 allows; staff and order-reading keys everything', async () => {
    const pinTariff = await seedTariff(t, { ordersPerPeriod: null, canPinContractors: true, reactionTimeMinutes: 100 });
    const accountA = await seedAccount(t, { tariffId: pinTariff });
    const accountB = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
    const clientA = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
    const clientB = await seedCaller(t, { role: 'CLIENT', accountId: accountB });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    const eligible = await seedCaller(t, { role: 'CONTRACTOR' });
    const cartridgesOnly = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedContractorCategories(t, cartridgesOnly.id, ['CARTRIDGE']);
    await seedPinnedContractor(t, accountA, pinned.id);
    const reader = await apiKeyCaller(t, ['ORDERS_READ']);

    const after = await newestEventId();
    const viewers: Record<string, Caller> = {
      clientA: clientA.as,
      clientB: clientB.as,
      pinned: pinned.as,
      eligible: eligible.as,
      cartridgesOnly: cartridgesOnly.as,
      manager: manager.as,
      reader,
    };
    const subs: Record<string, Collected<any>> = {};
    for (const [name, as] of Object.entries(viewers))
      subs[name] = collect(t.ws(as), ORDER_EVENTS, { after }, 'orderEvents');

    const x = await newOrder(t, clientA.as, { description: 'Pinned window order' });
    const y = await newOrder(t, clientB.as, { description: 'Open order' });
    expect(x.pinnedUntil).not.toBeNull();
    // After the pinned window (20% of 100 minutes), the order is offered to every eligible contractor.
    t.clock.advance(21 * 60_000);
    await t.ok(SEND_MESSAGE, { orderId: x.id, input: { kind: 'TEXT', text: 'Anyone?' } }, clientA.as);
    await take(t, eligible.as, x.id);

    await waitFor(() => subs.manager!.items.length >= 4 && subs.reader!.items.length >= 4, 'staff to see everything');
    await sleep(400);
    const seen = Object.fromEntries(
      Object.entries(subs).map(([name, s]) => [
        name,
        s.items.map((i) => `${i.orderId === x.id ? 'x' : i.orderId === y.id ? 'y' : '?'}:${i.event.kind}`),
      ]),
    );
    expect(seen).toEqual({
      clientA: ['x:CREATED', 'x:MESSAGE', 'x:TAKEN'],
      clientB: ['y:CREATED'],
      // Pinned: offered x during the window and y (no pins on B); x is no longer theirs to see once taken.
      pinned: ['x:CREATED', 'y:CREATED', 'x:MESSAGE'],
      // Not pinned: x only once the window is over.
      eligible: ['y:CREATED', 'x:MESSAGE', 'x:TAKEN'],
      cartridgesOnly: [],
      manager: ['x:CREATED', 'y:CREATED', 'x:MESSAGE', 'x:TAKEN'],
      reader: ['x:CREATED', 'y:CREATED', 'x:MESSAGE', 'x:TAKEN'],
    });
    for (const s of Object.values(subs)) s.dispose();

    // The replay applies the same rule (as things are now: x is the eligible contractor's, no longer an offer).
    const replay = collect(t.ws(clientB.as), ORDER_EVENTS, { after }, 'orderEvents');
    const pinnedReplay = collect(t.ws(pinned.as), ORDER_EVENTS, { after }, 'orderEvents');
    await waitFor(() => replay.items.length >= 1 && pinnedReplay.items.length >= 1, 'the replays');
    await sleep(300);
    expect(replay.items.map((i) => i.orderId)).toEqual([y.id]);
    expect(pinnedReplay.items.map((i) => i.orderId)).toEqual([y.id]);
    replay.dispose();
    pinnedReplay.dispose();
  });

  it('R-SLA-1 contractors listening live: each still gets only its own orders and offers, from one visibility read per commit for all of them', async () => {
    const client = await seedCaller(t, {
      role: 'CLIENT',
      accountId: await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) }),
    });
    const contractors = await Promise.all([0, 1, 2, 3].map(() => seedCaller(t, { role: 'CONTRACTOR' })));
    const cartridgesOnly = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedContractorCategories(t, cartridgesOnly.id, ['CARTRIDGE']);
    const after = await newestEventId();
    const subs = [...contractors, cartridgesOnly].map((c) =>
      collect(t.ws(c.as), ORDER_EVENTS, { after }, 'orderEvents'),
    );
    await sleep(300);
    // Reads of which live orders a contractor may see (R-SLA-1), one per contractor or one for all.
    const visibilityReads = () =>
      t.queries.filter((q) => q.includes('o.id = ANY(') && q.includes('o.contractor_id =')).length;
    const before = visibilityReads();

    const order = await newOrder(t, client.as);
    await waitFor(() => subs.slice(0, 4).every((s) => s.items.length >= 1), 'the offer to every eligible contractor');
    await take(t, contractors[0]!.as, order.id);
    await waitFor(() => subs[0]!.items.length >= 2, 'the taker to see its order taken');
    await sleep(300);

    const kinds = subs.map((s) => s.items.map((i) => i.event.kind));
    expect(kinds).toEqual([
      ['CREATED', 'TAKEN'], // the taker: an offer, then its own order
      ['CREATED'], // the others: the offer only; once taken it is no longer theirs to see
      ['CREATED'],
      ['CREATED'],
      [], // serves cartridges only: never offered an IT order
    ]);
    for (const s of subs) expect(s.errors).toEqual([]);
    // Two commits, five contractor subscribers: two reads, not ten.
    expect(visibilityReads() - before).toBe(2);
    for (const s of subs) s.dispose();
  });

  it('orderEventCursor: a list loaded after reading it, then a stream started from it, misses no change in between', async () => {
    const client = await seedCaller(t, {
      role: 'CLIENT',
      accountId: await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) }),
    });
    const { orderEventCursor } = await t.ok<{ orderEventCursor: string }>(`{ orderEventCursor }`, {}, client.as);
    expect(orderEventCursor).toBe(await newestEventId());
    // An order created after the cursor was read but before the stream reached the server…
    const order = await newOrder(t, client.as);
    const stream = collect(t.ws(client.as), ORDER_EVENTS, { after: orderEventCursor }, 'orderEvents');
    // …is replayed, exactly once.
    await waitFor(() => stream.items.length >= 1, 'the replayed creation');
    await sleep(300);
    expect(stream.items.map((i) => `${i.orderId}:${i.event.kind}`)).toEqual([`${order.id}:CREATED`]);
    stream.dispose();
    expect(errorCode((await t.gql(`{ orderEventCursor }`)).errors ?? [])).toBe('UNAUTHENTICATED');
  });

  it('filters by order, account and kinds; an order or account the caller may not see is NOT_FOUND; a bad cursor is refused', async () => {
    const accountA = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
    const accountB = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
    const clientA = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
    const clientB = await seedCaller(t, { role: 'CLIENT', accountId: accountB });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const after = await newestEventId();
    const a1 = await newOrder(t, clientA.as);
    const a2 = await newOrder(t, clientA.as);
    const b1 = await newOrder(t, clientB.as);
    await take(t, contractor.as, a2.id);
    await take(t, contractor.as, b1.id);

    const oneOrder = collect(t.ws(clientA.as), ORDER_EVENTS, { after, filter: { orderId: a2.id } }, 'orderEvents');
    const taken = collect(t.ws(manager.as), ORDER_EVENTS, { after, filter: { kinds: ['TAKEN'] } }, 'orderEvents');
    const account = collect(t.ws(manager.as), ORDER_EVENTS, { after, filter: { accountId: accountA } }, 'orderEvents');
    await waitFor(
      () => oneOrder.items.length >= 2 && taken.items.length >= 2 && account.items.length >= 3,
      'the filtered replays',
    );
    await sleep(300);
    expect(oneOrder.items.map((i) => `${i.orderId}:${i.event.kind}`)).toEqual([`${a2.id}:CREATED`, `${a2.id}:TAKEN`]);
    expect(taken.items.map((i) => i.orderId)).toEqual([a2.id, b1.id]);
    expect(account.items.map((i) => i.orderId)).toEqual([a1.id, a2.id, a2.id]);
    for (const s of [oneOrder, taken, account]) s.dispose();

    const refusals: Array<[Caller, Record<string, unknown>, string]> = [
      [clientA.as, { filter: { orderId: b1.id } }, 'NOT_FOUND'],
      [clientA.as, { filter: { orderId: 'not-an-id' } }, 'NOT_FOUND'],
      [clientA.as, { filter: { accountId: accountB } }, 'NOT_FOUND'],
      [manager.as, { after: '12abc' }, 'BAD_USER_INPUT'],
      [manager.as, { after: '-1' }, 'BAD_USER_INPUT'],
    ];
    for (const [as, variables, code] of refusals) {
      const s = collect(t.ws(as), ORDER_EVENTS, variables, 'orderEvents');
      await waitFor(() => s.errors.length > 0, `the refusal of ${JSON.stringify(variables)}`);
      expect(errorCode(s.errors)).toBe(code);
    }
  });
});

import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, startTestSystem, type TestSystem } from '../harness.js';
import { categoryIdOf, seedCaller, seedSetting } from '../seed.js';
import {
  CANCEL_ORDER,
  CLOSE_ORDER,
  CREATE_ORDER,
  ORDER,
  ORDERS,
  RELEASE_ORDER,
  SEND_MESSAGE,
  TAKE_ORDER,
  apiKeyCaller,
  code,
  newOrder,
  orderTableCounts,
  seedClientSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let a: ClientSetup;
let b: ClientSetup;
let itHelp: string;
const SECRET = 'vpn: ivanov / Pa$$w0rd-42';
const CREDENTIALS = `query ($id: ID!) { order(id: $id) { hasCredentials credentials } }`;

beforeAll(async () => {
  t = await startTestSystem();
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  a = await seedClientSetup(t, { ordersPerPeriod: null });
  b = await seedClientSetup(t, { ordersPerPeriod: null });
  itHelp = await categoryIdOf(t, 'IT_HELP');
});
afterAll(async () => {
  await t?.stop();
});

describe('credentials (R-ORD-4)', () => {
  it('R-ORD-4 credentials are encrypted at rest and shown only to the contractor holding the order', async () => {
    const order = await newOrder(t, a.client.as, { credentials: SECRET });
    expect(order).toMatchObject({ hasCredentials: true, credentials: null });
    const [row] = await t.sql<{ credentials: Buffer }>(`SELECT credentials FROM service_order WHERE id = $1`, [
      order.id,
    ]);
    expect(Buffer.isBuffer(row!.credentials)).toBe(true);
    expect(row!.credentials.includes(Buffer.from('Pa$$w0rd'))).toBe(false);
    expect(row!.credentials.includes(Buffer.from('ivanov'))).toBe(false);

    const holder = await seedCaller(t, { role: 'CONTRACTOR' });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const owner = await seedCaller(t, { role: 'OWNER' });
    const key = await apiKeyCaller(t, ['ORDERS_READ', 'ORDERS_WRITE']);
    // Before it is taken, not even a contractor offered the order sees them.
    expect((await t.ok(CREDENTIALS, { id: order.id }, holder.as)).order).toEqual({
      hasCredentials: true,
      credentials: null,
    });
    const taken = await take(t, holder.as, order.id);
    expect(taken.credentials).toBe(SECRET);
    expect((await t.ok(CREDENTIALS, { id: order.id }, holder.as)).order.credentials).toBe(SECRET);
    for (const who of [manager.as, owner.as, a.client.as, key]) {
      expect((await t.ok(CREDENTIALS, { id: order.id }, who)).order).toEqual({
        hasCredentials: true,
        credentials: null,
      });
    }
    // Another contractor does not even see an order someone else holds.
    expect(code(await t.gql(CREDENTIALS, { id: order.id }, other.as))).toBe('NOT_FOUND');
    // The list shows them to nobody but the holder either.
    const list = await t.ok(`{ orders(first: 100) { nodes { id credentials } } }`, {}, manager.as);
    expect(list.orders.nodes.every((n: any) => n.credentials === null)).toBe(true);

    // Released: the former holder no longer sees them.
    await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'wrong skills' }, holder.as);
    expect((await t.ok(CREDENTIALS, { id: order.id }, holder.as)).order.credentials).toBeNull();
    // The new holder does; closing wipes them.
    expect((await take(t, other.as, order.id)).credentials).toBe(SECRET);
    const closed = (await t.ok(CLOSE_ORDER, { orderId: order.id }, other.as)).closeOrder;
    expect(closed).toMatchObject({ hasCredentials: false, credentials: null });
    const [after] = await t.sql<{ credentials: Buffer | null }>(`SELECT credentials FROM service_order WHERE id = $1`, [
      order.id,
    ]);
    expect(after!.credentials).toBeNull();
    // History never carries them.
    const events = await t.sql<{ data: unknown; reason: string | null }>(
      `SELECT data, reason FROM order_event WHERE order_id = $1`,
      [order.id],
    );
    expect(JSON.stringify(events)).not.toContain('Pa$$w0rd');
  });

  it('R-ORD-4 credentials are capped at 2000 characters; a longer text is refused and nothing is stored', async () => {
    const before = await orderTableCounts(t);
    const r = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'x', credentials: 'p'.repeat(2001) } },
      a.client.as,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    expect(await orderTableCounts(t)).toEqual(before);
  });
});

describe('visibility (data scoping)', () => {
  it('a client sees only its account’s orders; another account’s ids are NOT_FOUND everywhere and change nothing', async () => {
    const mine = await newOrder(t, a.client.as);
    const theirs = await newOrder(t, b.client.as, { credentials: 'x' });
    const list = await t.ok(ORDERS, { first: 100 }, a.client.as);
    const ids = list.orders.nodes.map((n: any) => n.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    // Filtering for the other account finds nothing rather than leaking.
    expect((await t.ok(ORDERS, { filter: { accountId: b.accountId } }, a.client.as)).orders.totalCount).toBe(0);
    expect(code(await t.gql(ORDER, { id: theirs.id }, a.client.as))).toBe('NOT_FOUND');
    expect(
      code(await t.gql(`query ($n: String!) { orderByNumber(number: $n) { id } }`, { n: theirs.number }, a.client.as)),
    ).toBe('NOT_FOUND');
    const before = await orderTableCounts(t);
    expect(code(await t.gql(CANCEL_ORDER, { orderId: theirs.id }, a.client.as))).toBe('NOT_FOUND');
    expect(
      code(await t.gql(SEND_MESSAGE, { orderId: theirs.id, input: { kind: 'TEXT', text: 'hi' } }, a.client.as)),
    ).toBe('NOT_FOUND');
    expect(
      code(
        await t.gql(
          `mutation ($o: ID!) { rateOrder(orderId: $o, rating: 5) { __typename } }`,
          { o: theirs.id },
          a.client.as,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(await orderTableCounts(t)).toEqual(before);
    expect((await t.ok(ORDER, { id: theirs.id }, b.client.as)).order.status).toBe('NEW');
  });

  it('a contractor sees orders it holds or held and its offers, never orders others hold', async () => {
    const me = await seedCaller(t, { role: 'CONTRACTOR' });
    const rival = await seedCaller(t, { role: 'CONTRACTOR' });
    const offered = await newOrder(t, a.client.as);
    const rivals = await newOrder(t, a.client.as);
    const released = await newOrder(t, a.client.as);
    await take(t, rival.as, rivals.id);
    await take(t, me.as, released.id);
    await t.ok(RELEASE_ORDER, { orderId: released.id, reason: 'no time' }, me.as);
    await take(t, rival.as, released.id);
    const ids = (await t.ok(ORDERS, { first: 100 }, me.as)).orders.nodes.map((n: any) => n.id);
    expect(ids).toContain(offered.id);
    expect(ids).toContain(released.id);
    expect(ids).not.toContain(rivals.id);
    expect(code(await t.gql(ORDER, { id: rivals.id }, me.as))).toBe('NOT_FOUND');
    // The conversation belongs to the client and the holder: a former holder sees none of it.
    await t.ok(SEND_MESSAGE, { orderId: released.id, input: { kind: 'TEXT', text: 'private' } }, rival.as);
    const seen = await t.ok(`query ($id: ID!) { order(id: $id) { messages { id } } }`, { id: released.id }, me.as);
    expect(seen.order.messages).toEqual([]);
  });

  it('staff and order-reading API keys see every order; keys without the scope and anonymous callers are refused', async () => {
    const order = await newOrder(t, b.client.as);
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const reader = await apiKeyCaller(t, ['ORDERS_READ']);
    const usersOnly = await apiKeyCaller(t, ['USERS_READ']);
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order.id).toBe(order.id);
    expect((await t.ok(ORDER, { id: order.id }, reader)).order.id).toBe(order.id);
    expect(code(await t.gql(ORDER, { id: order.id }, usersOnly))).toBe('FORBIDDEN');
    expect(code(await t.gql(ORDER, { id: order.id }, anonymous))).toBe('UNAUTHENTICATED');
    // Reading keys cannot change orders; contractors cannot assign.
    expect(code(await t.gql(CANCEL_ORDER, { orderId: order.id, reason: 'x' }, reader))).toBe('FORBIDDEN');
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    expect(
      code(
        await t.gql(
          `mutation ($o: ID!, $c: ID!) { assignOrder(orderId: $o, contractorId: $c, estimateHours: 1) { __typename } }`,
          { o: order.id, c: contractor.id },
          contractor.as,
        ),
      ),
    ).toBe('FORBIDDEN');
    // Clients cannot take orders.
    expect(code(await t.gql(TAKE_ORDER, { orderId: order.id, estimateHours: 1 }, b.client.as))).toBe('FORBIDDEN');
  });
});

describe('bad input changes nothing', () => {
  it('a 1 MB description, wrong types, unknown and malformed ids get typed errors; the database is unchanged', async () => {
    const order = await newOrder(t, a.client.as);
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const before = await orderTableCounts(t);
    const huge = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'x'.repeat(1_000_000) } },
      a.client.as,
    );
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'description' });
    const empty = await t.gql(CREATE_ORDER, { input: { categoryId: itHelp, description: '   ' } }, a.client.as);
    expect(empty.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'description',
      min: 1,
      max: 4000,
    });
    const wrongType = await t.gql(CREATE_ORDER, { input: { categoryId: itHelp, description: 42 } }, a.client.as);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0]?.message).toMatch(/description/);
    const badCategory = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: 'not-a-uuid', description: 'x' } },
      a.client.as,
    );
    expect(code(badCategory)).toBe('NOT_FOUND');
    const unknownCategory = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: '00000000-0000-4000-8000-000000000000', description: 'x' } },
      a.client.as,
    );
    expect(code(unknownCategory)).toBe('NOT_FOUND');
    const foreignBranch = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'x', branchId: 'abc' } },
      a.client.as,
    );
    expect(code(foreignBranch)).toBe('NOT_FOUND');
    for (const id of ['abc', "1' OR '1'='1", '00000000-0000-4000-8000-000000000000']) {
      expect(code(await t.gql(ORDER, { id }, a.client.as))).toBe('NOT_FOUND');
      expect(code(await t.gql(TAKE_ORDER, { orderId: id, estimateHours: 1 }, contractor.as))).toBe('NOT_FOUND');
      expect(code(await t.gql(CANCEL_ORDER, { orderId: id }, a.client.as))).toBe('NOT_FOUND');
    }
    const hugeSearch = await t.gql(ORDERS, { filter: { search: 'y'.repeat(1_000_000) } }, a.client.as);
    expect(hugeSearch.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    const badPage = await t.gql(ORDERS, { first: 101 }, a.client.as);
    expect(badPage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', max: 100 });
    const badCursor = await t.gql(ORDERS, { after: 'garbage' }, a.client.as);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const longMessage = await t.gql(
      SEND_MESSAGE,
      { orderId: order.id, input: { kind: 'TEXT', text: 'z'.repeat(5000) } },
      a.client.as,
    );
    expect(longMessage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const longReason = await t.gql(CANCEL_ORDER, { orderId: order.id, reason: 'r'.repeat(501) }, a.client.as);
    expect(longReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await orderTableCounts(t)).toEqual(before);
    expect((await t.ok(ORDER, { id: order.id }, a.client.as)).order.status).toBe('NEW');
  });
});

import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { categoryIdOf, seedBranch, seedCaller } from '../seed.js';
import {
  CANCEL_ORDER,
  CREATE_ORDER,
  HISTORY,
  code,
  newOrder,
  orderTableCounts,
  seedLifecycleSetup,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let setup: ClientSetup;
let manager: Awaited<ReturnType<typeof seedCaller>>;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestSystem();
  ({ setup, manager } = await seedLifecycleSetup(t));
});
afterAll(async () => {
  await t?.stop();
});

describe('orders: creation and categories', () => {
  it('R-ORD-1 creates an IT help order with a database number, deadlines and a CREATED history row', async () => {
    const created = t.clock.now();
    const order = await newOrder(t, setup.client.as, { description: '  Outlook does not start  ' });
    expect(order).toMatchObject({
      status: 'NEW',
      description: 'Outlook does not start',
      category: { code: 'IT_HELP' },
      author: { id: setup.client.id },
      account: { id: setup.accountId },
      contractor: null,
      reactionMinutes: 120,
      items: [],
      hasCredentials: false,
      pinnedUntil: null,
    });
    expect(order.number).toMatch(/^\d{4}-\d{6}$/);
    // R-SLA-6: take-by = creation + tariff reaction time.
    expect(new Date(order.reactionDueAt).getTime()).toBe(created.getTime() + 120 * MINUTE);
    const h = await t.ok(HISTORY, { id: order.id }, setup.client.as);
    expect(h.order.history).toMatchObject([
      { kind: 'CREATED', fromStatus: null, toStatus: 'NEW', actor: { id: setup.client.id } },
    ]);
  });

  it('R-ORD-1 order numbers are YYYY-NNNNNN, sequential and never reused', async () => {
    const a = await newOrder(t, setup.client.as);
    const b = await newOrder(t, setup.client.as);
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(t.clock.now());
    expect(a.number.slice(0, 4)).toBe(year);
    expect(Number(b.number.slice(5))).toBe(Number(a.number.slice(5)) + 1);
    await t.ok(CANCEL_ORDER, { orderId: b.id }, setup.client.as);
    const c = await newOrder(t, setup.client.as);
    expect(Number(c.number.slice(5))).toBe(Number(b.number.slice(5)) + 1);
  });

  it('R-ORD-1 a text or list over its limit is refused naming the field and the range, so clients can say it in their language', async () => {
    const cartridge = await categoryIdOf(t, 'CARTRIDGE');
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ description: 'd'.repeat(4001) }, { field: 'description', max: 4000 }],
      [
        { categoryId: cartridge, items: [{ model: 'm'.repeat(101), quantity: 1 }] },
        { field: 'items.0.model', max: 100 },
      ],
      [
        { categoryId: cartridge, items: Array.from({ length: 51 }, () => ({ model: 'HP', quantity: 1 })) },
        { field: 'items', max: 50 },
      ],
      [
        { categoryId: cartridge, items: [{ model: 'HP', quantity: 1001 }] },
        { field: 'items.0.quantity', max: 1000 },
      ],
    ];
    const before = await orderTableCounts(t);
    for (const [input, expected] of cases) {
      const r = await t.gql(
        CREATE_ORDER,
        { input: { categoryId: await categoryIdOf(t, 'IT_HELP'), description: 'toner', ...input } },
        setup.client.as,
      );
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions).toMatchObject({ ...expected, fields: [expect.objectContaining(expected)] });
    }
    expect(await orderTableCounts(t)).toEqual(before);
  });

  it('R-ORD-1 CARTRIDGE orders carry model × quantity lines, at least one', async () => {
    const categoryId = await categoryIdOf(t, 'CARTRIDGE');
    const order = await newOrder(t, setup.client.as, {
      categoryId,
      items: [
        { model: 'HP 85A', quantity: 2 },
        { model: ' Canon 725 ', quantity: 1 },
      ],
    });
    expect(order.items).toEqual([
      { model: 'HP 85A', quantity: 2, position: 1 },
      { model: 'Canon 725', quantity: 1, position: 2 },
    ]);
    const before = await orderTableCounts(t);
    const none = await t.gql(CREATE_ORDER, { input: { categoryId, description: 'toner' } }, setup.client.as);
    expect(code(none)).toBe('BAD_USER_INPUT');
    expect(none.errors?.[0]?.extensions?.field).toBe('items');
    const zero = await t.gql(
      CREATE_ORDER,
      { input: { categoryId, description: 'toner', items: [{ model: 'HP', quantity: 0 }] } },
      setup.client.as,
    );
    expect(code(zero)).toBe('BAD_USER_INPUT');
    const tooMany = await t.gql(
      CREATE_ORDER,
      { input: { categoryId, description: 'toner', items: [{ model: 'HP', quantity: 1001 }] } },
      setup.client.as,
    );
    expect(code(tooMany)).toBe('BAD_USER_INPUT');
    expect(await orderTableCounts(t)).toEqual(before);
  });

  it('R-ORD-1 REPAIR orders carry equipment and problem; other kinds refuse them', async () => {
    const repair = await categoryIdOf(t, 'REPAIR');
    const order = await newOrder(t, setup.client.as, {
      categoryId: repair,
      equipment: 'Kyocera FS-1040',
      problem: 'Paper jam on every page',
    });
    expect(order).toMatchObject({ equipment: 'Kyocera FS-1040', problem: 'Paper jam on every page' });
    const missing = await t.gql(CREATE_ORDER, { input: { categoryId: repair, description: 'x' } }, setup.client.as);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'equipment' });
    const itHelp = await categoryIdOf(t, 'IT_HELP');
    const wrong = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: itHelp, description: 'x', equipment: 'PC' } },
      setup.client.as,
    );
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'equipment' });
  });

  it('R-ACC-2 an order records the member’s own branch by default, and a branch of the subtree on request', async () => {
    const zone = await seedBranch(t, { accountId: setup.accountId, kind: 'ZONE' });
    const own = await seedBranch(t, { accountId: setup.accountId, parentId: zone });
    const dept = await seedBranch(t, { accountId: setup.accountId, kind: 'DEPARTMENT', parentId: own });
    const sibling = await seedBranch(t, { accountId: setup.accountId, parentId: zone });
    const member = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId, branchId: own });
    expect((await newOrder(t, member.as)).branch).toEqual({ id: own });
    expect((await newOrder(t, member.as, { branchId: dept })).branch).toEqual({ id: dept });
    const before = await orderTableCounts(t);
    const outside = await t.gql(
      CREATE_ORDER,
      { input: { categoryId: await categoryIdOf(t, 'IT_HELP'), description: 'x', branchId: sibling } },
      member.as,
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'branchId' });
    expect(await orderTableCounts(t)).toEqual(before);
    // Staff may order for any branch of the account, on behalf of a member.
    const r = await t.ok(
      CREATE_ORDER,
      {
        input: {
          categoryId: await categoryIdOf(t, 'IT_HELP'),
          description: 'for the sibling office',
          authorId: member.id,
          branchId: sibling,
        },
      },
      manager.as,
    );
    expect(r.createOrder).toMatchObject({ __typename: 'Order', branch: { id: sibling }, author: { id: member.id } });
  });
});

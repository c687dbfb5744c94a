import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { seedCaller, seedOrder } from '../seed.js';
import { code, seedLifecycleSetup, type ClientSetup } from '../orders.helpers.js';

let t: TestSystem;
let setup: ClientSetup;
let manager: Caller;
let contractor: string;

beforeAll(async () => {
  t = await startTestSystem();
  const s = await seedLifecycleSetup(t);
  setup = s.setup;
  manager = s.manager.as;
  contractor = (await seedCaller(t, { role: 'CONTRACTOR' })).id;
});
afterAll(async () => {
  await t?.stop();
});

const SORTED = `query ($first: Int, $after: String, $filter: OrderFilter, $orderBy: OrderSort) {
  orders(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id }
  }
}`;

/** Every page of a sorted list, two at a time: the ids in order, and the total the server reported. */
async function pageThrough(as: Caller, orderBy: string | undefined, filter: Record<string, unknown>) {
  const ids: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 50; pages++) {
    const r: any = await t.ok(SORTED, { first: 2, after, filter, orderBy }, as);
    total = r.orders.totalCount;
    ids.push(...r.orders.nodes.map((n: { id: string }) => n.id));
    if (!r.orders.pageInfo.hasNextPage) break;
    expect(r.orders.nodes).toHaveLength(2);
    after = r.orders.pageInfo.endCursor;
  }
  return { ids, total };
}

interface Seeded {
  id: string;
  status: 'NEW' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED';
  createdAt: number;
  due: number;
}

const minutes = (n: number) => n * 60_000;

/**
 * Orders of one account with equal creation moments and equal due moments among them (ties go by id), in work
 * with an estimate ending before or after the take deadline, and closed ones.
 */
async function seedSortable(): Promise<Seeded[]> {
  const base = t.clock.now().getTime() - minutes(600);
  const plan: Array<{ status: Seeded['status']; created: number; reaction: number; work?: number }> = [
    { status: 'NEW', created: 0, reaction: 60 },
    { status: 'NEW', created: 0, reaction: 30 }, // same creation moment as the first
    { status: 'IN_PROGRESS', created: 1, reaction: 10, work: 200 }, // in work: the estimate counts, not the take deadline
    { status: 'IN_PROGRESS', created: 2, reaction: 500, work: 30 }, // due together with the second
    { status: 'NEW', created: 3, reaction: -20 }, // overdue
    { status: 'DONE', created: 4, reaction: 5 },
    { status: 'CANCELLED', created: 4, reaction: 45 },
    { status: 'NEW', created: 5, reaction: 30 }, // due together with the second and the fourth
    { status: 'IN_PROGRESS', created: 6, reaction: 90, work: 90 },
  ];
  const made: Seeded[] = [];
  for (const o of plan) {
    const createdAt = base + minutes(o.created);
    const id = await seedOrder(t, {
      accountId: setup.accountId,
      authorId: setup.client.id,
      status: o.status,
      contractorId: contractor,
      createdAt: new Date(createdAt),
    });
    const reactionDue = t.clock.now().getTime() + minutes(o.reaction);
    const workDue = o.work === undefined ? null : t.clock.now().getTime() + minutes(o.work);
    await t.sql(`UPDATE service_order SET reaction_due_at = $2, work_due_at = $3 WHERE id = $1`, [
      id,
      new Date(reactionDue),
      workDue === null ? null : new Date(workDue),
    ]);
    made.push({ id, status: o.status, createdAt, due: o.status === 'IN_PROGRESS' ? workDue! : reactionDue });
  }
  return made;
}

const byKey =
  (key: (o: Seeded) => number, desc: boolean) =>
  (a: Seeded, b: Seeded): number => {
    const d = key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return desc ? -d : d;
  };

describe('orders(orderBy)', () => {
  let made: Seeded[];
  const mine = () => ({ accountId: setup.accountId });

  beforeAll(async () => {
    made = await seedSortable();
  });

  it('NEWEST_FIRST (and no orderBy) pages by creation, newest first, ties by id; nothing repeated or missed', async () => {
    const expected = [...made].sort(byKey((o) => o.createdAt, true)).map((o) => o.id);
    for (const orderBy of ['NEWEST_FIRST', undefined]) {
      const { ids, total } = await pageThrough(manager, orderBy, mine());
      expect(ids).toEqual(expected);
      expect(new Set(ids).size).toBe(ids.length);
      expect(total).toBe(made.length);
    }
  });

  it('OLDEST_FIRST pages by creation, oldest first, ties by id', async () => {
    const expected = [...made].sort(byKey((o) => o.createdAt, false)).map((o) => o.id);
    const { ids, total } = await pageThrough(manager, 'OLDEST_FIRST', mine());
    expect(ids).toEqual(expected);
    expect(total).toBe(made.length);
  });

  it('DUE_SOONEST pages by the moment each order breaches — the estimate’s end in work, else the take deadline', async () => {
    const expected = [...made].sort(byKey((o) => o.due, false)).map((o) => o.id);
    const { ids, total } = await pageThrough(manager, 'DUE_SOONEST', mine());
    expect(ids).toEqual(expected);
    expect(total).toBe(made.length);
    // The overdue NEW order leads; the order in work whose take deadline passed long ago sorts by its estimate.
    expect(ids[0]).toBe(made[4]!.id);
    expect(ids.indexOf(made[2]!.id)).toBeGreaterThan(ids.indexOf(made[8]!.id));

    const open = made.filter((o) => o.status === 'NEW' || o.status === 'IN_PROGRESS');
    const openPaged = await pageThrough(manager, 'DUE_SOONEST', { ...mine(), statuses: ['NEW', 'IN_PROGRESS'] });
    expect(openPaged.ids).toEqual(open.sort(byKey((o) => o.due, false)).map((o) => o.id));
  });

  it('a client pages its own account’s orders by DUE_SOONEST alike', async () => {
    const expected = [...made].sort(byKey((o) => o.due, false)).map((o) => o.id);
    const { ids } = await pageThrough(setup.client.as, 'DUE_SOONEST', {});
    expect(ids).toEqual(expected);
  });

  it('a cursor from one sort order is refused by another with BAD_USER_INPUT naming `after`', async () => {
    const cursorOf = async (orderBy: string) =>
      (await t.ok(SORTED, { first: 2, filter: mine(), orderBy }, manager)).orders.pageInfo.endCursor as string;
    const cursors = {
      NEWEST_FIRST: await cursorOf('NEWEST_FIRST'),
      OLDEST_FIRST: await cursorOf('OLDEST_FIRST'),
      DUE_SOONEST: await cursorOf('DUE_SOONEST'),
    };
    for (const [from, cursor] of Object.entries(cursors)) {
      for (const orderBy of Object.keys(cursors)) {
        const r = await t.gql(SORTED, { first: 2, after: cursor, filter: mine(), orderBy }, manager);
        if (orderBy === from) {
          expect(r.errors).toBeUndefined();
          continue;
        }
        expect(code(r), `${from} cursor with ${orderBy}`).toBe('BAD_USER_INPUT');
        expect(r.errors![0]!.extensions!.field).toBe('after');
        expect(r.data).toBeNull();
      }
    }
    // The default sort order is NEWEST_FIRST: its cursor pages on without orderBy, the others' do not.
    expect(
      (await t.gql(SORTED, { first: 2, after: cursors.NEWEST_FIRST, filter: mine() }, manager)).errors,
    ).toBeUndefined();
    expect(code(await t.gql(SORTED, { first: 2, after: cursors.DUE_SOONEST, filter: mine() }, manager))).toBe(
      'BAD_USER_INPUT',
    );
    // A cursor of another list (no sort order in it) is refused as well.
    const legacy = Buffer.from(`${new Date().toISOString()}|${made[0]!.id}`, 'utf8').toString('base64url');
    expect(code(await t.gql(SORTED, { first: 2, after: legacy, orderBy: 'OLDEST_FIRST' }, manager))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

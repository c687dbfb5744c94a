import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { seedCaller, seedPinnedContractor, seedSetting } from '../seed.js';
import {
  ASSIGN_ORDER,
  CANCEL_ORDER,
  CLOSE_ORDER,
  ORDER,
  RELEASE_ORDER,
  TAKE_ORDER,
  UNASSIGN_ORDER,
  newOrder,
  seedClientSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';
import {
  collectStages,
  isoAt,
  moveClockTo,
  nextDueOf,
  notificationsOf,
  reachedFor,
  sweep,
  warningsOf,
} from '../sla.helpers.js';
import type { SlaStageReached } from '../../src/modules/sla/sla.events.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let t: TestSystem;
let setup: ClientSetup;
let owner: Awaited<ReturnType<typeof seedCaller>>;
let manager: Awaited<ReturnType<typeof seedCaller>>;
let reached: SlaStageReached[];

const UPDATE_SETTING = `mutation ($key: String!, $value: String!) {
  updateSetting(key: $key, value: $value) { __typename }
}`;

async function setSetting(key: string, value: string) {
  const r = await t.ok(UPDATE_SETTING, { key, value }, owner.as);
  expect(r.updateSetting.__typename).toBe('Setting');
}

/** Sweeps twice (the second must find nothing new) and returns the order's warnings. */
async function sweepAndRead(orderId: string) {
  await sweep(t.system, t.clock);
  const first = await warningsOf(t.system, orderId);
  const notes = await notificationsOf(t.system, orderId);
  await sweep(t.system, t.clock);
  expect(await warningsOf(t.system, orderId)).toEqual(first);
  expect(await notificationsOf(t.system, orderId)).toBe(notes);
  return first;
}

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  setup = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 100 });
  owner = await seedCaller(t, { role: 'OWNER' });
  manager = await seedCaller(t, { role: 'MANAGER' });
  reached = collectStages(t.system);
});
afterAll(async () => {
  await t?.stop();
});

describe('SLA stages fire once at their moment (R-SLA-1..4)', () => {
  it('R-SLA-2 / R-SLA-4 a NEW order: NOT_TAKEN_WARNING at 95% of the reaction time, REACTION_BREACHED at 100% (marked breached), each once', async () => {
    const order = await newOrder(t, setup.client.as);
    const warnAt = isoAt(order.createdAt, 95 * MIN);
    const breachAt = isoAt(order.createdAt, 100 * MIN);
    expect(await nextDueOf(t.system, order.id)).toBe(warnAt);

    moveClockTo(t, order.createdAt, 95 * MIN - 1000);
    expect(await sweepAndRead(order.id)).toEqual([]);

    const notesBefore = await notificationsOf(t.system, order.id);
    moveClockTo(t, order.createdAt, 95 * MIN);
    expect(await sweepAndRead(order.id)).toEqual([`NOT_TAKEN_WARNING@${warnAt}`]);
    expect(await nextDueOf(t.system, order.id)).toBe(breachAt);
    // Managers are told (the outbox rows are written with the stage; a repeated sweep adds none).
    if (notesBefore !== null) expect(await notificationsOf(t.system, order.id)).toBeGreaterThan(notesBefore);
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order.breachedAt).toBeNull();

    moveClockTo(t, order.createdAt, 100 * MIN);
    expect(await sweepAndRead(order.id)).toEqual([`NOT_TAKEN_WARNING@${warnAt}`, `REACTION_BREACHED@${breachAt}`]);
    const seen = (await t.ok(ORDER, { id: order.id }, manager.as)).order;
    expect(seen).toMatchObject({ status: 'NEW', breachedAt: breachAt, isBreached: true });
    expect(await nextDueOf(t.system, order.id)).toBeNull();

    moveClockTo(t, order.createdAt, 300 * MIN);
    expect(await sweepAndRead(order.id)).toHaveLength(2);
    expect(reachedFor(reached, order.id)).toEqual([`NOT_TAKEN_WARNING@${warnAt}`, `REACTION_BREACHED@${breachAt}`]);
  });

  it('R-SLA-1 PINNED_WINDOW_OVER at ASSIGNED_CONTRACTORS_TIME_LIMIT% when the account has pinned contractors and the order is still NEW; never without pins or once taken', async () => {
    const pinnedSetup = await seedClientSetup(t, {
      ordersPerPeriod: null,
      reactionTimeMinutes: 100,
      canPinContractors: true,
    });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const order = await newOrder(t, pinnedSetup.client.as);
    const takenInWindow = await newOrder(t, pinnedSetup.client.as);
    const unpinned = await newOrder(t, setup.client.as);
    const windowEnd = isoAt(order.createdAt, 20 * MIN);
    expect(order.pinnedUntil).toBe(windowEnd);
    expect(await nextDueOf(t.system, order.id)).toBe(windowEnd);
    expect((await take(t, pinned.as, takenInWindow.id, 5)).__typename).toBe('Order');

    moveClockTo(t, order.createdAt, 20 * MIN - 1);
    expect(await sweepAndRead(order.id)).toEqual([]);
    moveClockTo(t, order.createdAt, 20 * MIN);
    expect(await sweepAndRead(order.id)).toEqual([`PINNED_WINDOW_OVER@${windowEnd}`]);
    expect(await nextDueOf(t.system, order.id)).toBe(isoAt(order.createdAt, 95 * MIN));
    expect(await sweepAndRead(takenInWindow.id)).toEqual([]);
    expect(await sweepAndRead(unpinned.id)).toEqual([]);
    expect(reachedFor(reached, order.id)).toEqual([`PINNED_WINDOW_OVER@${windowEnd}`]);
  });

  it('R-SLA-3 / R-SLA-4 an order in work: RUNNING_LONG_WARNING at 95% of the estimate, WORK_BREACHED at 100% (marked breached), each once; nothing for an order closed in time', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    const closedInTime = await newOrder(t, setup.client.as);
    const taken = await take(t, contractor.as, order.id, 2);
    await take(t, contractor.as, closedInTime.id, 2);
    const warnAt = isoAt(taken.takenAt, 0.95 * 2 * HOUR);
    const breachAt = isoAt(taken.takenAt, 2 * HOUR);
    expect(taken.workDueAt).toBe(breachAt);
    expect(await nextDueOf(t.system, order.id)).toBe(warnAt);

    moveClockTo(t, taken.takenAt, HOUR);
    expect((await t.ok(CLOSE_ORDER, { orderId: closedInTime.id }, contractor.as)).closeOrder.status).toBe('DONE');
    expect(await nextDueOf(t.system, closedInTime.id)).toBeNull();

    moveClockTo(t, taken.takenAt, 0.95 * 2 * HOUR - 1);
    expect(await sweepAndRead(order.id)).toEqual([]);
    moveClockTo(t, taken.takenAt, 0.95 * 2 * HOUR);
    expect(await sweepAndRead(order.id)).toEqual([`RUNNING_LONG_WARNING@${warnAt}`]);
    moveClockTo(t, taken.takenAt, 2 * HOUR);
    expect(await sweepAndRead(order.id)).toEqual([`RUNNING_LONG_WARNING@${warnAt}`, `WORK_BREACHED@${breachAt}`]);
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order).toMatchObject({
      status: 'IN_PROGRESS',
      breachedAt: breachAt,
      isBreached: true,
    });
    expect(await nextDueOf(t.system, order.id)).toBeNull();

    moveClockTo(t, taken.takenAt, 10 * HOUR);
    expect(await sweepAndRead(closedInTime.id)).toEqual([]);
    expect(reachedFor(reached, order.id)).toEqual([`RUNNING_LONG_WARNING@${warnAt}`, `WORK_BREACHED@${breachAt}`]);
    expect(reachedFor(reached, closedInTime.id)).toEqual([]);
  });

  it('R-SLA-6 the client is told at creation the latest take time: creation + the tariff reaction time', async () => {
    const order = await newOrder(t, setup.client.as);
    expect(order.reactionMinutes).toBe(100);
    expect(order.reactionDueAt).toBe(isoAt(order.createdAt, 100 * MIN));
  });
});

describe('SLA thresholds are read when evaluated (PRODUCT.md §4)', () => {
  it('R-SLA-2 / R-SLA-3 / R-SLA-1 an owner changing a threshold moves the pending moments of open orders: the new value applies', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const pinnedSetup = await seedClientSetup(t, {
      ordersPerPeriod: null,
      reactionTimeMinutes: 100,
      canPinContractors: true,
    });
    const pinned = await seedCaller(t, { role: 'CONTRACTOR' });
    await seedPinnedContractor(t, pinnedSetup.accountId, pinned.id);
    const waiting = await newOrder(t, setup.client.as);
    const working = await newOrder(t, setup.client.as);
    const pinnedOrder = await newOrder(t, pinnedSetup.client.as);
    const taken = await take(t, contractor.as, working.id, 4);
    try {
      await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '50');
      await setSetting('INFORM_MANAGER_IN_WORK_PROJECT_LIMIT', '25');
      await setSetting('ASSIGNED_CONTRACTORS_TIME_LIMIT', '10');
      expect(await nextDueOf(t.system, waiting.id)).toBe(isoAt(waiting.createdAt, 50 * MIN));
      expect(await nextDueOf(t.system, working.id)).toBe(isoAt(taken.takenAt, HOUR));
      expect(await nextDueOf(t.system, pinnedOrder.id)).toBe(isoAt(pinnedOrder.createdAt, 10 * MIN));
      // The pinned window itself follows the setting (who may take it, R-SLA-1).
      const other = await seedCaller(t, { role: 'CONTRACTOR' });
      moveClockTo(t, pinnedOrder.createdAt, 10 * MIN);
      expect(await sweepAndRead(pinnedOrder.id)).toEqual([
        `PINNED_WINDOW_OVER@${isoAt(pinnedOrder.createdAt, 10 * MIN)}`,
      ]);
      expect(
        (await t.ok(TAKE_ORDER, { orderId: pinnedOrder.id, estimateHours: 1 }, other.as)).takeOrder.__typename,
      ).toBe('Order');

      moveClockTo(t, waiting.createdAt, 50 * MIN);
      expect(await sweepAndRead(waiting.id)).toEqual([`NOT_TAKEN_WARNING@${isoAt(waiting.createdAt, 50 * MIN)}`]);
      moveClockTo(t, taken.takenAt, HOUR);
      expect(await sweepAndRead(working.id)).toEqual([`RUNNING_LONG_WARNING@${isoAt(taken.takenAt, HOUR)}`]);

      // A stage that already fired does not fire again when the threshold moves once more.
      await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '60');
      expect(await nextDueOf(t.system, waiting.id)).toBe(isoAt(waiting.createdAt, 100 * MIN));
      moveClockTo(t, waiting.createdAt, 100 * MIN);
      expect(await sweepAndRead(waiting.id)).toEqual([
        `NOT_TAKEN_WARNING@${isoAt(waiting.createdAt, 50 * MIN)}`,
        `REACTION_BREACHED@${isoAt(waiting.createdAt, 100 * MIN)}`,
      ]);
    } finally {
      await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '95');
      await setSetting('INFORM_MANAGER_IN_WORK_PROJECT_LIMIT', '95');
      await setSetting('ASSIGNED_CONTRACTORS_TIME_LIMIT', '20');
    }
  });
});

describe('releases, reassignments, cancellations and closes move or cancel what is pending', () => {
  it('R-ORD-7 after a release the reaction stages keep counting from creation; the next take gets fresh work stages of its own', async () => {
    const first = await seedCaller(t, { role: 'CONTRACTOR' });
    const second = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    moveClockTo(t, order.createdAt, 5 * MIN);
    const take1 = await take(t, first.as, order.id, 1);
    const runningLong1 = `RUNNING_LONG_WARNING@${isoAt(take1.takenAt, 57 * MIN)}`;
    moveClockTo(t, take1.takenAt, 57 * MIN);
    expect(await sweepAndRead(order.id)).toEqual([runningLong1]);

    moveClockTo(t, order.createdAt, 63 * MIN);
    const released = (await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'no parts' }, first.as)).releaseOrder;
    expect(released.status).toBe('NEW');
    // Due at 95% of the reaction time from creation — not from the release.
    expect(await nextDueOf(t.system, order.id)).toBe(isoAt(order.createdAt, 95 * MIN));
    moveClockTo(t, order.createdAt, 95 * MIN - 1);
    expect(await sweepAndRead(order.id)).toEqual([runningLong1]);
    moveClockTo(t, order.createdAt, 95 * MIN);
    const notTaken = `NOT_TAKEN_WARNING@${isoAt(order.createdAt, 95 * MIN)}`;
    expect(await sweepAndRead(order.id)).toEqual([runningLong1, notTaken]);

    moveClockTo(t, order.createdAt, 96 * MIN);
    const take2 = await take(t, second.as, order.id, 1);
    const runningLong2 = `RUNNING_LONG_WARNING@${isoAt(take2.takenAt, 57 * MIN)}`;
    expect(await nextDueOf(t.system, order.id)).toBe(isoAt(take2.takenAt, 57 * MIN));
    moveClockTo(t, take2.takenAt, 57 * MIN);
    expect(await sweepAndRead(order.id)).toEqual([runningLong1, notTaken, runningLong2]);
    const cycles = await t.sql<{ n: number }>(
      `SELECT count(DISTINCT cycle_start)::int AS n FROM sla_warning WHERE order_id = $1 AND stage = 'RUNNING_LONG_WARNING'`,
      [order.id],
    );
    expect(cycles[0]!.n).toBe(2);

    moveClockTo(t, take2.takenAt, 58 * MIN);
    expect((await t.ok(CLOSE_ORDER, { orderId: order.id }, second.as)).closeOrder.status).toBe('DONE');
    moveClockTo(t, take2.takenAt, 10 * HOUR);
    expect(await sweepAndRead(order.id)).toEqual([runningLong1, notTaken, runningLong2]);
    expect(reachedFor(reached, order.id)).toEqual([runningLong1, notTaken, runningLong2]);
  });

  it('R-ORD-6 / R-ORD-7 / R-ORD-8 a cancelled order fires nothing; an unassigned and reassigned order moves to the new holder’s estimate', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    const cancelled = await newOrder(t, setup.client.as);
    const moved = await newOrder(t, setup.client.as);
    await take(t, contractor.as, moved.id, 1);

    moveClockTo(t, moved.createdAt, 10 * MIN);
    const c = (await t.ok(CANCEL_ORDER, { orderId: cancelled.id, reason: 'not needed' }, setup.client.as)).cancelOrder;
    expect(c.status).toBe('CANCELLED');
    expect(await nextDueOf(t.system, cancelled.id)).toBeNull();

    const un = (await t.ok(UNASSIGN_ORDER, { orderId: moved.id, reason: 'reassign' }, manager.as)).unassignOrder;
    expect(un.status).toBe('NEW');
    expect(await nextDueOf(t.system, moved.id)).toBe(isoAt(moved.createdAt, 95 * MIN));
    const assigned = (
      await t.ok(ASSIGN_ORDER, { orderId: moved.id, contractorId: other.id, estimateHours: 3 }, manager.as)
    ).assignOrder;
    expect(assigned.status).toBe('IN_PROGRESS');
    const warnAt = isoAt(assigned.takenAt, 0.95 * 3 * HOUR);
    expect(await nextDueOf(t.system, moved.id)).toBe(warnAt);

    // The first holder's moment (1 h estimate) passes: nothing fires for the old take.
    moveClockTo(t, moved.createdAt, 2 * HOUR);
    expect(await sweepAndRead(moved.id)).toEqual([]);
    expect(await sweepAndRead(cancelled.id)).toEqual([]);
    moveClockTo(t, assigned.takenAt, 0.95 * 3 * HOUR);
    expect(await sweepAndRead(moved.id)).toEqual([`RUNNING_LONG_WARNING@${warnAt}`]);
    expect(reachedFor(reached, cancelled.id)).toEqual([]);
  });

  it('R-USR-3 / R-ORD-7 deactivating a contractor releases its orders; their reaction stages continue from creation', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    await take(t, contractor.as, order.id, 8);
    expect(await nextDueOf(t.system, order.id)).not.toBe(isoAt(order.createdAt, 95 * MIN));
    const r = await t.ok(
      `mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`,
      { id: contractor.id },
      owner.as,
    );
    expect(r.deactivateUser.__typename).toBe('UserDeactivated');
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order.status).toBe('NEW');
    expect(await nextDueOf(t.system, order.id)).toBe(isoAt(order.createdAt, 95 * MIN));
  });
});

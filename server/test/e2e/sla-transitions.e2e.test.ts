import 'reflect-metadata';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, startTestSystem, testDatabase, type Caller, type GqlResult, type TestSystem } from '../harness.js';
import { categoryIdOf, seedCaller, seedPinnedContractor, seedSetting } from '../seed.js';
import {
  CANCEL_ORDER,
  CLOSE_ORDER,
  CREATE_ORDER,
  ORDER,
  ORDERS,
  RELEASE_ORDER,
  TAKE_ORDER,
  newOrder,
  seedClientSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';
import {
  collectStages,
  evaluateOrder,
  isoAt,
  moveClockTo,
  nextDueOf,
  reachedFor,
  sweep,
  warningsOf,
} from '../sla.helpers.js';
import { createLogger } from '../../src/common/logger.js';
import { startSystem, type System } from '../../src/app/system.js';
import type { SlaStageReached } from '../../src/modules/sla/sla.events.js';

/**
 * What a transition (take, release, cancel, close) does with the SLA stages of the status it leaves, and
 * what it reads of the thresholds: a breach already due is recorded even when no job ran (the worker was
 * stopped, or the transition came before the job); a released order's pinned window follows the setting
 * in force; a threshold change never leaves an order computed with the old value.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const silent = createLogger('silent');

let t: TestSystem;
/** The process serving the API now (the test system's, or one restarted below). */
let host: System;
/** The test system's helpers, aimed at `host`. */
let s: TestSystem;
const restarted: System[] = [];
const reached: SlaStageReached[][] = [];
let setup: ClientSetup;
let owner: Awaited<ReturnType<typeof seedCaller>>;
let manager: Awaited<ReturnType<typeof seedCaller>>;

/** The test system's helpers (requests, SQL) aimed at another process on the same database. */
function aimAt(system: System): TestSystem {
  const gql = async <T>(query: string, variables?: Record<string, unknown>, as: Caller = anonymous) => {
    const res = await fetch(`${system.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as.headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    ...t,
    system,
    url: system.url,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<T> {
      const r = await gql<T>(query, variables, as);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data as T;
    },
    sql: <T>(text: string, params: unknown[] = []) => system.database.dataSource.query(text, params) as Promise<T[]>,
  };
}

/** Stops the running process and starts another on the same database: with the jobs (the worker) or without. */
async function restart(jobs: boolean): Promise<void> {
  await host.stop();
  host = await startSystem({ ...t.system.config, jobsEnabled: jobs }, silent, { clock: t.clock });
  restarted.push(host);
  reached.push(collectStages(host));
  s = aimAt(host);
}

/** How many notifications of a kind were written about an order (for one recipient, or for anyone). */
async function told(orderId: string, kind: string, recipientId?: string): Promise<number> {
  const [row] = (await host.database.dataSource.query(
    `SELECT count(*)::int AS n FROM notification
      WHERE order_id = $1 AND kind = $2 AND ($3::uuid IS NULL OR recipient_id = $3::uuid)`,
    [orderId, kind, recipientId ?? null],
  )) as [{ n: number }];
  return row.n;
}

async function breachedIds(): Promise<string[]> {
  const r = await s.ok(ORDERS, { first: 100, filter: { breached: true } }, manager.as);
  return r.orders.nodes.map((n: { id: string }) => n.id);
}

/** The stages raised for an order by every process of this file, once each. */
const raisedFor = (orderId: string) => reached.flatMap((seen) => reachedFor(seen, orderId));

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
  host = t.system;
  s = t;
  reached.push(collectStages(host));
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  setup = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 100 });
  owner = await seedCaller(t, { role: 'OWNER' });
  manager = await seedCaller(t, { role: 'MANAGER' });
});
afterAll(async () => {
  for (const h of restarted) await h.stop();
  await t?.stop();
});

describe('a transition records the breach its status had due (R-SLA-4, R-SLA-5)', () => {
  it('R-SLA-4 / R-SLA-5 an order taken after its reaction time while the worker was stopped is marked breached at the due moment, once, and owners are told; the stale not-taken warning is not sent', async () => {
    const contractor = await seedCaller(s, { role: 'CONTRACTOR' });
    const order = await newOrder(s, setup.client.as);
    const breachAt = isoAt(order.createdAt, 100 * MIN);
    moveClockTo(s, order.createdAt, 90 * MIN);
    await sweep(host, t.clock);
    expect(await warningsOf(host, order.id)).toEqual([]);

    // The worker stops at t0+90; the API runs on without it; a contractor takes the order at t0+120.
    await restart(false);
    moveClockTo(s, order.createdAt, 120 * MIN);
    const taken = (await s.ok(TAKE_ORDER, { orderId: order.id, estimateHours: 2 }, contractor.as)).takeOrder;
    expect(taken).toMatchObject({ __typename: 'Order', status: 'IN_PROGRESS', breachedAt: breachAt, isBreached: true });

    // The worker starts again and sweeps (twice, and the order's own job): nothing more, nothing twice.
    await restart(true);
    await sweep(host, t.clock);
    await sweep(host, t.clock);
    await evaluateOrder(host, t.clock, order.id);
    expect(await warningsOf(host, order.id)).toEqual([`REACTION_BREACHED@${breachAt}`]);
    expect(raisedFor(order.id)).toEqual([`REACTION_BREACHED@${breachAt}`]);
    expect((await s.ok(ORDER, { id: order.id }, manager.as)).order).toMatchObject({
      status: 'IN_PROGRESS',
      breachedAt: breachAt,
      isBreached: true,
    });
    expect(await breachedIds()).toContain(order.id);
    expect(await told(order.id, 'ORDER_REACTION_BREACHED', owner.id)).toBeGreaterThan(0);
    expect(await told(order.id, 'ORDER_NOT_TAKEN_WARNING')).toBe(0);
    // The take's own work stages stay pending.
    expect(await nextDueOf(host, order.id)).toBe(isoAt(taken.takenAt, 0.95 * 2 * HOUR));
  });

  it('R-SLA-4 / R-SLA-5 orders closed, released or cancelled after their breach moment while the worker was stopped are marked breached once; the stale running-long warning is not sent', async () => {
    const contractor = await seedCaller(s, { role: 'CONTRACTOR' });
    const closed = await newOrder(s, setup.client.as);
    const released = await newOrder(s, setup.client.as);
    const cancelled = await newOrder(s, setup.client.as);
    const takenClosed = await take(s, contractor.as, closed.id, 1);
    const takenReleased = await take(s, contractor.as, released.id, 1);
    const workDueClosed = isoAt(takenClosed.takenAt, HOUR);
    const workDueReleased = isoAt(takenReleased.takenAt, HOUR);
    moveClockTo(s, takenReleased.takenAt, 50 * MIN);
    await sweep(host, t.clock);
    expect(await warningsOf(host, closed.id)).toEqual([]);

    // The worker stops before the running-long moment (57 min) and the work due moment (60 min).
    await restart(false);
    moveClockTo(s, takenReleased.takenAt, 2 * HOUR);
    expect((await s.ok(CLOSE_ORDER, { orderId: closed.id }, contractor.as)).closeOrder).toMatchObject({
      status: 'DONE',
      breachedAt: workDueClosed,
    });
    expect(
      (await s.ok(RELEASE_ORDER, { orderId: released.id, reason: 'no parts' }, contractor.as)).releaseOrder,
    ).toMatchObject({ status: 'NEW', breachedAt: workDueReleased });
    expect(
      (await s.ok(CANCEL_ORDER, { orderId: cancelled.id, reason: 'not needed' }, setup.client.as)).cancelOrder,
    ).toMatchObject({ status: 'CANCELLED', breachedAt: isoAt(cancelled.createdAt, 100 * MIN) });

    await restart(true);
    await sweep(host, t.clock);
    await sweep(host, t.clock);
    expect(await warningsOf(host, closed.id)).toEqual([`WORK_BREACHED@${workDueClosed}`]);
    expect(await warningsOf(host, cancelled.id)).toEqual([
      `REACTION_BREACHED@${isoAt(cancelled.createdAt, 100 * MIN)}`,
    ]);
    // The released order is NEW again past its reaction time: its reaction stages fire now, from creation (R-ORD-7).
    expect(await warningsOf(host, released.id)).toEqual([
      `WORK_BREACHED@${workDueReleased}`,
      `NOT_TAKEN_WARNING@${isoAt(released.createdAt, 95 * MIN)}`,
      `REACTION_BREACHED@${isoAt(released.createdAt, 100 * MIN)}`,
    ]);
    for (const [o, breachedAt] of [
      [closed, workDueClosed],
      [released, workDueReleased],
      [cancelled, isoAt(cancelled.createdAt, 100 * MIN)],
    ] as const) {
      expect((await s.ok(ORDER, { id: o.id }, manager.as)).order.breachedAt).toBe(breachedAt);
      expect(raisedFor(o.id)).toEqual(await warningsOf(host, o.id));
    }
    expect(await breachedIds()).toEqual(expect.arrayContaining([closed.id, released.id, cancelled.id]));
    expect(await told(closed.id, 'ORDER_WORK_BREACHED', owner.id)).toBeGreaterThan(0);
    expect(await told(released.id, 'ORDER_WORK_BREACHED', owner.id)).toBeGreaterThan(0);
    expect(await told(cancelled.id, 'ORDER_REACTION_BREACHED', owner.id)).toBeGreaterThan(0);
    expect(await told(closed.id, 'ORDER_RUNNING_LONG_WARNING')).toBe(0);
    expect(await told(released.id, 'ORDER_RUNNING_LONG_WARNING')).toBe(0);
    expect(await told(cancelled.id, 'ORDER_NOT_TAKEN_WARNING')).toBe(0);
  });
});

describe('a transition reads the thresholds in force (PRODUCT.md §4)', () => {
  const UPDATE_SETTING = `mutation ($key: String!, $value: String!) { updateSetting(key: $key, value: $value) { __typename } }`;
  const setSetting = async (key: string, value: string) =>
    expect((await s.ok(UPDATE_SETTING, { key, value }, owner.as)).updateSetting.__typename).toBe('Setting');

  it('R-SLA-1 a released order’s pinned window follows ASSIGNED_CONTRACTORS_TIME_LIMIT changed while it was in work', async () => {
    const pinnedSetup = await seedClientSetup(s, {
      ordersPerPeriod: null,
      reactionTimeMinutes: 100,
      canPinContractors: true,
    });
    const pinned = await seedCaller(s, { role: 'CONTRACTOR' });
    const other = await seedCaller(s, { role: 'CONTRACTOR' });
    await seedPinnedContractor(s, pinnedSetup.accountId, pinned.id);
    const order = (
      await s.ok(
        CREATE_ORDER,
        { input: { categoryId: await categoryIdOf(s, 'IT_HELP'), description: 'VPN' } },
        pinnedSetup.client.as,
      )
    ).createOrder;
    expect(order.pinnedUntil).toBe(isoAt(order.createdAt, 20 * MIN));
    moveClockTo(s, order.createdAt, 5 * MIN);
    expect((await s.ok(TAKE_ORDER, { orderId: order.id, estimateHours: 2 }, pinned.as)).takeOrder.__typename).toBe(
      'Order',
    );
    try {
      moveClockTo(s, order.createdAt, 6 * MIN);
      await setSetting('ASSIGNED_CONTRACTORS_TIME_LIMIT', '50');
      moveClockTo(s, order.createdAt, 10 * MIN);
      const back = (await s.ok(RELEASE_ORDER, { orderId: order.id, reason: 'wrong skills' }, pinned.as)).releaseOrder;
      const windowEnd = isoAt(order.createdAt, 50 * MIN);
      expect(back).toMatchObject({ status: 'NEW', pinnedUntil: windowEnd });
      expect(await nextDueOf(host, order.id)).toBe(windowEnd);

      // Only pinned contractors may take it until t0+50, not t0+20.
      moveClockTo(s, order.createdAt, 25 * MIN);
      expect((await s.ok(TAKE_ORDER, { orderId: order.id, estimateHours: 1 }, other.as)).takeOrder).toEqual({
        __typename: 'NotPinnedContractor',
        pinnedWindowEndsAt: windowEnd,
      });
      moveClockTo(s, order.createdAt, 50 * MIN);
      await sweep(host, t.clock);
      expect(await warningsOf(host, order.id)).toEqual([`PINNED_WINDOW_OVER@${windowEnd}`]);
      expect((await s.ok(TAKE_ORDER, { orderId: order.id, estimateHours: 1 }, other.as)).takeOrder.__typename).toBe(
        'Order',
      );
    } finally {
      await setSetting('ASSIGNED_CONTRACTORS_TIME_LIMIT', '20');
    }
  });

  it.skipIf(testDatabase !== 'postgres')(
    'R-SLA-2 / R-SLA-5 a threshold change made while an order is being created waits for it: the new order’s moment follows the new value (PostgreSQL: the embedded database runs one transaction at a time)',
    async () => {
      const categoryId = await categoryIdOf(s, 'IT_HELP');
      const holder = new pg.Client({ connectionString: host.config.databaseUrl });
      await holder.connect();
      const waiting = async (sql: string) => ((await host.database.dataSource.query(sql)) as [{ n: number }])[0].n > 0;
      try {
        // Hold the category row: the creation stops at its INSERT, after it read the thresholds.
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM category WHERE id = $1 FOR UPDATE', [categoryId]);
        const creating = s.ok<any>(
          CREATE_ORDER,
          { input: { categoryId, description: 'Mail is down' } },
          setup.client.as,
        );
        await until(() =>
          waiting(`SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                      AND query LIKE 'INSERT INTO service_order%'`),
        );
        let changed = false;
        const changing = setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '50').then(() => (changed = true));
        // The change either waits for the creation (the fix) or commits before it (the stale moment).
        await until(
          async () =>
            changed ||
            waiting(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                       WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`),
        );
        await holder.query('COMMIT');
        const order = (await creating).createOrder;
        await changing;
        expect(await nextDueOf(host, order.id)).toBe(isoAt(order.createdAt, 50 * MIN));
      } finally {
        await holder.end();
        await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '95');
      }
    },
  );
});

async function until(probe: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

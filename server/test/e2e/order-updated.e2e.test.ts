/**
 * `orderUpdated` under a burst: history written faster than a subscriber reads it (the archive job working off
 * a backlog, an instance catching up after LISTEN reconnects) must neither stop the server nor be lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { ARCHIVE_ORDER, RESTORE_ORDER } from '../orders.helpers.js';
import { collect, sleep, waitFor } from '../live.helpers.js';
import { seedAccount, seedCaller, seedOrder, seedSetting } from '../seed.js';

const DAY = 86_400_000;
/**
 * History is written faster than a subscriber that re-reads each order can take it. A pubsub subscriber held
 * at most 1024 pending events: beyond that it threw in an EventTarget listener and the process exited. 4,000
 * overflows it on both databases (on PostgreSQL the subscriber reads about half as fast as the job writes).
 */
const BACKLOG = 4_000;
const ORDER_UPDATED = `subscription { orderUpdated { id archivedAt } }`;

let t: TestSystem;
let manager: { id: string; as: Caller };

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  manager = await seedCaller(t, { role: 'MANAGER' });
});
afterAll(async () => {
  await t?.stop();
});

describe('live updates (subscription orderUpdated) under a burst', () => {
  it('R-ORD-11 the archive job works off a backlog of 4,000 orders: the server stays up and an orderUpdated subscriber receives each archived order exactly once', async () => {
    // Anything thrown outside a request (a pubsub listener, a stream sink) would end the production process.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await seedSetting(t, 'ARCHIVE_AFTER_DAYS', '30');
      const accountId = await seedAccount(t);
      const client = await seedCaller(t, { role: 'CLIENT', accountId });
      const daysAgo = (d: number) => new Date(t.clock.now().getTime() - d * DAY);
      await t.sql(
        `INSERT INTO service_order (account_id, author_id, category_id, description, status, reaction_minutes,
                                    created_at, reaction_due_at, cancelled_at)
         SELECT $1, $2, c.id, 'backlog ' || g, 'CANCELLED', 60, $3, $3, $3
           FROM category c, generate_series(1, ${BACKLOG}) g WHERE c.code = 'IT_HELP'`,
        [accountId, client.id, daysAgo(400)],
      );

      const updates = collect<{ id: string; archivedAt: string | null }>(
        t.ws(manager.as),
        ORDER_UPDATED,
        {},
        'orderUpdated',
      );
      // Changes by hand until one reaches the subscriber: then it is listening.
      const warmUp = await seedOrder(t, { accountId, authorId: client.id, status: 'CANCELLED', createdAt: daysAgo(1) });
      for (let archived = false; !updates.items.length; archived = !archived) {
        await t.ok(archived ? RESTORE_ORDER : ARCHIVE_ORDER, { orderId: warmUp }, manager.as);
        await sleep(100);
      }
      await t.system.services.orderEvents.tail.settled();
      await sleep(100);

      const ctx = jobCtx(t);
      expect(await t.system.services.orderArchive.archiveDue(ctx)).toBe(BACKLOG);
      await waitFor(
        () =>
          updates.items.filter((o) => o.id !== warmUp).length >= BACKLOG ||
          updates.errors.length > 0 ||
          uncaught.length > 0,
        'every archived order',
        90_000,
      );

      expect(uncaught).toEqual([]);
      expect(updates.errors).toEqual([]);
      const archived = await t.sql<{ id: string }>(
        `SELECT id FROM service_order WHERE archived_at IS NOT NULL AND id <> $1`,
        [warmUp],
      );
      expect(archived).toHaveLength(BACKLOG);
      const received = updates.items.filter((o) => o.id !== warmUp);
      expect(received.every((o) => o.archivedAt !== null)).toBe(true);
      expect(received.map((o) => o.id).sort()).toEqual(archived.map((r) => r.id).sort());
      // Still serving, live updates included.
      const after = await seedOrder(t, { accountId, authorId: client.id, status: 'CANCELLED', createdAt: daysAgo(1) });
      await t.ok(ARCHIVE_ORDER, { orderId: after }, manager.as);
      await waitFor(() => updates.items.at(-1)?.id === after, 'the change after the burst');
      updates.dispose();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  }, 120_000);
});

/** The daily archive job's work (R-ORD-11), called as the job calls it, with the harness's clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, startTestSystem, type TestSystem } from '../harness.js';
import { ARCHIVE_ORDER, HISTORY, ORDERS, RESTORE_ORDER } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedOrder, seedSetting } from '../seed.js';

const DAY = 86_400_000;
let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
});
afterAll(async () => {
  await t?.stop();
});

describe('R-ORD-11 archive job', () => {
  it('R-ORD-11 archives only DONE/CANCELLED orders finished more than ARCHIVE_AFTER_DAYS ago; never deletes', async () => {
    await seedSetting(t, 'ARCHIVE_AFTER_DAYS', '30');
    t.clock.set(new Date('2027-06-01T12:00:00Z'));
    const now = t.clock.now();
    const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
    const accountId = await seedAccount(t);
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const contractorId = (await seedCaller(t, { role: 'CONTRACTOR' })).id;
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const base = { accountId, authorId: client.id };
    const order = (status: 'NEW' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED', finishedDaysAgo: number) =>
      seedOrder(t, {
        ...base,
        status,
        contractorId: status === 'DONE' || status === 'IN_PROGRESS' ? contractorId : undefined,
        createdAt: daysAgo(finishedDaysAgo),
      });
    const doneOld = await order('DONE', 31);
    const cancelledOld = await order('CANCELLED', 40);
    const doneRecent = await order('DONE', 29);
    const newOld = await order('NEW', 100);
    const inProgressOld = await order('IN_PROGRESS', 100);
    // Archived by hand earlier, and one a manager restored: the job leaves both alone.
    const archivedByHand = await order('DONE', 60);
    const restored = await order('DONE', 60);
    for (const id of [archivedByHand, restored]) {
      const r = await t.ok(ARCHIVE_ORDER, { orderId: id }, manager.as);
      expect(r.archiveOrder.__typename).toBe('Order');
    }
    expect((await t.ok(RESTORE_ORDER, { orderId: restored }, manager.as)).restoreOrder.archivedAt).toBeNull();
    const [{ archived_at: handArchivedAt }] = await t.sql(`SELECT archived_at FROM service_order WHERE id = $1`, [
      archivedByHand,
    ]);
    // A backlog larger than one batch.
    await t.sql(
      `INSERT INTO service_order (account_id, author_id, category_id, description, status, reaction_minutes,
                                  created_at, reaction_due_at, cancelled_at)
       SELECT $1, $2, c.id, 'backlog ' || g, 'CANCELLED', 60, $3, $3, $3
         FROM category c, generate_series(1, 600) g WHERE c.code = 'IT_HELP'`,
      [accountId, client.id, daysAgo(400)],
    );
    const [{ n: ordersBefore }] = await t.sql(`SELECT count(*)::int AS n FROM service_order`);

    t.clock.advance(1000);
    const archivedAt = t.clock.now();
    expect(await t.system.services.orderArchive.archiveDue(jobCtx(t))).toBe(602);
    expect(await t.system.services.orderArchive.archiveDue(jobCtx(t))).toBe(0);

    const state = async (id: string) =>
      (await t.sql<{ archived_at: Date | null }>(`SELECT archived_at FROM service_order WHERE id = $1`, [id]))[0]!
        .archived_at;
    expect(await state(doneOld)).toEqual(archivedAt);
    expect(await state(cancelledOld)).toEqual(archivedAt);
    for (const id of [doneRecent, newOld, inProgressOld, restored]) expect(await state(id)).toBeNull();
    expect(await state(archivedByHand)).toEqual(handArchivedAt);
    expect(await t.sql(`SELECT count(*)::int AS n FROM service_order`)).toEqual([{ n: ordersBefore }]);

    // History: one ARCHIVED row per archived order, by nobody (the system).
    const events = await t.sql<{ n: number; actors: number }>(
      `SELECT count(*)::int AS n, count(actor_id)::int AS actors FROM order_event WHERE kind = 'ARCHIVED' AND created_at = $1`,
      [archivedAt],
    );
    expect(events).toEqual([{ n: 602, actors: 0 }]);
    const history = await t.ok(HISTORY, { id: doneOld }, manager.as);
    expect(history.order.history.at(-1)).toMatchObject({ kind: 'ARCHIVED', actor: null });

    // Hidden from working lists, still found by the archived filter and by search; restorable.
    const ids = (r: { orders: { nodes: Array<{ id: string }> } }) => r.orders.nodes.map((n) => n.id);
    const working = await t.ok(ORDERS, { first: 100 }, manager.as);
    expect(ids(working)).not.toContain(doneOld);
    expect(ids(working)).toContain(doneRecent);
    const archived = await t.ok(ORDERS, { first: 100, filter: { archived: true } }, manager.as);
    expect(archived.orders.totalCount).toBe(603);
    const [{ number }] = await t.sql(`SELECT number FROM service_order WHERE id = $1`, [doneOld]);
    const found = await t.ok(ORDERS, { filter: { search: number } }, manager.as);
    expect(ids(found)).toEqual([doneOld]);
    const own = await t.ok(ORDERS, { first: 100, filter: { archived: true } }, client.as);
    expect(ids(own)).toContain(cancelledOld);

    const back = await t.ok(RESTORE_ORDER, { orderId: doneOld }, manager.as);
    expect(back.restoreOrder).toEqual({ __typename: 'Order', id: doneOld, archivedAt: null });
    // A day later the job runs again: the order finished 29 days ago is now due; the restored one stays.
    t.clock.advance(DAY);
    expect(await t.system.services.orderArchive.archiveDue(jobCtx(t))).toBe(1);
    expect(await state(doneRecent)).not.toBeNull();
    expect(await state(doneOld)).toBeNull();
  });
});

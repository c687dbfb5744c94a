/**
 * Issue 3, item 8: several server instances on one PostgreSQL. The tables are the source of truth; a commit
 * on one instance wakes the stream readers of the others through LISTEN/NOTIFY. Needs a PostgreSQL server:
 * the embedded database is single-process by design (it does not deliver NOTIFY to its socket clients).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, testDatabase, type Caller, type TestSystem } from '../harness.js';
import { newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';
import { NOTIFICATIONS, ORDER_EVENTS, botService, collect, sleep, waitFor } from '../live.helpers.js';

const onPostgres = testDatabase === 'postgres';
if (!onPostgres) {
  console.log(
    'instances.e2e: skipped — several instances need a PostgreSQL server (run with TEST_DATABASE=postgres, as `pnpm test:pg` does in CI); the embedded database is single-process',
  );
}

let one: TestSystem;
let two: TestSystem;
let manager: { id: string; as: Caller };
let client: { id: string; as: Caller };

const newestEventId = async () =>
  (await one.sql<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM order_event`))[0]!.id;

describe.skipIf(!onPostgres)('issue 3 item 8: two server instances on one PostgreSQL', () => {
  beforeAll(async () => {
    one = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
    two = await startTestSystem({ attachTo: one, env: { JOBS_ENABLED: 'true' } });
    await seedSetting(one, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
    manager = await seedCaller(one, { role: 'MANAGER' });
    const accountId = await seedAccount(one, { tariffId: await seedTariff(one, { ordersPerPeriod: null }) });
    client = await seedCaller(one, { role: 'CLIENT', accountId });
    await seedCaller(one, { role: 'CONTRACTOR' });
  });
  afterAll(async () => {
    await two?.stop();
    await one?.stop();
  });

  it('issue 3 item 8: an order event and its notifications caused through instance 1 reach subscribers connected to instance 2 (and back)', async () => {
    expect(two.system.services.streams.listening).toBe(true);
    const after = await newestEventId();
    const events = collect(two.ws(manager.as), ORDER_EVENTS, { after }, 'orderEvents');
    const telegram = collect(two.ws(botService(two)), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
    const updated = collect(two.ws(manager.as), `subscription { orderUpdated { id status } }`, {}, 'orderUpdated');
    await sleep(300);

    const started = Date.now();
    const order = await newOrder(one, client.as, { description: 'Made on instance 1' });
    await waitFor(
      () =>
        events.items.some((i) => i.orderId === order.id) &&
        telegram.items.some((n) => n.orderId === order.id) &&
        updated.items.some((o) => o.id === order.id),
      'the order on instance 2',
    );
    console.log(`instance 1 commit → instance 2 subscribers: ${Date.now() - started} ms (including the mutation)`);
    expect(events.items.map((i) => `${i.orderId}:${i.event.kind}`)).toEqual([`${order.id}:CREATED`]);
    expect(new Set(telegram.items.filter((n) => n.orderId === order.id).map((n) => n.kind))).toEqual(
      new Set(['ORDER_CREATED', 'ORDER_OFFERED']),
    );

    // And the other way round, with a subscriber on instance 1; nobody gets a change twice.
    const back = collect(one.ws(manager.as), ORDER_EVENTS, { after: await newestEventId() }, 'orderEvents');
    await sleep(200);
    const second = await newOrder(two, client.as, { description: 'Made on instance 2' });
    await waitFor(() => back.items.some((i) => i.orderId === second.id), 'the order on instance 1');
    await waitFor(() => updated.items.some((o) => o.id === second.id), 'the local update on instance 2');
    await sleep(300);
    expect(back.items.map((i) => i.orderId)).toEqual([second.id]);
    expect(updated.items.map((o) => o.id)).toEqual([order.id, second.id]);
    for (const s of [events, telegram, updated, back]) s.dispose();
  });

  it('issue 3 item 1: a history row whose transaction commits late is never skipped — ids follow commit order (the stream gate)', async () => {
    const existing = await newOrder(one, client.as, { description: 'Slow writer target' });
    const after = await newestEventId();
    const stream = collect(two.ws(manager.as), ORDER_EVENTS, { after }, 'orderEvents');
    await sleep(200);

    // A slow writer: its history row is inserted (entering the gate) but its transaction stays open.
    const slow = new pg.Client({ connectionString: one.system.config.databaseUrl });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const [slowRow] = (
        await slow.query(
          `INSERT INTO order_event (order_id, account_id, kind, data, created_at)
           SELECT id, account_id, 'ARCHIVED', '{}'::jsonb, now() FROM service_order WHERE id = $1 RETURNING id::text`,
          [existing.id],
        )
      ).rows as Array<{ id: string }>;
      // A fast writer on the other instance: it must wait at the gate, not commit a later id first.
      let fastDone = false;
      const fast = newOrder(two, client.as, { description: 'Fast writer' }).then((o) => {
        fastDone = true;
        return o;
      });
      await sleep(500);
      expect(fastDone).toBe(false);
      await slow.query('COMMIT');
      const fastOrder = await fast;
      await waitFor(() => stream.items.length >= 2, 'both rows on the stream');
      await sleep(200);
      expect(stream.items.map((i) => i.cursor)).toEqual([
        slowRow!.id,
        (await one.sql<{ id: string }>(`SELECT id::text FROM order_event WHERE order_id = $1`, [fastOrder.id]))[0]!.id,
      ]);
    } finally {
      await slow.end();
      stream.dispose();
    }
  });

  it("issue 3 item 8: a commit's NOTIFY names the instance that made it; an instance reads its own commits once, others' once", async () => {
    // What the stream gate sends: the committing connection's instance, or '' for any other writer.
    const listener = new pg.Client({ connectionString: one.system.config.databaseUrl });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (n) => payloads.push(n.payload ?? ''));
    await listener.query('LISTEN itsupport_streams');
    const events = collect(two.ws(manager.as), ORDER_EVENTS, { after: await newestEventId() }, 'orderEvents');
    try {
      await sleep(300);
      // The history tail's read; the bus (own commits) and NOTIFY (others') each wake it once per commit.
      const tailReads = (t: TestSystem) =>
        t.queries.filter((q) => q.includes('FROM order_event e JOIN service_order o') && q.includes('LIMIT $2')).length;
      one.queries.length = 0;
      two.queries.length = 0;
      const orders: Array<Awaited<ReturnType<typeof newOrder>>> = [];
      for (let i = 0; i < 3; i++) orders.push(await newOrder(one, client.as, { description: `Counted ${i}` }));
      await waitFor(
        () => orders.every((o) => events.items.some((e) => e.orderId === o.id)),
        'the orders on instance 2',
      );
      await sleep(500); // any echo has arrived by now
      // Three commits, one read each; the 5 s safety-net poll may add one. It was six: a commit's several events
      // each asked for a read, and its own NOTIFY echo for another.
      expect(tailReads(one)).toBeGreaterThanOrEqual(3);
      expect(tailReads(one)).toBeLessThanOrEqual(4);
      expect(tailReads(two)).toBeGreaterThanOrEqual(1);
      expect(tailReads(two)).toBeLessThanOrEqual(4);
      expect(new Set(payloads)).toEqual(new Set([one.system.database.instance]));

      // A writer that is no instance (a plain connection) still wakes everyone: its NOTIFY names nobody.
      payloads.length = 0;
      const outsider = new pg.Client({ connectionString: one.system.config.databaseUrl });
      await outsider.connect();
      try {
        await outsider.query(
          `INSERT INTO order_event (order_id, account_id, kind, data, created_at)
           SELECT id, account_id, 'ARCHIVED', '{}'::jsonb, now() FROM service_order WHERE id = $1`,
          [orders[0]!.id],
        );
      } finally {
        await outsider.end();
      }
      await waitFor(() => events.items.some((e) => e.event.kind === 'ARCHIVED'), 'the outside row on instance 2');
      expect(payloads).toEqual(['']);
    } finally {
      events.dispose();
      await listener.end();
    }
  });

  it('issue 3 item 8: the LISTEN connection comes back after it is killed, and catches up with what was committed meanwhile', async () => {
    const admin = new pg.Client({ connectionString: one.system.config.databaseUrl });
    await admin.connect();
    try {
      const after = await newestEventId();
      const stream = collect(two.ws(manager.as), ORDER_EVENTS, { after }, 'orderEvents');
      await sleep(200);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'itsupport-listen' AND datname = current_database()`,
      );
      const order = await newOrder(one, client.as, { description: 'While instance 2 was not listening' });
      await waitFor(() => stream.items.some((i) => i.orderId === order.id), 'the order after reconnecting', 15_000);
      await waitFor(() => two.system.services.streams.listening, 'LISTEN to be back', 15_000);
      stream.dispose();
    } finally {
      await admin.end();
    }
  });
});

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seedAccount, seedCaller, seedTariff } from '../test/seed.js';
import type { BenchContext, BenchResult } from './bench.types.js';
import type { LoadResult } from './http-load.js';
import { cpuMeter, cpuText, runConcurrently } from './stats.js';

const CREATE = `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id } } }`;
const EMPTY = '{ __typename }';
const TOTAL = 400;
const CONCURRENCY = 8;

/** The HTTP load generator in its own process (bench/http-load.ts). */
class LoadProcess {
  private readonly child: ChildProcess = fork(fileURLToPath(new URL('./http-load.js', import.meta.url)), [], {
    stdio: 'inherit',
  });

  /** Sends `total` requests over `lanes` (one at a time per lane); fails on any error answer. */
  run(url: string, query: string, variables: string, lanes: Array<Record<string, string>>, total: number) {
    return new Promise<LoadResult>((resolve, reject) => {
      this.child.once('message', (msg: LoadResult | { type: 'error'; message: string }) => {
        if (msg.type === 'error') reject(new Error(`load process: ${msg.message}`));
        else if (msg.failures) reject(new Error(`${msg.failures} of ${total} requests failed: ${msg.firstFailure}`));
        else resolve(msg);
      });
      this.child.send({ type: 'run', url, query, variables, lanes, total });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    await exited;
  }
}

/**
 * The rows one createOrder writes, written as plain SQL: per operation one transaction that locks the account
 * row (R-ACC-3) and copies a createOrder's order row, its history rows and its notification rows as new rows
 * (the stream gate's triggers included). What createOrder does besides — HTTP, GraphQL, authentication,
 * validation, the limit checks, the SLA job, the live streams — is what separates the two figures.
 * `templates` are orders createOrder made, one per lane and account (lanes must not share an account lock).
 */
async function sameRowsAsSql(
  t: BenchContext['t'],
  templates: Array<{ id: string; account_id: string }>,
  total: number,
): Promise<{ ms: number; rowsPerOperation: number }> {
  const columns = async (table: string, skip: string[]) =>
    (
      await t.sql<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    )
      .map((r) => r.c)
      .filter((c) => !skip.includes(c))
      .join(', ');
  // The id and the order number (a trigger draws it) are new for every copy; the rest is the template's.
  const order = await columns('service_order', ['id', 'number']);
  const event = await columns('order_event', ['id', 'order_id']);
  const notification = await columns('notification', ['id', 'order_id']);
  const [rows] = await t.sql<{ n: number }>(
    `SELECT 1 + (SELECT count(*) FROM order_event WHERE order_id = $1) + (SELECT count(*) FROM notification WHERE order_id = $1) AS n`,
    [templates[0]!.id],
  );
  const dataSource = t.system.database.dataSource;
  const ms = await runConcurrently(total, templates.length, async (_i, lane) => {
    const template = templates[lane]!;
    await dataSource.transaction(async (em) => {
      await em.query(`SELECT 1 FROM client_account WHERE id = $1 FOR NO KEY UPDATE`, [template.account_id]);
      const [copy] = (await em.query(
        `INSERT INTO service_order (${order}) SELECT ${order} FROM service_order WHERE id = $1 RETURNING id`,
        [template.id],
      )) as Array<{ id: string }>;
      await em.query(
        `INSERT INTO order_event (order_id, ${event}) SELECT $2, ${event} FROM order_event WHERE order_id = $1 ORDER BY id`,
        [template.id, copy!.id],
      );
      await em.query(
        `INSERT INTO notification (order_id, ${notification})
         SELECT $2, ${notification} FROM notification WHERE order_id = $1 ORDER BY id`,
        [template.id, copy!.id],
      );
    });
  });
  return { ms, rowsPerOperation: Number(rows!.n) };
}

/**
 * createOrder throughput over HTTP (validation, limits, encryption, history, the whole transaction)
 * against a raw single-row INSERT into the same database with the same concurrency, in the same run; and an
 * empty GraphQL request over HTTP, the ceiling of any mutation. The HTTP requests come from a separate process.
 */
export async function benchCreateOrder({ t, database }: BenchContext): Promise<BenchResult[]> {
  // Different clients order at the same time: one account per lane (one account's orders serialise on
  // its row lock by design, R-ACC-3).
  const tariffId = await seedTariff(t, { ordersPerPeriod: null });
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () =>
      seedCaller(t, { role: 'CLIENT', accountId: await seedAccount(t, { tariffId }) }),
    ),
  );
  await t.sql(`INSERT INTO setting (key, value) VALUES ('MAX_OPEN_ORDERS_PER_CLIENT', '1000000')
               ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const [category] = await t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
  const input = JSON.stringify({
    input: { categoryId: category!.id, description: 'Printer $I does not print', credentials: 'admin / secret' },
  });
  const lanes = clients.map((c) => c.as.headers);
  const anonymousLanes = Array.from({ length: CONCURRENCY }, () => ({}));
  const url = `${t.url}/graphql`;
  const withPostgres = database === 'postgres';

  const load = new LoadProcess();
  try {
    await load.run(url, CREATE, input, lanes, 20); // warm-up
    let cpu = await cpuMeter(withPostgres);
    const orders = await load.run(url, CREATE, input, lanes, TOTAL);
    const orderCpu = await cpu(TOTAL);
    const created = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM service_order`);
    if (created[0]!.n !== TOTAL + 20) throw new Error(`${created[0]!.n} orders in the database, not ${TOTAL + 20}`);

    await t.sql(`CREATE TABLE bench_raw_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL,
                 created_at timestamptz NOT NULL DEFAULT now())`);
    for (let i = 0; i < 20; i++) await t.sql(`INSERT INTO bench_raw_insert (body) VALUES ($1)`, [`warm ${i}`]);
    cpu = await cpuMeter(withPostgres);
    const rawMs = await runConcurrently(TOTAL, CONCURRENCY, async (i) => {
      await t.sql(`INSERT INTO bench_raw_insert (body) VALUES ($1)`, [`Printer ${i} does not print`]);
    });
    const rawCpu = await cpu(TOTAL);

    const templates = await t.sql<{ id: string; account_id: string }>(
      `SELECT DISTINCT ON (account_id) id, account_id FROM service_order ORDER BY account_id, created_at DESC`,
    );
    cpu = await cpuMeter(withPostgres);
    const same = await sameRowsAsSql(t, templates, TOTAL);
    const sameCpu = await cpu(TOTAL);

    // The ceiling of any mutation over HTTP on this machine: a GraphQL request that touches nothing at all.
    const EMPTY_TOTAL = TOTAL * 4;
    await load.run(url, EMPTY, '{}', anonymousLanes, 20);
    cpu = await cpuMeter(withPostgres);
    const empty = await load.run(url, EMPTY, '{}', anonymousLanes, EMPTY_TOTAL);
    const emptyCpu = await cpu(EMPTY_TOTAL);

    const ordersPerSecond = (TOTAL / orders.elapsedMs) * 1000;
    const rawPerSecond = (TOTAL / rawMs) * 1000;
    const emptyPerSecond = (EMPTY_TOTAL / empty.elapsedMs) * 1000;
    const ratio = ordersPerSecond / rawPerSecond;
    const samePerSecond = (TOTAL / same.ms) * 1000;
    const loadCpu = (r: LoadResult, n: number) => `; the load process ${(r.cpuMs / n).toFixed(2)} ms`;
    return [
      {
        name: 'createOrder throughput vs raw single-row INSERT',
        figure: `${ordersPerSecond.toFixed(0)} orders/s vs ${rawPerSecond.toFixed(0)} inserts/s = ratio ${ratio.toFixed(2)}`,
        target: 'ratio ≥ 0.3',
        met: ratio >= 0.3,
        detail:
          `${TOTAL} requests over HTTP from ${CONCURRENCY} clients of different accounts at once, sent by a separate process; the raw INSERTs go through the server's own pool with the same concurrency. ` +
          `CPU per createOrder: ${cpuText(orderCpu, 'server')}${loadCpu(orders, TOTAL)}; per raw INSERT: ${cpuText(rawCpu, 'server')}`,
      },
      {
        name: 'createOrder against the same rows written as plain SQL',
        figure: `${ordersPerSecond.toFixed(0)} orders/s vs ${samePerSecond.toFixed(0)} transactions/s = ratio ${(ordersPerSecond / samePerSecond).toFixed(2)}`,
        target: '— (the database work every createOrder must do)',
        met: null,
        detail: `${TOTAL} transactions from ${templates.length} lanes of different accounts at once through the server's own pool, each locking its account row and copying one createOrder's ${same.rowsPerOperation} rows (the order, its history, its notifications) as new rows. CPU per transaction: ${cpuText(sameCpu, 'server')}`,
      },
      {
        name: 'the same baseline against an empty GraphQL request over HTTP',
        figure: `${emptyPerSecond.toFixed(0)} requests/s vs ${rawPerSecond.toFixed(0)} inserts/s = ratio ${(emptyPerSecond / rawPerSecond).toFixed(2)}; createOrder runs at ${((100 * ordersPerSecond) / emptyPerSecond).toFixed(0)}% of it`,
        target: '— (the ceiling for any mutation over HTTP)',
        met: null,
        detail: `\`${EMPTY}\` anonymously, ${EMPTY_TOTAL} times from ${CONCURRENCY} clients at once in the same separate process: the HTTP, Express and Apollo cost that any request pays before it reads a row. CPU per request: ${cpuText(emptyCpu, 'server')}${loadCpu(empty, EMPTY_TOTAL)}`,
      },
    ];
  } finally {
    await load.stop();
  }
}

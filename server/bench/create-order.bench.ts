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

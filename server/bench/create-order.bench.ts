import { seedAccount, seedCaller, seedTariff } from '../test/seed.js';
import type { BenchContext, BenchResult } from './bench.types.js';
import { cpuMeter, cpuText, runConcurrently } from './stats.js';

const CREATE = `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id } } }`;
const EMPTY = '{ __typename }';
const TOTAL = 400;
const CONCURRENCY = 8;

/**
 * createOrder throughput over HTTP (validation, limits, encryption, history, the whole transaction)
 * against a raw single-row INSERT into the same database with the same concurrency, in the same run.
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
  const input = (i: number) => ({
    categoryId: category!.id,
    description: `Printer ${i} does not print`,
    credentials: 'admin / secret',
  });

  const withPostgres = database === 'postgres';
  for (let i = 0; i < 20; i++) await t.ok(CREATE, { input: input(i) }, clients[i % CONCURRENCY]!.as); // warm-up
  let cpu = await cpuMeter(withPostgres);
  const orderMs = await runConcurrently(TOTAL, CONCURRENCY, async (i, lane) => {
    const r = await t.ok<{ createOrder: { __typename: string } }>(CREATE, { input: input(i) }, clients[lane]!.as);
    if (r.createOrder.__typename !== 'Order') throw new Error(`createOrder answered ${r.createOrder.__typename}`);
  });
  const orderCpu = await cpu(TOTAL);

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
  for (let i = 0; i < 20; i++) await t.ok(EMPTY);
  cpu = await cpuMeter(withPostgres);
  const emptyMs = await runConcurrently(EMPTY_TOTAL, CONCURRENCY, async () => {
    await t.ok(EMPTY);
  });
  const emptyCpu = await cpu(EMPTY_TOTAL);

  const ordersPerSecond = (TOTAL / orderMs) * 1000;
  const rawPerSecond = (TOTAL / rawMs) * 1000;
  const emptyPerSecond = (EMPTY_TOTAL / emptyMs) * 1000;
  const ratio = ordersPerSecond / rawPerSecond;
  return [
    {
      name: 'createOrder throughput vs raw single-row INSERT',
      figure: `${ordersPerSecond.toFixed(0)} orders/s vs ${rawPerSecond.toFixed(0)} inserts/s = ratio ${ratio.toFixed(2)}`,
      target: 'ratio ≥ 0.3',
      met: ratio >= 0.3,
      detail:
        `${TOTAL} requests over HTTP from ${CONCURRENCY} clients of different accounts at once; the raw INSERTs go through the server's own pool with the same concurrency. ` +
        `CPU per createOrder: ${cpuText(orderCpu)}; per raw INSERT: ${cpuText(rawCpu)} ` +
        `(this process is the server and the load: HTTP client, GraphQL, the service, the pg driver)`,
    },
    {
      name: 'the same baseline against an empty GraphQL request over HTTP',
      figure: `${emptyPerSecond.toFixed(0)} requests/s vs ${rawPerSecond.toFixed(0)} inserts/s = ratio ${(emptyPerSecond / rawPerSecond).toFixed(2)}; createOrder runs at ${((100 * ordersPerSecond) / emptyPerSecond).toFixed(0)}% of it`,
      target: '— (the ceiling for any mutation over HTTP)',
      met: null,
      detail: `\`${EMPTY}\` anonymously, ${EMPTY_TOTAL} times from ${CONCURRENCY} clients at once, in the same process as the server as the createOrder requests are: the HTTP, Express and Apollo cost that any request pays before it reads a row. CPU per request: ${cpuText(emptyCpu)}`,
    },
  ];
}

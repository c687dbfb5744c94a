import { dueOrdersQuery } from '../src/modules/sla/sla-store.js';
import { seedAccount, seedCaller } from '../test/seed.js';
import type { BenchContext, BenchResult } from './bench.types.js';
import { percentile } from './stats.js';

const ORDERS = 1_000_000;
const RUNS = 30;
/** The sweep's page size (modules/sla): what one sweep locks at most. */
const SWEEP_LIMIT = 200;

/**
 * The SLA sweep's due query over 1,000,000 orders of which 100,000 are open (about 1,100 due now), against
 * a scan of the open orders as the baseline a naive sweep would pay. EXPLAIN must show the partial index.
 */
export async function benchSlaQuery({ t }: BenchContext): Promise<BenchResult[]> {
  const accountId = await seedAccount(t);
  const author = await seedCaller(t, { role: 'CLIENT', accountId });
  const [category] = await t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
  // Every tenth order is open; open orders' next SLA moments spread from 100 minutes ago to ~6 days ahead.
  await t.sql(
    `INSERT INTO service_order (number, account_id, author_id, category_id, description, status, reaction_minutes,
                                reaction_due_at, created_at, cancelled_at, sla_next_due_at)
     SELECT 'BENCH-' || g, $1, $2, $3, 'bench order', CASE WHEN g % 10 = 0 THEN 'NEW' ELSE 'CANCELLED' END, 60,
            now(), now() - interval '1 day', CASE WHEN g % 10 = 0 THEN NULL ELSE now() END,
            CASE WHEN g % 10 = 0 THEN now() + ((g % 10000) - 100) * interval '1 minute' END
       FROM generate_series(1, $4::int) g`,
    [accountId, author.id, category!.id, ORDERS],
  );
  await t.sql('ANALYZE service_order');
  const [{ open, due }] = (await t.sql(
    `SELECT count(*) FILTER (WHERE status = 'NEW')::int AS open, count(*) FILTER (WHERE sla_next_due_at <= now())::int AS due
       FROM service_order`,
  )) as [{ open: number; due: number }];

  const q = dueOrdersQuery(new Date(), SWEEP_LIMIT);
  const timeIt = async (sql: string, values: unknown[]) => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await t.sql(sql, values);
      ms.push(performance.now() - started);
    }
    return ms;
  };
  const dueMs = await timeIt(q.text, q.values);
  const scanMs = await timeIt(`SELECT id FROM service_order WHERE status IN ('NEW', 'IN_PROGRESS')`, []);
  const plan = JSON.stringify(await t.sql(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values));
  const usesIndex = /Index Scan|Index Only Scan/.test(plan) && plan.includes('service_order_sla_due_idx');
  const median = percentile(dueMs, 50);
  return [
    {
      name: `SLA due query over ${ORDERS.toLocaleString('en')} orders (${open.toLocaleString('en')} open, ${due} due)`,
      figure: `median ${median.toFixed(2)} ms, worst ${Math.max(...dueMs).toFixed(2)} ms vs ${percentile(scanMs, 50).toFixed(0)} ms to scan the open orders; ${usesIndex ? 'index scan on service_order_sla_due_idx' : 'NO index scan'}`,
      target: '< 250 ms, index scan',
      met: median < 250 && usesIndex,
      detail: `the sweep's own query (modules/sla/sla-store.ts dueOrdersQuery, LIMIT ${SWEEP_LIMIT}, FOR NO KEY UPDATE SKIP LOCKED), ${RUNS} runs; the baseline is what a sweep over all open orders would read`,
    },
  ];
}

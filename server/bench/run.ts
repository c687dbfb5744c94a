/**
 * `pnpm bench`: starts the real server on a fresh database (PostgreSQL at 127.0.0.1:5432 when it answers,
 * else the embedded one; BENCH_DATABASE=embedded|postgres forces it), runs each benchmark, prints the
 * figures next to their targets and baselines, and writes BENCHMARKS.md at the repository root.
 * BENCH_ONLY=createOrder,subscribers runs some of them.
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { BenchContext, BenchResult } from './bench.types.js';

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({
    connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const database =
  (process.env.BENCH_DATABASE as 'postgres' | 'embedded' | undefined) ??
  ((await postgresAnswers()) ? 'postgres' : 'embedded');
process.env.TEST_DATABASE = database;
const { startTestSystem } = await import('../test/harness.js');
const { systemClock } = await import('../src/common/clock.js');
const { benchCreateOrder } = await import('./create-order.bench.js');
const { benchSlaQuery } = await import('./sla-query.bench.js');
const { benchSubscribers, ORDER_EVENTS, ORDER_EVENTS_WITH_ACTOR, ORDER_EVENTS_PER_CALLER } =
  await import('./subscribers.bench.js');
const { machineCpu } = await import('./stats.js');

type Bench = { title: string; run: (ctx: BenchContext) => Promise<BenchResult[]> };
const benches: Bench[] = [
  { title: 'createOrder', run: benchCreateOrder },
  { title: 'slaQuery', run: benchSlaQuery },
  // One execution per event serves every subscriber of one caller, and every caller when the selection is the
  // same for everyone (also with who did it); with a field shown by the caller's own rule, 1,000 different callers
  // share nothing.
  { title: 'subscribers', run: (ctx) => benchSubscribers(ctx, ORDER_EVENTS, 1) },
  { title: 'subscribers-distinct', run: (ctx) => benchSubscribers(ctx, ORDER_EVENTS, 1000) },
  { title: 'subscribers-actor', run: (ctx) => benchSubscribers(ctx, ORDER_EVENTS_WITH_ACTOR, 1000) },
  { title: 'subscribers-unshared', run: (ctx) => benchSubscribers(ctx, ORDER_EVENTS_PER_CALLER, 1000) },
];

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const results: BenchResult[] = [];
for (const bench of benches.filter((b) => !only || only.includes(b.title))) {
  // A fresh system and database per benchmark, so one does not load the next.
  // The real clock: latency is measured against the events' commit-time timestamps, which a test clock
  // (frozen at start-up unless moved) would turn into "time since the system started".
  const t = await startTestSystem({ env: { LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10' }, clock: systemClock });
  try {
    console.log(`\n▶ ${bench.title} (${database})`);
    let outcome: BenchResult[];
    const before = await machineCpu();
    try {
      outcome = await bench.run({ t, database });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      outcome = [{ name: bench.title, figure: `did not finish: ${message.slice(0, 200)}`, target: '—', met: false }];
    }
    const after = await machineCpu();
    // A shared host can take CPU from this machine mid-run; say how much, so a noisy run is seen as one.
    const steal =
      before && after && after.total > before.total
        ? (100 * (after.steal - before.steal)) / (after.total - before.total)
        : null;
    for (const r of outcome) {
      if (steal !== null)
        r.detail = `${r.detail ?? ''}${r.detail ? '; ' : ''}CPU taken by the host (steal) during this benchmark: ${steal.toFixed(1)}%`;
      results.push(r);
      console.log(`  ${r.met === null ? '·' : r.met ? '✓' : '✗'} ${r.name}: ${r.figure}   [target ${r.target}]`);
    }
  } finally {
    await t.stop();
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
const lines = [
  '# Benchmarks',
  '',
  'Reproduce with `pnpm bench` (after `pnpm install`). Each figure is measured against its target, and',
  'throughput against a baseline taken in the same run on the same database.',
  '',
  `Last run: ${new Date().toISOString().slice(0, 10)} on ${machine}, database: ${database === 'postgres' ? 'PostgreSQL at 127.0.0.1:5432' : 'embedded (PGlite)'}.`,
  '',
  '| Benchmark | Figure | Target | Met |',
  '|---|---|---|---|',
  ...results.map((r) => `| ${r.name} | ${r.figure} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : 'no'} |`),
  '',
  ...results.filter((r) => r.detail).map((r) => `- ${r.name}: ${r.detail}.`),
  '',
];
const target = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
await writeFile(target, lines.join('\n'));
console.log(`\nwritten to ${target}`);
process.exit(0);

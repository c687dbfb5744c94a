import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerSystem } from '../../src/app/system.js';
import { createLogger } from '../../src/common/logger.js';
import { ORDER_ARCHIVE_JOB } from '../../src/modules/order/jobs/archive.job.js';
import { startTestSystem, type TestSystem } from '../harness.js';
import { newOrder, seedLifecycleSetup } from '../orders.helpers.js';
import { sample, until } from '../metrics.helpers.js';

/**
 * PRODUCT.md §11 for `pnpm worker`: with WORKER_PORT it answers /healthz, /readyz and /metrics like a server does,
 * so an operator running separate workers sees that each is alive, can work, and what its jobs do.
 */
const TOKEN = 'worker-metrics-token-0123';

describe('§11 the worker’s health, readiness and metrics port (WORKER_PORT)', () => {
  let t: TestSystem;
  let worker: WorkerSystem | undefined;
  let url: string;
  const scrape = async () => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    // The API writes the data; then, as in a deployment with separate workers, only a worker runs on that
    // database (the embedded database serves one process at a time).
    t = await startTestSystem({ env: { METRICS_TOKEN: TOKEN } });
    const { setup } = await seedLifecycleSetup(t);
    await newOrder(t, setup.client.as);
    await t.system.stop();
    worker = await startWorker({ ...t.system.config, workerPort: 0 }, createLogger('silent'), { clock: t.clock });
    url = `http://127.0.0.1:${worker.port}`;
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.stop();
  });

  it('§11 /healthz answers and /readyz is ready once the jobs run on a database that answers', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    // Only the operations endpoints: the worker serves no API.
    expect((await fetch(`${url}/graphql`, { method: 'POST' })).status).toBe(404);
  });

  it('§11 with METRICS_TOKEN set, /metrics answers only its bearer, with the process’s own readings', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('itsupport_');
    const text = await scrape();
    expect(sample(text, 'itsupport_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'itsupport_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // No API here: no GraphQL request counted, no WebSocket open.
    expect(sample(text, 'itsupport_graphql_operations_total')).toBeUndefined();
    expect(sample(text, 'itsupport_websocket_connections')).toBe(0);
  });

  it('§11 a job run in the worker is counted with its duration', async () => {
    const runs = (text: string) =>
      sample(text, 'itsupport_jobs_total', { job: ORDER_ARCHIVE_JOB, outcome: 'succeeded' }) ?? 0;
    const timed = (text: string) =>
      sample(text, 'itsupport_job_duration_seconds_count', { job: ORDER_ARCHIVE_JOB }) ?? 0;
    const before = await scrape();
    await worker!.jobs.agenda.now(ORDER_ARCHIVE_JOB);
    let after = before;
    await until('the archive run counted', async () => runs((after = await scrape())) === runs(before) + 1, 20_000);
    expect(timed(after)).toBe(timed(before) + 1);
  });

  it('§11 §6 the database readings (notifications waiting, SLA moments late, open orders) are the database’s', async () => {
    const query = <T>(text: string) => worker!.database.dataSource.query(text) as Promise<T[]>;
    const sql = async () => ({
      notifications: await query<{ channel: string; n: number }>(
        `SELECT channel, count(*)::int AS n FROM notification WHERE delivered_at IS NULL GROUP BY channel`,
      ),
      open: (await query<{ n: number }>(`SELECT count(*)::int AS n FROM service_order WHERE status = 'NEW'`))[0]!.n,
    });
    const expected = await sql();
    expect(expected.open).toBeGreaterThan(0);
    expect(expected.notifications.length).toBeGreaterThan(0);
    // The worker's jobs may write while this reads: compare a scrape taken between two equal readings.
    await until('a scrape matching the database', async () => {
      const first = await sql();
      const text = await scrape();
      const last = await sql();
      if (JSON.stringify(first) !== JSON.stringify(last)) return false;
      expect(sample(text, 'itsupport_orders_open', { status: 'NEW' })).toBe(last.open);
      for (const channel of ['TELEGRAM', 'ADMIN', 'EMAIL']) {
        expect(sample(text, 'itsupport_notifications_pending', { channel })).toBe(
          last.notifications.find((r) => r.channel === channel)?.n ?? 0,
        );
      }
      expect(sample(text, 'itsupport_sla_moments_late')).toBe(0);
      return true;
    });
  });

  it('§11 /readyz is not ready once the worker no longer runs jobs, while /healthz still answers', async () => {
    await worker!.jobs.stop();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

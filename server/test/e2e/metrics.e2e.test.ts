import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_ARCHIVE_JOB } from '../../src/modules/order/jobs/archive.job.js';
import { startTestSystem, type TestSystem } from '../harness.js';
import { CREATE_ORDER, newOrder, seedLifecycleSetup } from '../orders.helpers.js';
import { sample, until } from '../metrics.helpers.js';

/** PRODUCT.md §11: Prometheus metrics at GET /metrics — what an operator graphs and alerts on. */
const TOKEN = 'metrics-token-0123456789';

describe('§11 GET /metrics', () => {
  let t: TestSystem;
  let setup: Awaited<ReturnType<typeof seedLifecycleSetup>>['setup'];
  const scrape = async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    // No job runs here: the SLA reading below must see the moment no sweep moved.
    t = await startTestSystem({ env: { METRICS_TOKEN: TOKEN, JOBS_ENABLED: 'false' } });
    ({ setup } = await seedLifecycleSetup(t));
  });
  afterAll(() => t?.stop());

  it('§11 with METRICS_TOKEN set, only its bearer is answered', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('itsupport_');
    const text = await scrape();
    expect(sample(text, 'itsupport_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'itsupport_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('§11 GraphQL operations are counted by type, root field and outcome, errors by code', async () => {
    const before = await scrape();
    const created = (text: string) =>
      sample(text, 'itsupport_graphql_operations_total', { type: 'mutation', field: 'createOrder', outcome: 'ok' }) ??
      0;
    const refused = (text: string) => sample(text, 'itsupport_graphql_errors_total', { code: 'BAD_USER_INPUT' }) ?? 0;
    await newOrder(t, setup.client.as);
    await newOrder(t, setup.client.as);
    const bad = await t.gql(CREATE_ORDER, { input: { categoryId: 'nope', description: '' } }, setup.client.as);
    expect(bad.errors).toBeDefined();
    await t.gql('{ __typename }');
    const after = await scrape();
    expect(created(after) - created(before)).toBe(2);
    expect(
      (sample(after, 'itsupport_graphql_operations_total', {
        type: 'mutation',
        field: 'createOrder',
        outcome: 'error',
      }) ?? 0) -
        (sample(before, 'itsupport_graphql_operations_total', {
          type: 'mutation',
          field: 'createOrder',
          outcome: 'error',
        }) ?? 0),
    ).toBe(1);
    expect(
      refused(after) + (sample(after, 'itsupport_graphql_errors_total', { code: 'NOT_FOUND' }) ?? 0),
    ).toBeGreaterThan(refused(before) + (sample(before, 'itsupport_graphql_errors_total', { code: 'NOT_FOUND' }) ?? 0));
    expect(
      sample(after, 'itsupport_graphql_request_duration_seconds_count', { type: 'mutation' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('§11 §6 notifications waiting for their channel, and the age of the oldest, match the outbox', async () => {
    await newOrder(t, setup.client.as);
    const now = t.clock.now();
    const [oldest] = await t.sql<{ id: string }>(
      `SELECT id FROM notification WHERE delivered_at IS NULL AND channel = 'TELEGRAM' ORDER BY id LIMIT 1`,
    );
    expect(oldest).toBeDefined();
    await t.sql(`UPDATE notification SET created_at = $1 WHERE id = $2`, [
      new Date(now.getTime() - 3_600_000),
      oldest!.id,
    ]);
    const rows = await t.sql<{ channel: string; n: number }>(
      `SELECT channel, count(*)::int AS n FROM notification WHERE delivered_at IS NULL GROUP BY channel`,
    );
    const text = await scrape();
    for (const channel of ['TELEGRAM', 'ADMIN', 'EMAIL']) {
      expect(sample(text, 'itsupport_notifications_pending', { channel })).toBe(
        rows.find((r) => r.channel === channel)?.n ?? 0,
      );
    }
    const age = sample(text, 'itsupport_notifications_oldest_pending_seconds', { channel: 'TELEGRAM' })!;
    expect(age).toBeGreaterThanOrEqual(3600);
    expect(age).toBeLessThan(3700);
  });

  it('§11 R-SLA-5 SLA moments past due by over a minute are counted (no job ran them), and open orders by status', async () => {
    const order = await newOrder(t, setup.client.as);
    const late = (text: string) => sample(text, 'itsupport_sla_moments_late')!;
    const before = await scrape();
    await t.sql(`UPDATE service_order SET sla_next_due_at = $1 WHERE id = $2`, [
      new Date(t.clock.now().getTime() - 5 * 60_000),
      order.id,
    ]);
    const after = await scrape();
    expect(late(after)).toBe(late(before) + 1);
    const [open] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM service_order WHERE status = 'NEW'`);
    expect(sample(after, 'itsupport_orders_open', { status: 'NEW' })).toBe(open!.n);
    expect(sample(after, 'itsupport_orders_open', { status: 'IN_PROGRESS' })).toBe(0);
  });

  it('§11 open WebSocket connections are counted', async () => {
    const connections = async () => sample(await scrape(), 'itsupport_websocket_connections')!;
    const base = await connections();
    const client = t.ws(setup.client.as);
    const received: unknown[] = [];
    const dispose = client.subscribe(
      { query: 'subscription { orderEvents { cursor } }' },
      { next: (v) => void received.push(v), error: () => undefined, complete: () => undefined },
    );
    await until('the connection counted', async () => (await connections()) === base + 1);
    dispose();
    await client.dispose();
    await until('the connection gone', async () => (await connections()) === base);
  });
});

describe('§11 GET /metrics without METRICS_TOKEN, and job runs', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
  });
  afterAll(() => t?.stop());

  it('§11 is answered to anyone who reaches the port, and counts each job run by outcome', async () => {
    const runs = async () => {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      return sample(await res.text(), 'itsupport_jobs_total', { job: ORDER_ARCHIVE_JOB, outcome: 'succeeded' }) ?? 0;
    };
    const before = await runs();
    await t.system.jobs.agenda.now(ORDER_ARCHIVE_JOB);
    await until('the archive run counted', async () => (await runs()) === before + 1, 20_000);
  });
});

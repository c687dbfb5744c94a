import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seedAccount, seedCaller, seedTariff } from '../test/seed.js';
import type { BenchContext, BenchResult } from './bench.types.js';
import { percentile } from './stats.js';

const SUBSCRIBERS = 1000;
const EVENTS_PER_SECOND = 20;
const SECONDS = 10;

/** The subscription every benchmark subscriber holds, and where each event's commit time is. */
export interface SubscriptionUnderTest {
  query: string;
  timestampPath: string[];
  /** How its name differs from the plain one in the results, if at all. */
  label?: string;
}

/**
 * The order event stream (issue 3 item 1) as a manager sees it: every order's history, live. Its fields are
 * the same for everyone, so one execution per event serves every caller (app/shared-subscribe.ts).
 */
export const ORDER_EVENTS: SubscriptionUnderTest = {
  query: 'subscription { orderEvents { cursor event { kind createdAt } } }',
  timestampPath: ['orderEvents', 'event', 'createdAt'],
};

/**
 * The same stream with who did it: the user an entry names is the same for everyone, so this too is executed
 * once per event for every caller (the User fields read as stored are marked so).
 */
export const ORDER_EVENTS_WITH_ACTOR: SubscriptionUnderTest = {
  query: 'subscription { orderEvents { cursor event { kind createdAt actor { id firstName } } } }',
  timestampPath: ['orderEvents', 'event', 'createdAt'],
  label: 'with who did it',
};

/**
 * The same stream with the actor's name as each caller may see it: `displayName` includes contacts only for
 * callers allowed them (R-ACC-5), so with different callers nothing is shared — every subscriber executes every
 * event itself.
 */
export const ORDER_EVENTS_PER_CALLER: SubscriptionUnderTest = {
  query: 'subscription { orderEvents { cursor event { kind createdAt actor { id displayName } } } }',
  timestampPath: ['orderEvents', 'event', 'createdAt'],
  label: 'each resolving the actor’s name by its own contact rule',
};

class SubscriberProcess {
  private readonly child: ChildProcess;
  private readonly waiters = new Map<string, (msg: any) => void>();

  constructor() {
    this.child = fork(fileURLToPath(new URL('./subscribers.js', import.meta.url)), [], { stdio: 'inherit' });
    this.child.on('message', (msg: any) => {
      if (msg.type === 'error') console.error('subscriber process:', msg.message);
      this.waiters.get(msg.type)?.(msg);
    });
  }

  request<T>(msg: Record<string, unknown>, answer: string): Promise<T> {
    return new Promise((resolve) => {
      this.waiters.set(answer, resolve);
      this.child.send(msg);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    await exited;
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The server process's memory once garbage is collected: the heap plus external memory (what is compared with
 * the target) and RSS. V8 gives freed pages back to the system some time after a collection, so it collects,
 * waits and collects again; otherwise garbage of what ran just before (seeding 1,000 callers) sits in the
 * baseline's RSS and the growth comes out negative.
 */
async function memoryNow(): Promise<{ heap: number; rss: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await settle(1000);
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

/**
 * Opens 1,000 graphql-ws subscribers in a separate process, measures the server process's memory per idle
 * subscriber, then creates orders at 20 per second for 10 s and measures commit → subscriber latency.
 */
export async function benchSubscribers(
  { t }: BenchContext,
  sub: SubscriptionUnderTest,
  callers: number,
): Promise<BenchResult[]> {
  const tariffId = await seedTariff(t, { ordersPerPeriod: null });
  const accountId = await seedAccount(t, { tariffId });
  const client = await seedCaller(t, { role: 'CLIENT', accountId });
  const managers = [];
  for (let i = 0; i < callers; i++) managers.push(await seedCaller(t, { role: 'MANAGER' }));
  await t.sql(`INSERT INTO setting (key, value) VALUES ('MAX_OPEN_ORDERS_PER_CLIENT', '1000000')
               ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const [category] = await t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);

  const before = await memoryNow();
  const subscribers = new SubscriberProcess();
  try {
    await subscribers.request(
      {
        type: 'start',
        url: `${t.url.replace(/^http/, 'ws')}/graphql`,
        count: SUBSCRIBERS,
        query: sub.query,
        connectionParams: managers.map((m) => m.as.connectionParams),
        timestampPath: sub.timestampPath,
      },
      'ready',
    );
    await settle(2000);
    const after = await memoryNow();
    const perSubscriber = (after.heap - before.heap) / SUBSCRIBERS;
    const rssPerSubscriber = (after.rss - before.rss) / SUBSCRIBERS;

    const cpuBefore = process.cpuUsage();
    const childCpuBefore = (await subscribers.request<{ cpu: NodeJS.CpuUsage }>({ type: 'stats' }, 'stats')).cpu;
    const create = `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { __typename } }`;
    const total = EVENTS_PER_SECOND * SECONDS;
    const started = performance.now();
    const inFlight: Promise<boolean>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / EVENTS_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await settle(wait);
      inFlight.push(
        t
          .gql<{ createOrder: { __typename: string } }>(
            create,
            { input: { categoryId: category!.id, description: `bench ${i}` } },
            client.as,
          )
          .then((r) => r.data?.createOrder.__typename === 'Order')
          .catch(() => false),
      );
    }
    const created = (await Promise.all(inFlight)).filter(Boolean).length;
    const expected = created * SUBSCRIBERS;
    let stats = await subscribers.request<{ received: number; latencies: number[]; cpu: NodeJS.CpuUsage }>(
      { type: 'stats' },
      'stats',
    );
    for (let i = 0; i < 50 && stats.received < expected; i++) {
      await settle(200);
      stats = await subscribers.request({ type: 'stats' }, 'stats');
    }
    // CPU time per delivery: what one delivery costs, whatever else the machine is doing (latency is not).
    const cpu = process.cpuUsage(cpuBefore);
    const serverUs = (cpu.user + cpu.system) / Math.max(1, stats.received);
    const childUs =
      (stats.cpu.user + stats.cpu.system - childCpuBefore.user - childCpuBefore.system) / Math.max(1, stats.received);
    const p50 = percentile(stats.latencies, 50);
    const p99 = percentile(stats.latencies, 99);
    return [
      {
        name: `commit → subscriber latency, ${SUBSCRIBERS} subscribers (${callers === 1 ? 'one caller' : `${callers} different callers`}${sub.label ? `, ${sub.label}` : ''}) at ${EVENTS_PER_SECOND} events/s`,
        figure: `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${stats.received} of ${expected} deliveries; ${total - created} of ${total} event-causing requests failed; CPU per delivery: server ${serverUs.toFixed(1)} µs, subscriber process ${childUs.toFixed(1)} µs)`,
        target: 'p99 < 100 ms on 2 cores',
        met: p99 < 100 && stats.received === expected && created === total,
        detail: `subscription: ${sub.query}; ${SUBSCRIBERS} WebSocket connections from one separate process that speaks graphql-transport-ws itself (bench/subscribers.ts); latency = receive time − the event's commit-time timestamp`,
      },
      {
        name: `memory per idle WebSocket subscriber (server process, ${callers === 1 ? 'one caller' : `${callers} callers`}${sub.label ? `, ${sub.label}` : ''})`,
        figure: `${(perSubscriber / 1024).toFixed(1)} KB heap+external (RSS ${rssPerSubscriber > 0 ? `${(rssPerSubscriber / 1024).toFixed(1)} KB` : 'did not grow'})`,
        target: '< 100 KB',
        met: perSubscriber < 100 * 1024,
        detail: `${SUBSCRIBERS} subscriptions held by a separate process; measured after a forced GC`,
      },
    ];
  } finally {
    await subscribers.stop();
  }
}

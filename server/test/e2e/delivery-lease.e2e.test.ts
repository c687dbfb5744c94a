/**
 * PRODUCT.md §6 and §11: several bot instances subscribe to the TELEGRAM channel, and every notification is
 * still sent once. One instance (a named consumer) delivers at a time; the others' streams stay silent until
 * it releases the channel or stops renewing it; the same instance reconnecting keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, testDatabase, type Caller, type TestSystem } from '../harness.js';
import { newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';
import { ACKNOWLEDGE, botService, collect, errorCode, sleep, waitFor, type Collected } from '../live.helpers.js';

/** Every order writes 1 confirmation + 1 offer per contractor on the Telegram channel. */
const CONTRACTORS = 3;
const PER_ORDER = 1 + CONTRACTORS;

const CONSUMING = `subscription ($consumer: String) {
  notifications(channel: TELEGRAM, consumer: $consumer) { id cursor kind }
}`;
const RELEASE = `mutation ($consumer: String!) { releaseNotifications(consumer: $consumer) }`;

interface Setup {
  t: TestSystem;
  bot: Caller;
  client: Caller;
}

async function setUp(env: Record<string, string>, attachTo?: TestSystem): Promise<Setup> {
  const t = await startTestSystem({ env: { JOBS_ENABLED: 'false', ...env }, ...(attachTo ? { attachTo } : {}) });
  return { t, bot: botService(t), client: undefined as unknown as Caller };
}

async function seed(s: Setup): Promise<void> {
  await seedSetting(s.t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  const accountId = await seedAccount(s.t, { tariffId: await seedTariff(s.t, { ordersPerPeriod: null }) });
  s.client = (await seedCaller(s.t, { role: 'CLIENT', accountId, firstName: 'Lena' })).as;
  for (let i = 0; i < CONTRACTORS; i++) await seedCaller(s.t, { role: 'CONTRACTOR', firstName: `Lease${i}` });
}

const holder = async (t: TestSystem) =>
  (await t.sql<{ consumer: string }>(`SELECT consumer FROM notification_delivery_lease WHERE channel = 'TELEGRAM'`))[0]
    ?.consumer;

/** Waits until `consumer` holds the channel. */
async function untilHolder(t: TestSystem, consumer: string): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await holder(t)) !== consumer) {
    if (Date.now() > until) throw new Error(`${consumer} never held the channel`);
    await sleep(10);
  }
}

const undelivered = async (t: TestSystem) =>
  (
    await t.sql<{ id: string }>(
      `SELECT n.id::text AS id FROM notification n WHERE n.channel = 'TELEGRAM' AND n.delivered_at IS NULL ORDER BY n.id`,
    )
  ).map((r) => r.id);

function consume(s: Setup, consumer: string | null, t: TestSystem = s.t): Collected<{ id: string }> {
  return collect(t.ws(s.bot), CONSUMING, consumer ? { consumer } : {}, 'notifications');
}

async function orders(s: Setup, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await newOrder(s.t, s.client, { description: `Lease order ${i}` });
}

const ids = (c: Collected<{ id: string }>) => c.items.map((n) => n.id);

describe('§6 §11 one bot instance at a time delivers the TELEGRAM channel', () => {
  /** The lease lasts a minute here: a handover within seconds can only be the release. */
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({ TELEGRAM_DELIVERY_LEASE_SECONDS: '60' });
    await seed(s);
  });
  afterAll(async () => {
    await s?.t.stop();
  });

  it('§6 §11 of two instances subscribed, one receives every notification and the other none; when it releases the channel, the other takes over at once and gets exactly what was not acknowledged, then live ones', async () => {
    const a = consume(s, 'bot-a');
    await untilHolder(s.t, 'bot-a');
    const b = consume(s, 'bot-b');
    await orders(s, 5);
    const written = await undelivered(s.t);
    expect(written).toHaveLength(5 * PER_ORDER);
    await waitFor(() => a.items.length === written.length, 'bot-a receives every notification');
    await sleep(300);
    expect(ids(a)).toEqual(written);
    expect(b.items).toHaveLength(0);
    expect(b.errors).toEqual([]);

    // bot-a delivers and acknowledges the first half, then stops: it releases the channel.
    const half = written.slice(0, 10);
    expect((await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: half }, s.bot)).acknowledgeNotifications).toBe(10);
    a.dispose();
    const released = Date.now();
    expect((await s.t.ok(RELEASE, { consumer: 'bot-a' }, s.bot)).releaseNotifications).toBe(true);

    await waitFor(() => b.items.length === written.length - 10, 'bot-b replays what bot-a did not acknowledge');
    expect(Date.now() - released).toBeLessThan(30_000);
    expect(ids(b)).toEqual(written.slice(10));
    expect(await holder(s.t)).toBe('bot-b');

    await orders(s, 1);
    await waitFor(() => b.items.length === written.length - 10 + PER_ORDER, 'bot-b receives live ones');
    expect(new Set(ids(b)).size).toBe(b.items.length);
    // Released already: a second release changes nothing.
    expect((await s.t.ok(RELEASE, { consumer: 'bot-a' }, s.bot)).releaseNotifications).toBe(false);
    b.dispose();
    await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids(b) }, s.bot);
    expect((await s.t.ok(RELEASE, { consumer: 'bot-b' }, s.bot)).releaseNotifications).toBe(true);
  });

  it('§6 subscriptions without a consumer id are instances of their own: the second waits while the first is open and gets the rest once it closes', async () => {
    const first = consume(s, null);
    await orders(s, 1);
    await waitFor(() => first.items.length === PER_ORDER, 'the first anonymous subscription receives');
    const second = consume(s, null);
    await sleep(500);
    expect(second.items).toHaveLength(0);
    await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids(first).slice(0, 1) }, s.bot);
    first.dispose();
    await waitFor(() => second.items.length === PER_ORDER - 1, 'the second takes over when the first closes');
    expect(ids(second)).toEqual(ids(first).slice(1));
    second.dispose();
    await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids(second) }, s.bot);
  });

  it('§6 a consumer id that is not 1–64 of A-Z a-z 0-9 _ - is refused; only the bot service releases the channel', async () => {
    const bad = consume(s, 'bot a; drop');
    await waitFor(() => bad.errors.length > 0, 'the bad consumer id is refused');
    expect(errorCode(bad.errors)).toBe('BAD_USER_INPUT');
    const long = await s.t.gql(RELEASE, { consumer: 'x'.repeat(65) }, s.bot);
    expect(errorCode(long.errors ?? [])).toBe('BAD_USER_INPUT');
    const manager = (await seedCaller(s.t, { role: 'MANAGER', firstName: 'Mara' })).as;
    const refused = await s.t.gql(RELEASE, { consumer: 'bot-a' }, manager);
    expect(errorCode(refused.errors ?? [])).toBe('FORBIDDEN');
  });
});

describe('§6 §11 the channel when an instance reconnects or dies (a lease of 1 second)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({ TELEGRAM_DELIVERY_LEASE_SECONDS: '1' });
    await seed(s);
  });
  afterAll(async () => {
    await s?.t.stop();
  });

  it('§6 §11 the delivering instance reconnecting keeps the channel; when it dies (no release), the waiting one takes over once the lease lapses', async () => {
    const a = consume(s, 'bot-a');
    await untilHolder(s.t, 'bot-a');
    const b = consume(s, 'bot-b');
    await orders(s, 2);
    const written = await undelivered(s.t);
    await waitFor(() => a.items.length === written.length, 'bot-a receives');

    // A lost connection: bot-a comes back (well within the lease) and goes on; bot-b still gets nothing.
    a.dispose();
    const again = consume(s, 'bot-a');
    await waitFor(() => again.items.length === written.length, 'bot-a, reconnected, gets the replay');
    await sleep(2500);
    expect(b.items).toHaveLength(0);
    expect(await holder(s.t)).toBe('bot-a');
    await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: written.slice(0, 2) }, s.bot);

    // bot-a dies: its connection drops and nobody renews the lease; bot-b takes over after it lapses.
    again.dispose();
    await waitFor(() => b.items.length === written.length - 2, 'bot-b takes over after the lease lapses');
    expect(ids(b)).toEqual(written.slice(2));
    expect(await holder(s.t)).toBe('bot-b');
    await s.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids(b) }, s.bot);
    b.dispose();
  });

  it('§6 §11 an instance whose channel was taken over (it stalled past its lease) has its stream ended and gets nothing more', async () => {
    const a = consume(s, 'bot-c');
    await untilHolder(s.t, 'bot-c');
    // What a waiting instance does to a lapsed lease: it takes the row.
    await s.t.sql(`UPDATE notification_delivery_lease SET consumer = 'bot-d' WHERE channel = 'TELEGRAM'`);
    await waitFor(() => a.completed, 'bot-c’s stream ends at its next renewal', 5000);
    await orders(s, 1);
    await sleep(300);
    expect(a.items).toHaveLength(0);
    expect(await holder(s.t)).toBe('bot-d');
  });
});

describe.skipIf(testDatabase !== 'postgres')('§11 two server instances: one bot instance delivers across both', () => {
  let one: Setup;
  let two: Setup;
  beforeAll(async () => {
    one = await setUp({ TELEGRAM_DELIVERY_LEASE_SECONDS: '60' });
    await seed(one);
    two = await setUp({ TELEGRAM_DELIVERY_LEASE_SECONDS: '60' }, one.t);
    two.client = one.client;
  });
  afterAll(async () => {
    await two?.t.stop();
    await one?.t.stop();
  });

  it('§11 bot-a on instance 1 delivers, bot-b on instance 2 waits; bot-a releases through instance 1 and bot-b gets the rest', async () => {
    const a = consume(one, 'bot-a');
    await untilHolder(one.t, 'bot-a');
    const b = consume(two, 'bot-b');
    await orders(two, 3);
    const written = await undelivered(one.t);
    expect(written).toHaveLength(3 * PER_ORDER);
    await waitFor(() => a.items.length === written.length, 'bot-a receives what instance 2 wrote');
    await sleep(500);
    expect(b.items).toHaveLength(0);

    await one.t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: written.slice(0, 4) }, one.bot);
    a.dispose();
    expect((await one.t.ok(RELEASE, { consumer: 'bot-a' }, one.bot)).releaseNotifications).toBe(true);
    await waitFor(() => b.items.length === written.length - 4, 'bot-b on instance 2 takes over');
    expect(ids(b)).toEqual(written.slice(4));
    b.dispose();
  });
});

/**
 * PRODUCT.md §6 delivery: the notification outbox as its front-ends consume it — replay from a cursor
 * then live, at least once, deduplicated by id, never again once acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';
import {
  ACKNOWLEDGE,
  NOTIFICATIONS,
  adminSession,
  botService,
  collect,
  errorCode,
  sleep,
  waitFor,
} from '../live.helpers.js';
import { emit, inTransaction } from '../../src/common/context.js';
import { SlaStage, SlaStageReached } from '../../src/modules/sla/sla.events.js';

let t: TestSystem;
let bot: Caller;
let client: { id: string; as: Caller };
let accountId: string;
/** Every order creates 1 confirmation + 1 offer per contractor on the Telegram channel. */
const CONTRACTORS = 9;
const ORDERS = 50;

/** Ids of undelivered TELEGRAM notifications in the database, oldest first. */
const undelivered = async () =>
  (
    await t.sql<{ id: string }>(
      `SELECT n.id::text AS id FROM notification n WHERE channel = 'TELEGRAM' AND delivered_at IS NULL ORDER BY n.id`,
    )
  ).map((r) => r.id);

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  bot = botService(t);
  accountId = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
  client = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Carla' });
  for (let i = 0; i < CONTRACTORS; i++) await seedCaller(t, { role: 'CONTRACTOR', firstName: `C${i}` });
});
afterAll(async () => {
  await t?.stop();
});

describe('§6 delivery on the TELEGRAM channel (the bot)', () => {
  it('§6 500 notifications produced while no consumer is connected are all delivered once a consumer connects, in order; a consumer that disconnects mid-stream and resumes from its cursor gets every one exactly once; acknowledged ones never come again', async () => {
    const started = Date.now();
    for (let i = 0; i < ORDERS; i++) await newOrder(t, client.as, { description: `Order ${i}` });
    const produced = await undelivered();
    expect(produced).toHaveLength(ORDERS * (1 + CONTRACTORS));
    console.log(
      `${produced.length} notifications produced by ${ORDERS} createOrder calls in ${Date.now() - started} ms`,
    );

    // A first consumer connects, takes 200 and goes away without acknowledging anything.
    const first = collect(t.ws(bot), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
    const t0 = Date.now();
    await waitFor(() => first.items.length >= 200, 'the first 200 notifications');
    first.dispose();
    const got1 = first.items.slice(0, 200);
    expect(got1.map((n) => n.id)).toEqual(produced.slice(0, 200));

    // More are produced while nobody listens.
    await newOrder(t, client.as, { description: 'While away' });
    const all = await undelivered();
    expect(all).toHaveLength(produced.length + 1 + CONTRACTORS);

    // It resumes from its cursor: exactly the rest, in order, then live ones.
    const second = collect(
      t.ws(bot),
      NOTIFICATIONS,
      { channel: 'TELEGRAM', after: got1[199]!.cursor },
      'notifications',
    );
    await waitFor(() => second.items.length >= all.length - 200, 'the rest after the cursor');
    console.log(
      `replayed ${all.length} notifications (200 + ${all.length - 200} after reconnecting) in ${Date.now() - t0} ms`,
    );
    const live = await newOrder(t, client.as, { description: 'Live one' });
    await waitFor(() => second.items.length >= all.length - 200 + 1 + CONTRACTORS, 'the live notifications');
    await sleep(200);
    second.dispose();
    const got2 = second.items;
    const ids = [...got1, ...got2].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await undelivered());
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Everything the bot needs to deliver it: the chat, the language, and what to show.
    const confirmation = got2.find((n) => n.orderId === live.id && n.kind === 'ORDER_CREATED')!;
    expect(confirmation).toMatchObject({
      channel: 'TELEGRAM',
      recipientId: client.id,
      recipientLanguage: 'RU',
      payload: { number: live.number, description: 'Live one' },
      deliveredAt: null,
    });
    expect(confirmation.recipientTelegramId).toMatch(/^\d+$/);
    expect(confirmation.cursor).toBe(confirmation.id);

    // Acknowledged in batches; a second acknowledgement changes nothing.
    let acknowledged = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      acknowledged += (await t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids.slice(i, i + 1000) }, bot))
        .acknowledgeNotifications as number;
    }
    expect(acknowledged).toBe(ids.length);
    expect(
      (await t.ok(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ids.slice(0, 10) }, bot)).acknowledgeNotifications,
    ).toBe(0);
    expect(await undelivered()).toEqual([]);

    // Reconnecting from the start brings nothing acknowledged back — only what is new.
    const third = collect(t.ws(bot), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
    await sleep(500);
    expect(third.items).toEqual([]);
    const fresh = await newOrder(t, client.as, { description: 'After the acknowledgement' });
    await waitFor(() => third.items.length >= 1 + CONTRACTORS, 'the new notifications');
    await sleep(200);
    third.dispose();
    expect(third.items.every((n) => n.orderId === fresh.id)).toBe(true);
    expect(third.items).toHaveLength(1 + CONTRACTORS);
  }, 120_000);

  it('§6 only the bot service consumes and acknowledges TELEGRAM notifications; a bad cursor is refused', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const refused = collect(t.ws(manager.as), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
    await waitFor(() => refused.errors.length > 0, 'the refusal');
    expect(errorCode(refused.errors)).toBe('FORBIDDEN');
    const ack = await t.gql(ACKNOWLEDGE, { channel: 'TELEGRAM', ids: ['1'] }, manager.as);
    expect(ack.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = collect(t.ws(bot), NOTIFICATIONS, { channel: 'TELEGRAM', after: 'abc' }, 'notifications');
    await waitFor(() => bad.errors.length > 0, 'the refusal');
    expect(errorCode(bad.errors)).toBe('BAD_USER_INPUT');
    const email = collect(t.ws(bot), NOTIFICATIONS, { channel: 'EMAIL' }, 'notifications');
    await waitFor(() => email.errors.length > 0, 'the refusal');
    expect(errorCode(email.errors)).toBe('BAD_USER_INPUT');
    const many = await t.gql(
      ACKNOWLEDGE,
      { channel: 'TELEGRAM', ids: Array.from({ length: 1001 }, (_, i) => `${i}`) },
      bot,
    );
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('§6 delivery on the ADMIN channel (the admin panel)', () => {
  it('§6 a signed-in manager receives their own notifications live, acknowledges them, reads them; unread counts follow; other managers see none of them', async () => {
    const mona = await seedCaller(t, { role: 'MANAGER', firstName: 'Mona' });
    const max = await seedCaller(t, { role: 'MANAGER', firstName: 'Max' });
    const monaPanel = await adminSession(t, mona.as);
    const maxPanel = await adminSession(t, max.as);
    const order = await newOrder(t, client.as);

    const monaLive = collect(t.ws(monaPanel), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
    const maxLive = collect(t.ws(maxPanel), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
    await sleep(200);
    const ctx = jobCtx(t);
    await inTransaction(ctx, async (tx) => {
      emit(tx, new SlaStageReached(order.id, accountId, SlaStage.NOT_TAKEN_WARNING, t.clock.now()));
    });
    await waitFor(() => monaLive.items.length >= 1 && maxLive.items.length >= 1, 'the warning on both panels');
    await sleep(200);
    expect(monaLive.items).toHaveLength(1);
    expect(monaLive.items[0]).toMatchObject({
      channel: 'ADMIN',
      kind: 'ORDER_NOT_TAKEN_WARNING',
      recipientId: mona.id,
      orderId: order.id,
      payload: { number: order.number, stage: 'NOT_TAKEN_WARNING' },
    });
    expect(maxLive.items.map((n) => n.recipientId)).toEqual([max.id]);

    const count = `{ unreadNotificationCount }`;
    const list = `query ($unreadOnly: Boolean) {
      myNotifications(first: 10, unreadOnly: $unreadOnly) { totalCount nodes { id kind readAt } pageInfo { hasNextPage endCursor } }
    }`;
    expect((await t.ok(count, {}, monaPanel)).unreadNotificationCount).toBe(1);
    const mine = (await t.ok(list, {}, monaPanel)).myNotifications;
    expect(mine.nodes).toEqual([{ id: monaLive.items[0].id, kind: 'ORDER_NOT_TAKEN_WARNING', readAt: null }]);

    // Max cannot acknowledge or read Mona's notification; the bot cannot acknowledge ADMIN ones.
    const monaId = monaLive.items[0].id as string;
    expect((await t.ok(ACKNOWLEDGE, { channel: 'ADMIN', ids: [monaId] }, maxPanel)).acknowledgeNotifications).toBe(0);
    expect(
      (await t.ok(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [monaId] }, maxPanel))
        .markNotificationsRead,
    ).toBe(0);
    expect((await t.gql(ACKNOWLEDGE, { channel: 'ADMIN', ids: [monaId] }, bot)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );

    // Acknowledged: not replayed to a reconnecting panel; still unread until read.
    expect((await t.ok(ACKNOWLEDGE, { channel: 'ADMIN', ids: [monaId] }, monaPanel)).acknowledgeNotifications).toBe(1);
    monaLive.dispose();
    const again = collect(t.ws(monaPanel), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
    await sleep(400);
    expect(again.items).toEqual([]);
    again.dispose();
    expect((await t.ok(count, {}, monaPanel)).unreadNotificationCount).toBe(1);
    expect(
      (await t.ok(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [monaId] }, monaPanel))
        .markNotificationsRead,
    ).toBe(1);
    expect((await t.ok(count, {}, monaPanel)).unreadNotificationCount).toBe(0);
    expect((await t.ok(list, { unreadOnly: true }, monaPanel)).myNotifications.totalCount).toBe(0);
    // Max's own stays unread and, unacknowledged, comes back when his panel reconnects.
    expect((await t.ok(count, {}, maxPanel)).unreadNotificationCount).toBe(1);
    maxLive.dispose();
    const maxAgain = collect(t.ws(maxPanel), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
    await waitFor(() => maxAgain.items.length >= 1, 'the replay');
    expect(maxAgain.items.map((n) => n.id)).toEqual([maxLive.items[0].id]);
    maxAgain.dispose();
  });

  it('§6 the ADMIN channel is for owners and managers: clients and contractors are refused', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    for (const as of [client.as, contractor.as]) {
      const s = collect(t.ws(as), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
      await waitFor(() => s.errors.length > 0, 'the refusal');
      expect(errorCode(s.errors)).toBe('FORBIDDEN');
      expect((await t.gql(`{ unreadNotificationCount }`, {}, as)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

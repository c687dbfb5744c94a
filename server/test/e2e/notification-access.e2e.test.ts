/**
 * PRODUCT.md §6 with the access rules (R-USR-2, R-USR-3, R-ACC-1): a notification is delivered only to a
 * recipient whose access is what it was when the notification was written. One still undelivered (the bot
 * was down or behind) when its recipient's role, account, branch or active flag changes is withdrawn — on
 * every channel, also after a reactivation; a change that leaves the access alone withdraws nothing. The
 * e-mail channel's side is in email-notifications.e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type Caller, type TestSystem } from '../harness.js';
import { NOTIFICATIONS, adminSession, botService, collect, sleep, waitFor } from '../live.helpers.js';
import { RELEASE_ORDER, SEND_MESSAGE, newOrder, take } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';

const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { __typename } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateUser(id: $id) { __typename } }`;

let t: TestSystem;
let owner: { id: string; as: Caller };
let tariffId: string;

beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  owner = await seedCaller(t, { role: 'OWNER', firstName: 'Olga' });
  tariffId = await seedTariff(t, { ordersPerPeriod: null });
});
afterAll(async () => {
  await t?.stop();
});

/** Everything the TELEGRAM channel hands the bot now (the replay of everything not acknowledged), for one user. */
async function telegramReplayFor(recipientId: string): Promise<any[]> {
  const stream = collect<any>(t.ws(botService(t)), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
  // The replay is a few pages at most here; let it finish.
  let seen = -1;
  while (seen !== stream.items.length) {
    seen = stream.items.length;
    await sleep(300);
  }
  stream.dispose();
  expect(stream.errors).toEqual([]);
  return stream.items.filter((n) => n.recipientId === recipientId);
}

/** A user's notifications about an order, every channel: delivered or not, and why withdrawn. */
const rowsOf = (recipientId: string, orderId: string) =>
  t.sql<{ channel: string; kind: string; delivered: boolean; withdrawn_reason: string | null }>(
    `SELECT channel, kind, delivered_at IS NOT NULL AS delivered, withdrawn_reason FROM notification
      WHERE recipient_id = $1 AND order_id = $2 ORDER BY id`,
    [recipientId, orderId],
  );

/** An order of a fresh account, taken and released by a contractor: every manager is told (TELEGRAM, ADMIN). */
async function releasedOrder(name: string) {
  const accountId = await seedAccount(t, { name, tariffId });
  const author = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Anna' });
  const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan' });
  const order = await newOrder(t, author.as, { description: `${name} secret: server room code 4711` });
  await take(t, contractor.as, order.id as string);
  const released = await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'no time' }, contractor.as);
  expect(released.releaseOrder.__typename).toBe('Order');
  return { accountId, author, contractor, order };
}

describe('§6 a pending notification is never delivered to a recipient whose access changed', () => {
  it('R-USR-2 R-ACC-1 §6 a manager made a CLIENT of another account gets none of the staff notifications about account A’s orders that were still pending', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER', firstName: 'Mona' });
    // Staff notifications (released → managers), not delivered yet: the bot is down or behind.
    const { order } = await releasedOrder('Account A');
    expect((await rowsOf(manager.id, order.id)).map((r) => [r.channel, r.kind, r.delivered])).toEqual([
      ['ADMIN', 'ORDER_RELEASED', false],
      ['TELEGRAM', 'ORDER_RELEASED', false],
    ]);

    // The owner makes the manager a client of another account: they may no longer see account A's orders.
    const accountB = await seedAccount(t, { name: 'Account B' });
    const r = await t.ok(UPDATE_USER, { id: manager.id, input: { role: 'CLIENT', accountId: accountB } }, owner.as);
    expect(r.updateUser.__typename).toBe('User');

    expect((await telegramReplayFor(manager.id)).filter((n) => n.orderId === order.id)).toEqual([]);
    // Withdrawn for good, on every channel, with the reason on the row.
    expect(await rowsOf(manager.id, order.id)).toEqual([
      { channel: 'ADMIN', kind: 'ORDER_RELEASED', delivered: true, withdrawn_reason: 'recipient access changed' },
      { channel: 'TELEGRAM', kind: 'ORDER_RELEASED', delivered: true, withdrawn_reason: 'recipient access changed' },
    ]);
  });

  it('R-ACC-1 R-ORD-9 §6 a client moved to another account gets none of the old account’s pending order messages', async () => {
    const accountA = await seedAccount(t, { name: 'Account A2', tariffId });
    const accountB = await seedAccount(t, { name: 'Account B2' });
    const author = await seedCaller(t, { role: 'CLIENT', accountId: accountA, firstName: 'Anna' });
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId: accountA, firstName: 'Boris' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    const order = await newOrder(t, author.as);
    await take(t, contractor.as, order.id as string);
    const sent = await t.ok(
      SEND_MESSAGE,
      { orderId: order.id, input: { kind: 'TEXT', text: 'Your new VPN password is hunter2' } },
      contractor.as,
    );
    expect(sent.sendOrderMessage.__typename).toBe('OrderMessage');

    // Boris leaves account A for account B before the bot delivered the message.
    const r = await t.ok(UPDATE_USER, { id: colleague.id, input: { accountId: accountB } }, owner.as);
    expect(r.updateUser.__typename).toBe('User');

    expect((await telegramReplayFor(colleague.id)).filter((n) => n.orderId === order.id)).toEqual([]);
    expect((await rowsOf(colleague.id, order.id)).map((n) => [n.kind, n.withdrawn_reason])).toEqual([
      ['ORDER_TAKEN', 'recipient access changed'],
      ['ORDER_MESSAGE', 'recipient access changed'],
    ]);
    // The author, still in account A, still gets both.
    expect((await telegramReplayFor(author.id)).filter((n) => n.orderId === order.id).map((n) => n.kind)).toEqual([
      'ORDER_CREATED',
      'ORDER_TAKEN',
      'ORDER_MESSAGE',
    ]);
  });

  it('R-USR-3 §6 what was pending when a manager was deactivated is not delivered after the reactivation, by the bot or in the admin panel; what comes after is', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER', firstName: 'Mila' });
    const before = await releasedOrder('Account C');

    expect((await t.ok(DEACTIVATE, { id: manager.id }, owner.as)).deactivateUser.__typename).toBe('UserDeactivated');
    expect((await t.ok(REACTIVATE, { id: manager.id }, owner.as)).reactivateUser.__typename).toBe('User');

    expect((await telegramReplayFor(manager.id)).filter((n) => n.orderId === before.order.id)).toEqual([]);
    expect((await rowsOf(manager.id, before.order.id)).map((r) => [r.channel, r.withdrawn_reason])).toEqual([
      ['ADMIN', 'recipient deactivated'],
      ['TELEGRAM', 'recipient deactivated'],
    ]);
    const panel = await adminSession(t, manager.as);
    const replay = collect(t.ws(panel), NOTIFICATIONS, { channel: 'ADMIN' }, 'notifications');
    await sleep(400);
    expect(replay.items).toEqual([]);
    const list = `{ unreadNotificationCount myNotifications(first: 10) { totalCount nodes { id orderId } } }`;
    expect(await t.ok(list, {}, panel)).toEqual({
      unreadNotificationCount: 0,
      myNotifications: { totalCount: 0, nodes: [] },
    });

    // Active again: new notifications reach them, live and by the bot.
    const after = await releasedOrder('Account D');
    await waitFor(() => replay.items.length >= 1, 'the new notification in the admin panel');
    replay.dispose();
    expect(replay.items.map((n) => [n.kind, n.orderId])).toEqual([['ORDER_RELEASED', after.order.id]]);
    expect((await telegramReplayFor(manager.id)).map((n) => [n.kind, n.orderId])).toEqual([
      ['ORDER_RELEASED', after.order.id],
    ]);
    expect(await t.ok(list, {}, panel)).toMatchObject({
      unreadNotificationCount: 1,
      myNotifications: { totalCount: 1 },
    });
  });

  it('R-USR-4 §6 a change that leaves the access alone (a new name and username) withdraws nothing', async () => {
    const accountId = await seedAccount(t, { name: 'Account E', tariffId });
    const author = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Boris' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    const order = await newOrder(t, author.as);
    await take(t, contractor.as, order.id as string);

    const r = await t.ok(
      UPDATE_USER,
      { id: colleague.id, input: { firstName: 'Borislav', lastName: 'Petrov', username: 'borislav_p', accountId } },
      owner.as,
    );
    expect(r.updateUser.__typename).toBe('User');

    expect(await rowsOf(colleague.id, order.id)).toEqual([
      { channel: 'TELEGRAM', kind: 'ORDER_TAKEN', delivered: false, withdrawn_reason: null },
    ]);
    expect((await telegramReplayFor(colleague.id)).filter((n) => n.orderId === order.id).map((n) => n.kind)).toEqual([
      'ORDER_TAKEN',
    ]);
  });

  it('R-USR-2 §6 a notification written under the recipient’s former access (by a transaction that chose them just before the change) is neither replayed nor let through live', async () => {
    const manager = await seedCaller(t, { role: 'MANAGER', firstName: 'Mark' });
    const { order } = await releasedOrder('Account F');
    const bot = collect<any>(t.ws(botService(t)), NOTIFICATIONS, { channel: 'TELEGRAM' }, 'notifications');
    await waitFor(() => bot.items.some((n) => n.recipientId === manager.id), 'the replay');
    await sleep(300);

    const accountG = await seedAccount(t, { name: 'Account G' });
    await t.ok(UPDATE_USER, { id: manager.id, input: { role: 'CLIENT', accountId: accountG } }, owner.as);
    // A writer whose statement read the manager as a manager, committing just after the change: its row
    // carries the access version it read (the one before the change).
    const [stale] = await t.sql<{ id: string }>(
      `INSERT INTO notification (recipient_id, recipient_access_version, channel, kind, order_id, payload, created_at)
       SELECT recipient_id, recipient_access_version, channel, kind, order_id, payload, created_at
         FROM notification WHERE recipient_id = $1 AND order_id = $2 AND channel = 'TELEGRAM'
       RETURNING id::text AS id`,
      [manager.id, order.id],
    );
    // Something else happens and the bot's stream reads past that row.
    const client = await seedCaller(t, { role: 'CLIENT', accountId: accountG, firstName: 'Gleb' });
    const next = await newOrder(t, client.as);
    await waitFor(() => bot.items.some((n) => n.orderId === next.id), 'the next notification live');
    await sleep(200);
    bot.dispose();
    expect(bot.items.map((n) => n.id)).not.toContain(stale!.id);
    expect((await telegramReplayFor(manager.id)).map((n) => n.id)).not.toContain(stale!.id);
  });
});

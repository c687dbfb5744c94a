import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { seedCaller } from '../seed.js';
import {
  ARCHIVE_ORDER,
  ASSIGN_ORDER,
  CANCEL_ORDER,
  CLOSE_ORDER,
  HISTORY,
  ORDER,
  ORDERS,
  RATE_ORDER,
  RELEASE_ORDER,
  RESTORE_ORDER,
  SEND_MESSAGE,
  UNASSIGN_ORDER,
  code,
  countWhere,
  newOrder,
  orderTableCounts,
  seedLifecycleSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let setup: ClientSetup;
let manager: Awaited<ReturnType<typeof seedCaller>>;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestSystem();
  ({ setup, manager } = await seedLifecycleSetup(t));
});
afterAll(async () => {
  await t?.stop();
});

describe('orders: lifecycle', () => {
  it('R-ORD-2 NEW → IN_PROGRESS → DONE, each step recorded with who, from, to', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    t.clock.advance(5 * MINUTE);
    const taken = await take(t, contractor.as, order.id, 3);
    expect(taken).toMatchObject({ __typename: 'Order', status: 'IN_PROGRESS', estimateHours: 3 });
    expect(new Date(taken.workDueAt).getTime()).toBe(new Date(taken.takenAt).getTime() + 3 * 60 * MINUTE);
    t.clock.advance(30 * MINUTE);
    const closed = (await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as)).closeOrder;
    expect(closed).toMatchObject({ __typename: 'Order', status: 'DONE', rate: '500.00' });
    expect(closed.doneAt).toBeTruthy();
    const h = await t.ok(HISTORY, { id: order.id }, manager.as);
    expect(h.order.history.map((e: any) => [e.kind, e.fromStatus, e.toStatus, e.actor?.id])).toEqual([
      ['CREATED', null, 'NEW', setup.client.id],
      ['TAKEN', 'NEW', 'IN_PROGRESS', contractor.id],
      ['DONE', 'IN_PROGRESS', 'DONE', contractor.id],
    ]);
    expect(h.order.history[1]).toMatchObject({ estimateHours: 3, contractor: { id: contractor.id } });
  });

  it('R-ORD-2 no other transition exists: DONE cannot be released, cancelled, taken or closed again', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    await take(t, contractor.as, order.id);
    await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as);
    const before = await orderTableCounts(t);
    expect((await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'x' }, contractor.as)).releaseOrder).toEqual({
      __typename: 'OrderNotHeld',
      status: 'DONE',
    });
    expect((await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as)).closeOrder.__typename).toBe('OrderNotHeld');
    expect((await t.ok(CANCEL_ORDER, { orderId: order.id, reason: 'x' }, manager.as)).cancelOrder).toMatchObject({
      __typename: 'OrderNotCancellable',
      status: 'DONE',
    });
    expect(await take(t, contractor.as, order.id)).toEqual({
      __typename: 'OrderAlreadyTaken',
      orderId: order.id,
      status: 'DONE',
    });
    // A NEW order cannot be closed (NEW → DONE does not exist).
    const fresh = await newOrder(t, setup.client.as);
    expect((await t.ok(CLOSE_ORDER, { orderId: fresh.id }, contractor.as)).closeOrder).toEqual({
      __typename: 'OrderNotHeld',
      status: 'NEW',
    });
    const after = await orderTableCounts(t);
    expect(after).toEqual({ ...before, orders: before.orders + 1, events: before.events + 1 });
  });

  it('R-ORD-2 history is append-only: the database refuses updates and deletes', async () => {
    const order = await newOrder(t, setup.client.as);
    await expect(t.sql(`UPDATE order_event SET reason = 'x' WHERE order_id = $1`, [order.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql(`DELETE FROM order_event WHERE order_id = $1`, [order.id])).rejects.toThrow(/append-only/);
  });

  it('R-ORD-5 the rate in force at closing is stored; later ORDER_RATE changes never rewrite it', async () => {
    const owner = await seedCaller(t, { role: 'OWNER' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    await take(t, contractor.as, order.id);
    const setRate = `mutation ($v: String!) { updateSetting(key: "ORDER_RATE", value: $v) { __typename } }`;
    await t.ok(setRate, { v: '750.50' }, owner.as);
    const closed = (await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as)).closeOrder;
    expect(closed.rate).toBe('750.50');
    await t.ok(setRate, { v: '900' }, owner.as);
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order.rate).toBe('750.50');
    const [row] = await t.sql<{ rate: string }>(`SELECT rate::text AS rate FROM service_order WHERE id = $1`, [
      order.id,
    ]);
    expect(row!.rate).toBe('750.50');
    // The client does not see the contractor's rate; the contractor does.
    expect((await t.ok(ORDER, { id: order.id }, setup.client.as)).order.rate).toBeNull();
    expect((await t.ok(ORDER, { id: order.id }, contractor.as)).order.rate).toBe('750.50');
    await t.ok(setRate, { v: '500' }, owner.as);
  });

  it('R-ORD-6 the author or another client member cancels a NEW order; not one in work', async () => {
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const order = await newOrder(t, setup.client.as, { credentials: 'admin / s3cret' });
    const r = (await t.ok(CANCEL_ORDER, { orderId: order.id }, colleague.as)).cancelOrder;
    expect(r).toMatchObject({ __typename: 'Order', status: 'CANCELLED', cancelReason: null, hasCredentials: false });
    const [row] = await t.sql<{ credentials: Buffer | null }>(`SELECT credentials FROM service_order WHERE id = $1`, [
      order.id,
    ]);
    expect(row!.credentials).toBeNull();

    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const inWork = await newOrder(t, setup.client.as);
    await take(t, contractor.as, inWork.id);
    expect((await t.ok(CANCEL_ORDER, { orderId: inWork.id }, setup.client.as)).cancelOrder).toMatchObject({
      __typename: 'OrderNotCancellable',
      status: 'IN_PROGRESS',
    });
  });

  it('R-ORD-6 staff cancel NEW or IN_PROGRESS orders, with a reason required', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as, { credentials: 'root:toor' });
    await take(t, contractor.as, order.id);
    const before = await orderTableCounts(t);
    const noReason = await t.gql(CANCEL_ORDER, { orderId: order.id }, manager.as);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await orderTableCounts(t)).toEqual(before);
    const r = (await t.ok(CANCEL_ORDER, { orderId: order.id, reason: 'client called: solved' }, manager.as))
      .cancelOrder;
    expect(r).toMatchObject({ __typename: 'Order', status: 'CANCELLED', cancelReason: 'client called: solved' });
    expect(r.hasCredentials).toBe(false);
    const h = await t.ok(HISTORY, { id: order.id }, manager.as);
    expect(h.order.history.at(-1)).toMatchObject({
      kind: 'CANCELLED',
      fromStatus: 'IN_PROGRESS',
      toStatus: 'CANCELLED',
      reason: 'client called: solved',
      actor: { id: manager.id },
    });
  });

  it('R-ORD-7 the holder releases with a reason; the order is NEW again and the reaction deadline is unchanged', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    t.clock.advance(10 * MINUTE);
    await take(t, contractor.as, order.id);
    t.clock.advance(10 * MINUTE);
    const missingReason = await t.gql(RELEASE_ORDER, { orderId: order.id, reason: '  ' }, contractor.as);
    expect(missingReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const r = (await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'need a part' }, contractor.as)).releaseOrder;
    expect(r).toMatchObject({
      __typename: 'Order',
      status: 'NEW',
      contractor: null,
      estimateHours: null,
      takenAt: null,
      workDueAt: null,
      reactionDueAt: order.reactionDueAt,
    });
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    expect((await take(t, other.as, order.id)).__typename).toBe('Order');
    // The former holder can no longer act on it.
    expect((await t.ok(RELEASE_ORDER, { orderId: order.id, reason: 'x' }, contractor.as)).releaseOrder).toEqual({
      __typename: 'OrderNotHeld',
      status: 'IN_PROGRESS',
    });
    const h = await t.ok(HISTORY, { id: order.id }, manager.as);
    expect(h.order.history.map((e: any) => e.kind)).toEqual(['CREATED', 'TAKEN', 'RELEASED', 'TAKEN']);
    expect(h.order.history[2]).toMatchObject({ reason: 'need a part', contractor: { id: contractor.id } });
  });

  it('R-ORD-7 a manager unassigns an order in work; R-ORD-8 and assigns it to another contractor', async () => {
    const first = await seedCaller(t, { role: 'CONTRACTOR' });
    const second = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    const assigned = (
      await t.ok(ASSIGN_ORDER, { orderId: order.id, contractorId: first.id, estimateHours: 4 }, manager.as)
    ).assignOrder;
    expect(assigned).toMatchObject({ __typename: 'Order', status: 'IN_PROGRESS', contractor: { id: first.id } });
    const un = (await t.ok(UNASSIGN_ORDER, { orderId: order.id, reason: 'too slow' }, manager.as)).unassignOrder;
    expect(un).toMatchObject({ __typename: 'Order', status: 'NEW', contractor: null });
    expect((await t.ok(UNASSIGN_ORDER, { orderId: order.id, reason: 'again' }, manager.as)).unassignOrder).toEqual({
      __typename: 'OrderNotInProgress',
      status: 'NEW',
    });
    const re = (await t.ok(ASSIGN_ORDER, { orderId: order.id, contractorId: second.id, estimateHours: 2 }, manager.as))
      .assignOrder;
    expect(re).toMatchObject({ __typename: 'Order', contractor: { id: second.id }, estimateHours: 2 });
    const h = await t.ok(HISTORY, { id: order.id }, manager.as);
    expect(h.order.history.map((e: any) => [e.kind, e.actor?.id, e.contractor?.id ?? null])).toEqual([
      ['CREATED', setup.client.id, null],
      ['ASSIGNED', manager.id, first.id],
      ['UNASSIGNED', manager.id, first.id],
      ['ASSIGNED', manager.id, second.id],
    ]);
  });

  it('R-ORD-8 assigning checks the contractor: a deactivated one or a non-contractor is refused', async () => {
    const inactive = await seedCaller(t, { role: 'CONTRACTOR' });
    await t.sql(`UPDATE app_user SET active = false WHERE id = $1`, [inactive.id]);
    const order = await newOrder(t, setup.client.as);
    const before = await orderTableCounts(t);
    expect(
      (await t.ok(ASSIGN_ORDER, { orderId: order.id, contractorId: inactive.id, estimateHours: 1 }, manager.as))
        .assignOrder,
    ).toEqual({ __typename: 'ContractorInactive', contractorId: inactive.id });
    const notContractor = await t.gql(
      ASSIGN_ORDER,
      { orderId: order.id, contractorId: setup.client.id, estimateHours: 1 },
      manager.as,
    );
    expect(notContractor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractorId' });
    expect(await orderTableCounts(t)).toEqual(before);
  });

  it('R-USR-3 / R-ORD-7 deactivating a contractor returns their orders in work to NEW', async () => {
    const owner = await seedCaller(t, { role: 'OWNER' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    await take(t, contractor.as, order.id);
    await t.ok(`mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`, { id: contractor.id }, owner.as);
    const r = await t.ok(ORDER, { id: order.id }, manager.as);
    expect(r.order).toMatchObject({ status: 'NEW', contractor: null, reactionDueAt: order.reactionDueAt });
  });

  it('R-ORD-9 client members and the holder exchange text, photos, documents and voice; others cannot', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const outsider = await seedCaller(t, { role: 'CONTRACTOR' });
    const order = await newOrder(t, setup.client.as);
    // A client may add details while the order waits.
    const early = (
      await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'Room 204' } }, setup.client.as)
    ).sendOrderMessage;
    expect(early).toMatchObject({
      __typename: 'OrderMessage',
      kind: 'TEXT',
      text: 'Room 204',
      sender: { id: setup.client.id },
    });
    await take(t, contractor.as, order.id);
    t.clock.advance(MINUTE);
    const photo = (
      await t.ok(
        SEND_MESSAGE,
        {
          orderId: order.id,
          input: { kind: 'PHOTO', fileId: 'AgACAgIAAxk', text: 'the error', mimeType: 'image/jpeg', fileSize: 48213 },
        },
        contractor.as,
      )
    ).sendOrderMessage;
    expect(photo).toMatchObject({ kind: 'PHOTO', fileId: 'AgACAgIAAxk', text: 'the error', fileSize: 48213 });
    t.clock.advance(MINUTE);
    await t.ok(
      SEND_MESSAGE,
      { orderId: order.id, input: { kind: 'VOICE', fileId: 'AwACAgIAAxk', mimeType: 'audio/ogg' } },
      setup.client.as,
    );
    const before = await orderTableCounts(t);
    const noFile = await t.gql(SEND_MESSAGE, { orderId: order.id, input: { kind: 'DOCUMENT' } }, setup.client.as);
    expect(noFile.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileId' });
    const notHolder = await t.gql(
      SEND_MESSAGE,
      { orderId: order.id, input: { kind: 'TEXT', text: 'hi' } },
      outsider.as,
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code(notHolder));
    const staff = await t.gql(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'hi' } }, manager.as);
    expect(code(staff)).toBe('FORBIDDEN');
    expect(await orderTableCounts(t)).toEqual(before);

    const conv = await t.ok(
      `query ($id: ID!) { order(id: $id) { messages { kind text fileId sender { id } } history { kind } } }`,
      { id: order.id },
      manager.as,
    );
    expect(conv.order.messages).toEqual([
      { kind: 'TEXT', text: 'Room 204', fileId: null, sender: { id: setup.client.id } },
      { kind: 'PHOTO', text: 'the error', fileId: 'AgACAgIAAxk', sender: { id: contractor.id } },
      { kind: 'VOICE', text: null, fileId: 'AwACAgIAAxk', sender: { id: setup.client.id } },
    ]);
    expect(conv.order.history.filter((e: any) => e.kind === 'MESSAGE')).toHaveLength(3);
    // After DONE the conversation stays with the order but is closed for new messages.
    await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as);
    expect(
      (await t.ok(SEND_MESSAGE, { orderId: order.id, input: { kind: 'TEXT', text: 'thanks' } }, setup.client.as))
        .sendOrderMessage,
    ).toMatchObject({ __typename: 'OrderClosedForMessages', status: 'DONE' });
    expect(
      (await t.ok(`query ($id: ID!) { order(id: $id) { messages { id } } }`, { id: order.id }, setup.client.as)).order
        .messages,
    ).toHaveLength(3);
  });

  it('R-ORD-10 the author rates a DONE order once, 1..5; nobody else and not before DONE', async () => {
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const colleague = await seedCaller(t, { role: 'CLIENT', accountId: setup.accountId });
    const order = await newOrder(t, setup.client.as);
    expect((await t.ok(RATE_ORDER, { orderId: order.id, rating: 5 }, setup.client.as)).rateOrder).toEqual({
      __typename: 'OrderNotRatable',
      reason: 'NOT_DONE',
    });
    await take(t, contractor.as, order.id);
    await t.ok(CLOSE_ORDER, { orderId: order.id }, contractor.as);
    const bad = await t.gql(RATE_ORDER, { orderId: order.id, rating: 6 }, setup.client.as);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating', min: 1, max: 5 });
    expect((await t.ok(RATE_ORDER, { orderId: order.id, rating: 4 }, colleague.as)).rateOrder.reason).toBe(
      'NOT_AUTHOR',
    );
    const rated = (await t.ok(RATE_ORDER, { orderId: order.id, rating: 4, comment: 'quick' }, setup.client.as))
      .rateOrder;
    expect(rated).toMatchObject({ __typename: 'Order', rating: 4, ratingComment: 'quick' });
    expect((await t.ok(RATE_ORDER, { orderId: order.id, rating: 1 }, setup.client.as)).rateOrder.reason).toBe(
      'ALREADY_RATED',
    );
    expect((await t.ok(ORDER, { id: order.id }, manager.as)).order.rating).toBe(4);
  });

  it('R-ORD-11 archived orders leave working lists, stay searchable and restorable, and are never deleted', async () => {
    const order = await newOrder(t, setup.client.as, { description: 'archive me please' });
    expect((await t.ok(ARCHIVE_ORDER, { orderId: order.id }, manager.as)).archiveOrder).toEqual({
      __typename: 'OrderNotArchivable',
      status: 'NEW',
      archivedAt: null,
    });
    await t.ok(CANCEL_ORDER, { orderId: order.id }, setup.client.as);
    const archived = (await t.ok(ARCHIVE_ORDER, { orderId: order.id }, manager.as)).archiveOrder;
    expect(archived.archivedAt).toBeTruthy();
    const working = await t.ok(ORDERS, { first: 100, filter: { accountId: setup.accountId } }, manager.as);
    expect(working.orders.nodes.map((n: any) => n.id)).not.toContain(order.id);
    const onlyArchived = await t.ok(ORDERS, { filter: { archived: true } }, manager.as);
    expect(onlyArchived.orders.nodes.map((n: any) => n.id)).toContain(order.id);
    const searched = await t.ok(ORDERS, { filter: { search: order.number } }, setup.client.as);
    expect(searched.orders.nodes.map((n: any) => n.id)).toEqual([order.id]);
    expect((await t.ok(ORDER, { id: order.id }, setup.client.as)).order.archivedAt).toBeTruthy();
    const restored = (await t.ok(RESTORE_ORDER, { orderId: order.id }, manager.as)).restoreOrder;
    expect(restored).toEqual({ __typename: 'Order', id: order.id, archivedAt: null });
    expect(await countWhere(t, 'service_order', 'id = $1', [order.id])).toBe(1);
    const h = await t.ok(HISTORY, { id: order.id }, manager.as);
    expect(h.order.history.map((e: any) => e.kind)).toEqual(['CREATED', 'CANCELLED', 'ARCHIVED', 'RESTORED']);
    // Clients cannot archive.
    expect(code(await t.gql(ARCHIVE_ORDER, { orderId: order.id }, setup.client.as))).toBe('FORBIDDEN');
  });
});

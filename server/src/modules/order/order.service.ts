import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { actorIds, isStaff } from '../../common/auth/principal.js';
import type { CredentialCipher } from '../../common/crypto.js';
import { forbidden, invalidInput } from '../../common/errors.js';
import { queryRows } from '../../common/sql.js';
import { payableDoneAt } from '../billing/billing-period-store.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { SlaService } from '../sla/sla.service.js';
import { Role } from '../user/user.entity.js';
import { OrderEventKind, OrderStatus } from './order.entity.js';
import { LIMITS, type CreateOrderInput } from './order.inputs.js';
import { createOrder } from './order-create.js';
import { putInWork } from './order-take.js';
import { sendOrderMessage } from './order-message.service.js';
import type { OrderMessageInput } from './order-message.types.js';
import { ORDER_COLUMNS, toOrderRecord, type OrderRecord } from './order.record.js';
import { orderOutcome, type OrderOutcome } from './order.outcomes.js';
import { NotRatableReason } from './order.results.js';
import { compareAndSet, findOrderById, getVisibleOrder, recordEvent, recordHistory } from './order-store.js';

/** A checked reason text, or null when optional and absent. */
function reasonText(value: string | undefined | null, required: boolean): string | null {
  const v = value?.trim() ?? '';
  if (!v && required)
    throw invalidInput('reason', `is required: 1..${LIMITS.reason} characters`, { min: 1, max: LIMITS.reason });
  if (v.length > LIMITS.reason)
    throw invalidInput('reason', `must be 1..${LIMITS.reason} characters`, { min: 1, max: LIMITS.reason });
  return v || null;
}

/** The calling contractor's id; the access rule already admitted only contractors. */
function callingContractor(ctx: Ctx): string {
  const p = ctx.principal;
  if (p.kind !== 'user' || p.user.role !== Role.CONTRACTOR) throw forbidden('Only contractors may do this');
  return p.user.id;
}

/** Orders and their lifecycle (R-ORD-1..11). Every transition is one atomic, recorded step. */
export class OrderService {
  constructor(
    readonly settings: SettingsService,
    readonly cipher: CredentialCipher,
    readonly sla: SlaService,
  ) {}

  /** Creates an order if R-ACC-3 allows it (R-ORD-1). */
  async create(ctx: Ctx, input: CreateOrderInput): Promise<OrderOutcome> {
    return createOrder(ctx, this.settings, this.sla, this.cipher, input);
  }

  /** R-ORD-3: the calling contractor takes a NEW order; of concurrent takers exactly one wins. */
  async take(ctx: Ctx, orderId: string, estimateHours: number): Promise<OrderOutcome> {
    const me = callingContractor(ctx);
    return putInWork(ctx, this.settings, this.sla, orderId, me, estimateHours, OrderEventKind.TAKEN);
  }

  /** R-ORD-8: staff put a NEW order in the hands of an eligible contractor (the pinned window does not bind staff). */
  async assign(ctx: Ctx, orderId: string, contractorId: string, estimateHours: number): Promise<OrderOutcome> {
    return putInWork(ctx, this.settings, this.sla, orderId, contractorId, estimateHours, OrderEventKind.ASSIGNED);
  }

  /** R-ORD-7: the holder gives the order back to NEW; the reaction SLA keeps counting from creation. */
  async release(ctx: Ctx, orderId: string, reason: string): Promise<OrderOutcome> {
    const me = callingContractor(ctx);
    const why = reasonText(reason, true);
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      if (order.status !== OrderStatus.IN_PROGRESS || order.contractorId !== me) {
        return { kind: 'notHeld', status: order.status };
      }
      return this.backToNew(tx, order, OrderEventKind.RELEASED, why);
    });
  }

  /** R-ORD-7: staff take an order in work away from its contractor; it returns to NEW. */
  async unassign(ctx: Ctx, orderId: string, reason: string): Promise<OrderOutcome> {
    const why = reasonText(reason, true);
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      if (order.status !== OrderStatus.IN_PROGRESS) return { kind: 'notInProgress', status: order.status };
      return this.backToNew(tx, order, OrderEventKind.UNASSIGNED, why);
    });
  }

  private async backToNew(tx: Ctx, order: OrderRecord, kind: OrderEventKind, reason: string | null) {
    // R-SLA-4: a work breach already due is recorded before the work stages end.
    await this.sla.settleDue(tx, [order]);
    const released = await compareAndSet(
      tx,
      order.id,
      OrderStatus.IN_PROGRESS,
      OrderStatus.NEW,
      `contractor_id = NULL, estimate_hours = NULL, taken_at = NULL, work_due_at = NULL, updated_at = $2`,
      [tx.clock.now()],
    );
    // R-ORD-7: the work stages end; the reaction stages continue from creation.
    await this.sla.refreshDue(tx, [order.id]);
    // As stored now: the pinned window follows the setting in force (R-SLA-1).
    const current = (await findOrderById(tx, released!.id))!;
    await recordEvent(tx, current, kind, {
      from: OrderStatus.IN_PROGRESS,
      to: OrderStatus.NEW,
      reason,
      data: { contractorId: order.contractorId },
    });
    return orderOutcome(current);
  }

  /**
   * R-ORD-6: client members cancel NEW orders (reason optional); staff and order-writing keys cancel
   * NEW or IN_PROGRESS orders with a reason. Credentials are wiped (R-ORD-4).
   */
  async cancel(ctx: Ctx, orderId: string, reason: string | undefined): Promise<OrderOutcome> {
    const p = ctx.principal;
    const byStaff = p.kind === 'apiKey' || (p.kind === 'user' && isStaff(p.user));
    const why = reasonText(reason, byStaff);
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      const allowed = byStaff ? [OrderStatus.NEW, OrderStatus.IN_PROGRESS] : [OrderStatus.NEW];
      if (!allowed.includes(order.status)) {
        const message = byStaff
          ? `a ${order.status} order cannot be cancelled`
          : order.status === OrderStatus.IN_PROGRESS
            ? 'the order is in work: ask a manager to cancel it'
            : `a ${order.status} order cannot be cancelled`;
        return { kind: 'notCancellable', status: order.status, message };
      }
      // R-SLA-4: a breach already due is recorded before the order's stages end.
      await this.sla.settleDue(tx, [order]);
      const now = tx.clock.now();
      const cancelled = await compareAndSet(
        tx,
        order.id,
        order.status,
        OrderStatus.CANCELLED,
        `cancelled_at = $2, cancel_reason = $3, credentials = NULL, updated_at = $2, sla_next_due_at = NULL`,
        [now, why],
      );
      await recordEvent(tx, cancelled!, OrderEventKind.CANCELLED, {
        from: order.status,
        to: OrderStatus.CANCELLED,
        reason: why,
      });
      return orderOutcome(cancelled!);
    });
  }

  /** R-ORD-5: the holder closes the order as DONE; ORDER_RATE now is stored on it; credentials are wiped. */
  async close(ctx: Ctx, orderId: string): Promise<OrderOutcome> {
    const me = callingContractor(ctx);
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      if (order.status !== OrderStatus.IN_PROGRESS || order.contractorId !== me) {
        return { kind: 'notHeld', status: order.status };
      }
      // R-SLA-4: a work breach already due is recorded before the work stages end.
      await this.sla.settleDue(tx, [order]);
      const { ORDER_RATE } = await this.settings.values(tx);
      // R-BIL-2: never inside a period already closed; a period close waits for this commit.
      const now = await payableDoneAt(tx);
      const done = await compareAndSet(
        tx,
        order.id,
        OrderStatus.IN_PROGRESS,
        OrderStatus.DONE,
        `done_at = $2, rate = $3, credentials = NULL, updated_at = $2, sla_next_due_at = NULL`,
        [now, ORDER_RATE],
      );
      await recordEvent(tx, done!, OrderEventKind.DONE, {
        from: OrderStatus.IN_PROGRESS,
        to: OrderStatus.DONE,
        data: { rate: ORDER_RATE },
      });
      return orderOutcome(done!);
    });
  }

  /** R-ORD-10: the author rates a DONE order 1..5, once. */
  async rate(ctx: Ctx, orderId: string, rating: number, comment: string | undefined): Promise<OrderOutcome> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
      throw invalidInput('rating', 'must be a whole number from 1 to 5', { min: 1, max: 5 });
    }
    const text = comment?.trim() || null;
    if (text && text.length > LIMITS.ratingComment) {
      throw invalidInput('comment', `must be at most ${LIMITS.ratingComment} characters`, {
        max: LIMITS.ratingComment,
      });
    }
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      const { actorId } = actorIds(tx.principal);
      if (order.authorId !== actorId) return { kind: 'notRatable', reason: NotRatableReason.NOT_AUTHOR };
      if (order.status !== OrderStatus.DONE) return { kind: 'notRatable', reason: NotRatableReason.NOT_DONE };
      if (order.rating !== null) return { kind: 'notRatable', reason: NotRatableReason.ALREADY_RATED };
      const now = tx.clock.now();
      const rated = await compareAndSet(
        tx,
        order.id,
        OrderStatus.DONE,
        OrderStatus.DONE,
        `rating = $2, rating_comment = $3, rated_at = $4, updated_at = $4`,
        [rating, text, now],
        'o.rating IS NULL',
      );
      if (!rated) return { kind: 'notRatable', reason: NotRatableReason.ALREADY_RATED };
      await recordEvent(tx, rated, OrderEventKind.RATED, { data: { rating } });
      return orderOutcome(rated);
    });
  }

  /** R-ORD-9: adds a message to the order's conversation. */
  async sendMessage(ctx: Ctx, orderId: string, input: OrderMessageInput): Promise<OrderOutcome> {
    return sendOrderMessage(ctx, orderId, input);
  }

  /** R-ORD-11: hides a DONE or CANCELLED order from working lists (never deletes). */
  async archive(ctx: Ctx, orderId: string): Promise<OrderOutcome> {
    return this.setArchived(ctx, orderId, true);
  }

  /** R-ORD-11: brings an archived order back to the working lists. */
  async restore(ctx: Ctx, orderId: string): Promise<OrderOutcome> {
    return this.setArchived(ctx, orderId, false);
  }

  private async setArchived(ctx: Ctx, orderId: string, archive: boolean): Promise<OrderOutcome> {
    return inTransaction(ctx, async (tx) => {
      const order = await getVisibleOrder(tx, orderId, true);
      const finished = order.status === OrderStatus.DONE || order.status === OrderStatus.CANCELLED;
      if (!finished || (order.archivedAt !== null) === archive) {
        return { kind: 'notArchivable', status: order.status, archivedAt: order.archivedAt };
      }
      const now = tx.clock.now();
      const changed = await compareAndSet(
        tx,
        order.id,
        order.status,
        order.status,
        `archived_at = $2, updated_at = $3`,
        [archive ? now : null, now],
      );
      await recordEvent(tx, changed!, archive ? OrderEventKind.ARCHIVED : OrderEventKind.RESTORED);
      return orderOutcome(changed!);
    });
  }

  /**
   * R-USR-3 / R-ORD-7: returns every order a (deactivated) contractor holds to NEW, recording why.
   * The reaction SLA keeps counting from creation. Returns how many orders were released.
   */
  async releaseAllHeldBy(ctx: Ctx, contractorId: string): Promise<number> {
    return inTransaction(ctx, async (tx) => {
      // R-SLA-4: work breaches already due are recorded before the work stages end.
      const held = await queryRows<Record<string, unknown>>(
        tx.em,
        `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE o.contractor_id = $1 AND o.status = 'IN_PROGRESS'
          ORDER BY o.id FOR NO KEY UPDATE OF o`,
        [contractorId],
      );
      await this.sla.settleDue(tx, held.map(toOrderRecord));
      const now = tx.clock.now();
      const released = await queryRows<{ id: string; account_id: string }>(
        tx.em,
        `UPDATE service_order
            SET status = 'NEW', contractor_id = NULL, estimate_hours = NULL, taken_at = NULL,
                work_due_at = NULL, updated_at = $2
          WHERE contractor_id = $1 AND status = 'IN_PROGRESS'
          RETURNING id, account_id`,
        [contractorId, now],
      );
      await this.sla.refreshDue(
        tx,
        released.map((o) => o.id),
      );
      for (const order of released) {
        recordHistory(tx, {
          orderId: order.id,
          accountId: order.account_id,
          kind: OrderEventKind.RELEASED,
          fromStatus: OrderStatus.IN_PROGRESS,
          toStatus: OrderStatus.NEW,
          orderStatus: OrderStatus.NEW,
          reason: 'contractor deactivated',
          data: { contractorId },
          contractorId,
        });
      }
      return released.length;
    });
  }
}

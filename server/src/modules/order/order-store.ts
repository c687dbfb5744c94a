import type { Ctx } from '../../common/context.js';
import { emit } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import type { OrderEventKind, OrderStatus } from './order.entity.js';
import { OrderEventRecorded, type OrderHistoryEntry } from './order.events.js';
import { ORDER_COLUMNS, toOrderRecord, type OrderRecord } from './order.record.js';
import { canTransition } from './order-rules.js';
import { SqlParams, visibleOrdersSql } from './order-visibility.js';

/** One order by id as the caller may see it, or null. `lock` takes the row lock (inside a transaction). */
export async function findVisibleOrder(ctx: Ctx, id: string, lock = false): Promise<OrderRecord | null> {
  if (!isUuid(id)) return null;
  const p = new SqlParams();
  const idParam = p.add(id);
  const visible = visibleOrdersSql(ctx.principal, ctx.clock.now(), p);
  const rows = await queryRows<Record<string, unknown>>(
    ctx.em,
    `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE o.id = ${idParam} AND ${visible}${lock ? ' FOR NO KEY UPDATE OF o' : ''}`,
    p.values,
  );
  return rows[0] ? toOrderRecord(rows[0]) : null;
}

/** Like findVisibleOrder, but an order the caller may not see is "not found" (never leaks existence). */
export async function getVisibleOrder(ctx: Ctx, id: string, lock = false): Promise<OrderRecord> {
  const order = await findVisibleOrder(ctx, id, lock);
  if (!order) throw notFound('Order', id);
  return order;
}

/**
 * One order by id regardless of the caller (callers decide what to reveal), or null. `lock` takes the row
 * lock (inside a transaction).
 */
export async function findOrderById(ctx: Ctx, id: string, lock = false): Promise<OrderRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows<Record<string, unknown>>(
    ctx.em,
    `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE o.id = $1${lock ? ' FOR NO KEY UPDATE OF o' : ''}`,
    [id],
  );
  return rows[0] ? toOrderRecord(rows[0]) : null;
}

/**
 * Compare-and-set: applies `set` only while the order is still in `from` (and matches `extraWhere`);
 * returns the changed order, or null when someone else changed it first. Refuses transitions that
 * R-ORD-2 does not allow. `set` and `extraWhere` use $1 = order id, then `params`.
 */
export async function compareAndSet(
  ctx: Ctx,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  set: string,
  params: unknown[] = [],
  extraWhere = '',
): Promise<OrderRecord | null> {
  if (from !== to && !canTransition(from, to)) throw new Error(`transition ${from} → ${to} does not exist`);
  const rows = await queryRows<Record<string, unknown>>(
    ctx.em,
    `UPDATE service_order AS o SET status = '${to}', ${set}
      WHERE o.id = $1 AND o.status = '${from}'${extraWhere ? ` AND ${extraWhere}` : ''}
      RETURNING ${ORDER_COLUMNS}`,
    [orderId, ...params],
  );
  return rows[0] ? toOrderRecord(rows[0]) : null;
}

/**
 * Appends one history row for the caller (R-ORD-2); after commit it reaches the order event stream. The row is written
 * just before the transaction commits (order-history.writer.ts), so that its id follows commit order while
 * the stream gate is held only for the tail of the transaction.
 */
export async function recordEvent(
  ctx: Ctx,
  order: OrderRecord,
  kind: OrderEventKind,
  change: { from?: OrderStatus; to?: OrderStatus; reason?: string | null; data?: Record<string, unknown> } = {},
): Promise<void> {
  const data = change.data ?? {};
  recordHistory(ctx, {
    orderId: order.id,
    accountId: order.accountId,
    kind,
    fromStatus: change.from ?? null,
    toStatus: change.to ?? null,
    orderStatus: order.status,
    reason: change.reason ?? null,
    data,
    contractorId: typeof data.contractorId === 'string' ? data.contractorId : order.contractorId,
  });
}

/** Queues a history row for the caller in the current transaction (written just before commit). */
export function recordHistory(ctx: Ctx, entry: Omit<OrderHistoryEntry, 'actorId' | 'apiKeyId' | 'createdAt'>): void {
  if (!ctx.pendingEvents) throw new Error('order history is recorded inside inTransaction');
  const { actorId, apiKeyId } = actorIds(ctx.principal);
  emit(ctx, new OrderEventRecorded({ ...entry, actorId, apiKeyId, createdAt: ctx.clock.now() }));
}

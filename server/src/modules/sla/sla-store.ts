import type { Ctx } from '../../common/context.js';
import { queryRows } from '../../common/sql.js';
import type { OrderStatus } from '../order/order.entity.js';
import type { SlaStage } from './sla.events.js';
import { firedKey, type SlaFacts, type StageMoment } from './sla-schedule.js';

/** An order as the SLA evaluates it. */
export interface SlaOrder extends SlaFacts {
  id: string;
  accountId: string;
  slaNextDueAt: Date | null;
}

const SLA_COLUMNS = `o.id, o.account_id, o.status, o.created_at, o.reaction_minutes, o.reaction_due_at, o.pinned_until,
  o.taken_at, o.estimate_hours, o.work_due_at, o.sla_next_due_at`;

const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

function toSlaOrder(r: Record<string, unknown>): SlaOrder {
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    status: r.status as OrderStatus,
    createdAt: date(r.created_at)!,
    reactionMinutes: Number(r.reaction_minutes),
    reactionDueAt: date(r.reaction_due_at)!,
    pinnedUntil: date(r.pinned_until),
    takenAt: date(r.taken_at),
    estimateHours: r.estimate_hours === null || r.estimate_hours === undefined ? null : Number(r.estimate_hours),
    workDueAt: date(r.work_due_at),
    slaNextDueAt: date(r.sla_next_due_at),
  };
}

/**
 * The sweep's query (R-SLA-5): the orders whose next SLA moment has come, earliest first, locked
 * for this worker and skipping those another worker holds. One range scan of the partial index
 * `service_order_sla_due_idx`: the work is proportional to what is due, never to the open orders.
 * NO KEY UPDATE, like every order write: inserts that reference the order (the notification
 * outbox, sla_warning) take KEY SHARE locks, which it does not block.
 */
export function dueOrdersQuery(now: Date, limit: number): { text: string; values: unknown[] } {
  return {
    text: `SELECT ${SLA_COLUMNS}
             FROM service_order o
            WHERE o.sla_next_due_at <= $1
            ORDER BY o.sla_next_due_at
            LIMIT $2
              FOR NO KEY UPDATE OF o SKIP LOCKED`,
    values: [now, limit],
  };
}

/** Runs the sweep's query inside the caller's transaction. */
export async function lockDueOrders(tx: Ctx, now: Date, limit: number): Promise<SlaOrder[]> {
  const q = dueOrdersQuery(now, limit);
  return (await queryRows<Record<string, unknown>>(tx.em, q.text, q.values)).map(toSlaOrder);
}

/** One order, row-locked (waits for a concurrent evaluation or transition to finish). */
export async function lockSlaOrder(tx: Ctx, orderId: string): Promise<SlaOrder | null> {
  const rows = await queryRows<Record<string, unknown>>(
    tx.em,
    `SELECT ${SLA_COLUMNS} FROM service_order o WHERE o.id = $1 FOR NO KEY UPDATE OF o`,
    [orderId],
  );
  return rows[0] ? toSlaOrder(rows[0]) : null;
}

/**
 * Orders by id. `lock` takes their rows (in id order), so that a transition committing meanwhile is
 * seen rather than overwritten; without it the caller already holds them through its own UPDATE.
 */
export async function findSlaOrders(tx: Ctx, orderIds: readonly string[], lock = false): Promise<SlaOrder[]> {
  if (!orderIds.length) return [];
  const rows = await queryRows<Record<string, unknown>>(
    tx.em,
    `SELECT ${SLA_COLUMNS} FROM service_order o WHERE o.id = ANY($1::uuid[]) ORDER BY o.id
     ${lock ? 'FOR NO KEY UPDATE OF o' : ''}`,
    [orderIds],
  );
  return rows.map(toSlaOrder);
}

/** Ids of every open order (to recompute their moments after a threshold changed). */
export async function openOrderIds(tx: Ctx): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx.em,
    `SELECT id FROM service_order WHERE status IN ('NEW', 'IN_PROGRESS') ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

/** The stages already fired, per order, as firedKey strings. */
export async function firedStages(tx: Ctx, orderIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const fired = new Map<string, Set<string>>(orderIds.map((id) => [id, new Set<string>()]));
  if (!orderIds.length) return fired;
  const rows = await queryRows<{ order_id: string; stage: SlaStage; cycle_start: Date }>(
    tx.em,
    `SELECT order_id, stage, cycle_start FROM sla_warning WHERE order_id = ANY($1::uuid[])`,
    [orderIds],
  );
  for (const r of rows) fired.get(r.order_id)?.add(firedKey(r.stage, date(r.cycle_start)!));
  return fired;
}

/**
 * Records that a stage fired. The unique (order, stage, cycle) row decides who raises the event:
 * true for the one transaction that inserted it, false when the stage had already fired.
 */
export async function recordStage(
  tx: Ctx,
  order: Pick<SlaOrder, 'id' | 'accountId'>,
  s: StageMoment,
  now: Date,
): Promise<boolean> {
  const rows = await queryRows(
    tx.em,
    `INSERT INTO sla_warning (order_id, account_id, stage, cycle_start, due_at, fired_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (order_id, stage, cycle_start) DO NOTHING
     RETURNING id`,
    [order.id, order.accountId, s.stage, s.cycleStart, s.dueAt, now],
  );
  return rows.length === 1;
}

/** What an evaluation changes on an order. */
export interface SlaUpdate {
  orderId: string;
  nextDueAt: Date | null;
  /** Set when a breach fired; an earlier breach mark is kept. */
  breachedAt?: Date | null;
  /** Set when the pinned window moved (ASSIGNED_CONTRACTORS_TIME_LIMIT changed). */
  pinnedUntil?: Date | null;
}

/** Marks orders breached at the given moments; an earlier breach mark is kept. */
export async function markBreached(
  tx: Ctx,
  marks: ReadonlyArray<{ orderId: string; breachedAt: Date }>,
): Promise<void> {
  if (!marks.length) return;
  await tx.em.query(
    `UPDATE service_order o SET breached_at = coalesce(o.breached_at, v.breached)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, breached)
      WHERE o.id = v.id`,
    [marks.map((m) => m.orderId), marks.map((m) => m.breachedAt)],
  );
}

/**
 * The SLA thresholds lock, held to the end of the transaction. Creating or taking an order holds it shared
 * from before it reads the thresholds it computes the order's moments with; a threshold change holds it
 * exclusively before recomputing the open orders. So the recompute waits for every order computed with
 * the old values to commit (and sees it), and an order computed after it reads the new values.
 */
export async function holdSlaThresholds(tx: Ctx, mode: 'shared' | 'exclusive'): Promise<void> {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.em.query(`SELECT ${lock}(hashtext('sla.thresholds'))`);
}

/** Stores next due moments (and breach marks, pinned windows) of many orders in one statement. */
export async function storeSlaUpdates(tx: Ctx, updates: readonly SlaUpdate[]): Promise<void> {
  if (!updates.length) return;
  await tx.em.query(
    `UPDATE service_order o
        SET sla_next_due_at = v.next_due,
            breached_at = coalesce(o.breached_at, v.breached),
            pinned_until = CASE WHEN v.set_pinned THEN v.pinned ELSE o.pinned_until END
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::boolean[], $5::timestamptz[])
            AS v(id, next_due, breached, set_pinned, pinned)
      WHERE o.id = v.id`,
    [
      updates.map((u) => u.orderId),
      updates.map((u) => u.nextDueAt),
      updates.map((u) => u.breachedAt ?? null),
      updates.map((u) => u.pinnedUntil !== undefined),
      updates.map((u) => u.pinnedUntil ?? null),
    ],
  );
}

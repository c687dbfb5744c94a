import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import type { SettingsService } from '../settings/settings.service.js';
import { Role } from '../user/user.entity.js';
import { OrderEventKind, OrderStatus } from './order.entity.js';
import { orderOutcome, type OrderOutcome } from './order.outcomes.js';
import { isValidEstimate, servesCategory, workDueAt } from './order-rules.js';
import { compareAndSet, findOrderById, recordEvent } from './order-store.js';
import { SlaDueChanged } from '../sla/sla.events.js';
import { nextSlaDue } from '../sla/sla-schedule.js';
import type { SlaService } from '../sla/sla.service.js';

/**
 * R-ORD-3 / R-ORD-8: puts a NEW order in a contractor's hands with an estimate. The contractor row
 * is locked first (their capacity count holds under concurrency); the status change itself is a
 * compare-and-set, so of concurrent takers exactly one wins. Staff assigning are not bound by the
 * pinned window (R-SLA-1).
 */
export async function putInWork(
  ctx: Ctx,
  settings: SettingsService,
  sla: SlaService,
  orderId: string,
  contractorId: string,
  estimateHours: number,
  kind: OrderEventKind.TAKEN | OrderEventKind.ASSIGNED,
): Promise<OrderOutcome> {
  return inTransaction(ctx, async (tx) => {
    await sla.holdThresholds(tx);
    const values = await settings.values(tx);
    if (!isValidEstimate(estimateHours, values.MAX_ESTIMATE_HOURS)) {
      throw invalidInput('estimateHours', `must be a whole number from 1 to ${values.MAX_ESTIMATE_HOURS}`, {
        min: 1,
        max: values.MAX_ESTIMATE_HOURS,
      });
    }
    // Locking the contractor first serialises their concurrent takes, so the capacity count holds.
    const [contractor] = isUuid(contractorId)
      ? await queryRows<{ id: string; role: Role; active: boolean; max_active_orders: number | null }>(
          tx.em,
          `SELECT id, role, active, max_active_orders FROM app_user WHERE id = $1 FOR NO KEY UPDATE`,
          [contractorId],
        )
      : [];
    if (!contractor) throw notFound('User', contractorId);
    if (contractor.role !== Role.CONTRACTOR) throw invalidInput('contractorId', 'must be a contractor');
    // Locked: the SLA stages settled below are those of the order as it stands.
    const order = await findOrderById(tx, orderId, true);
    if (!order) throw notFound('Order', orderId);
    if (order.status !== OrderStatus.NEW) return { kind: 'alreadyTaken', orderId: order.id, status: order.status };
    if (!contractor.active) return { kind: 'contractorInactive', contractorId };

    const served = await queryRows<{ category_id: string }>(
      tx.em,
      `SELECT category_id FROM contractor_category WHERE contractor_id = $1`,
      [contractorId],
    );
    if (
      !servesCategory(
        served.map((r) => r.category_id),
        order.categoryId,
      )
    ) {
      return { kind: 'categoryNotServed', categoryId: order.categoryId };
    }
    const now = tx.clock.now();
    if (kind === OrderEventKind.TAKEN && order.pinnedUntil && order.pinnedUntil > now) {
      const pinned = await queryRows(
        tx.em,
        `SELECT 1 FROM pinned_contractor WHERE account_id = $1 AND contractor_id = $2`,
        [order.accountId, contractorId],
      );
      if (!pinned.length) {
        // The caller may not read the order yet: the refusal carries the zone its moment is shown in (R-SLA-6).
        const [account] = await queryRows<{ zone: string }>(
          tx.em,
          `SELECT coalesce(time_zone, $2) AS zone FROM client_account WHERE id = $1`,
          [order.accountId, values.TIMEZONE],
        );
        return { kind: 'notPinned', pinnedWindowEndsAt: order.pinnedUntil, timeZone: account!.zone };
      }
    }
    const [held] = await queryRows<{ n: number }>(
      tx.em,
      `SELECT count(*)::int AS n FROM service_order WHERE contractor_id = $1 AND status = 'IN_PROGRESS'`,
      [contractorId],
    );
    const allowed = contractor.max_active_orders ?? values.MAX_ACTIVE_ORDERS_PER_CONTRACTOR;
    if (held!.n >= allowed) return { kind: 'atCapacity', active: held!.n, allowed };

    // R-SLA-4: a breach already due (no job ran yet) is recorded before the reaction stages end.
    await sla.settleDue(tx, [order]);
    const workDue = workDueAt(now, estimateHours);
    // R-SLA-3/4: a take starts a fresh cycle of work stages; the reaction stages stop being pending.
    const slaDue = nextSlaDue(
      { ...order, status: OrderStatus.IN_PROGRESS, takenAt: now, estimateHours, workDueAt: workDue },
      values,
    );
    const taken = await compareAndSet(
      tx,
      order.id,
      OrderStatus.NEW,
      OrderStatus.IN_PROGRESS,
      `contractor_id = $2, estimate_hours = $3, taken_at = $4, work_due_at = $5, updated_at = $4, sla_next_due_at = $6`,
      [contractorId, estimateHours, now, workDue, slaDue],
    );
    if (!taken) {
      const current = await findOrderById(tx, order.id);
      return { kind: 'alreadyTaken', orderId: order.id, status: current!.status };
    }
    emit(tx, new SlaDueChanged(order.id, slaDue));
    await recordEvent(tx, taken, kind, {
      from: OrderStatus.NEW,
      to: OrderStatus.IN_PROGRESS,
      data: { contractorId, estimateHours },
    });
    return orderOutcome(taken);
  });
}

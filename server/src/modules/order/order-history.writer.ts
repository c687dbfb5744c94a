import type { Ctx } from '../../common/context.js';
import type { DomainEvent, TransactionalEventHandler } from '../../common/events.js';
import { queryRows } from '../../common/sql.js';
import { OrderEventRecorded } from './order.events.js';

/**
 * Writes the history rows recordEvent queued, just before the transaction commits (registered with
 * `eventBus.addTransactionalHandler`). The first INSERT enters the stream gate (a statement trigger,
 * see migration 1764100000000), so ids follow commit order; writing here keeps the gate held only for
 * the tail of the transaction. Sets each event's `eventId`.
 */
export const writeOrderHistory: TransactionalEventHandler = async (tx: Ctx, events: readonly DomainEvent[]) => {
  for (const event of events) {
    if (!(event instanceof OrderEventRecorded) || event.eventId !== null) continue;
    const e = event.entry;
    const [row] = await queryRows<{ id: string }>(
      tx.em,
      `INSERT INTO order_event (order_id, account_id, kind, actor_id, api_key_id, from_status, to_status, reason, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        e.orderId,
        e.accountId,
        e.kind,
        e.actorId,
        e.apiKeyId,
        e.fromStatus,
        e.toStatus,
        e.reason,
        JSON.stringify(e.data),
        e.createdAt,
      ],
    );
    event.eventId = String(row!.id);
  }
};

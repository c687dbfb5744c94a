import type { DomainEvent } from '../../common/events.js';
import type { OrderEventKind, OrderStatus } from './order.entity.js';

/** What one entry of an order's history says (R-ORD-2). */
export interface OrderHistoryEntry {
  orderId: string;
  accountId: string;
  kind: OrderEventKind;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  /** The order's status once the change is made. */
  orderStatus: OrderStatus;
  actorId: string | null;
  apiKeyId: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  /** The contractor concerned: who took, was assigned, released or unassigned it, else the holder. */
  contractorId: string | null;
  createdAt: Date;
}

/**
 * An entry was added to an order's history. Raised by recordEvent; the history row itself is written just
 * before commit (modules/order/order-history.writer.ts), which sets `eventId` — the row id, a position in
 * the gap-free order event stream. Transactional handlers (the notification outbox) see it with its id.
 */
export class OrderEventRecorded implements DomainEvent {
  readonly type = 'OrderEventRecorded';
  /** The history row id; null until the row is written. */
  eventId: string | null = null;
  constructor(readonly entry: OrderHistoryEntry) {}
}

/** What `orderUpdated` hands its resolver per history entry: ids only; each subscriber re-reads the order as its viewer. */
export interface OrderUpdatedPayload {
  orderId: string;
  accountId: string;
  status: OrderStatus;
}

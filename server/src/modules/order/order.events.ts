import type { DomainEvent } from '../../common/events.js';
import type { OrderStatus } from './order.entity.js';

/** An order changed (any transition, message, rating, archive); published after commit. */
export class OrderChanged implements DomainEvent {
  readonly type = 'OrderChanged';
  constructor(
    readonly orderId: string,
    readonly accountId: string,
    readonly status: OrderStatus,
  ) {}
}

/** The pubsub topic the subscription layer publishes OrderChanged on (app/subscriptions.ts). */
export const ORDER_UPDATED_TOPIC = 'ORDER_UPDATED';

/** What travels on ORDER_UPDATED_TOPIC: ids only; each subscriber re-reads the order as its viewer. */
export interface OrderUpdatedPayload {
  orderId: string;
  accountId: string;
  status: OrderStatus;
}

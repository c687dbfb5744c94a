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

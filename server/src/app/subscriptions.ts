import type { EventBus } from '../common/events.js';
import { OrderChanged, ORDER_UPDATED_TOPIC, type OrderUpdatedPayload } from '../modules/order/order.events.js';
import type { PubSub } from './schema.js';

/**
 * Bridges committed domain events to GraphQL subscription topics (services never see the pubsub).
 * Payloads carry ids only: each subscriber re-reads what changed with its own visibility.
 */
export function publishToSubscriptions(eventBus: EventBus, pubSub: PubSub): () => void {
  return eventBus.subscribe((event) => {
    if (event instanceof OrderChanged) {
      const payload: OrderUpdatedPayload = { orderId: event.orderId, accountId: event.accountId, status: event.status };
      pubSub.publish(ORDER_UPDATED_TOPIC, payload);
    }
  });
}

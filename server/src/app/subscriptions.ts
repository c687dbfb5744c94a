import { ORDER_UPDATED_TOPIC, type OrderUpdatedPayload } from '../modules/order/order.events.js';
import type { PubSub } from './schema.js';
import type { Services } from './services.js';

/**
 * Bridges committed changes to GraphQL subscription topics (services never see the pubsub). Payloads carry
 * ids only: each subscriber re-reads what changed with its own visibility.
 *
 * `orderUpdated` follows the order event tail, which is woken by this process's own commits at once and by
 * other instances' commits through LISTEN/NOTIFY. One path only: publishing local changes from the event
 * bus as well raced with a tail read already in flight and delivered some changes twice.
 */
export function publishToSubscriptions(services: Pick<Services, 'orderEvents'>, pubSub: PubSub): () => void {
  return services.orderEvents.tail.attach((rows) => {
    for (const row of rows) {
      const payload: OrderUpdatedPayload = { orderId: row.orderId, accountId: row.accountId, status: row.orderStatus };
      pubSub.publish(ORDER_UPDATED_TOPIC, payload);
    }
  });
}

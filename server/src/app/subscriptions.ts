import {
  OrderChanged,
  OrderEventRecorded,
  ORDER_UPDATED_TOPIC,
  type OrderUpdatedPayload,
} from '../modules/order/order.events.js';
import type { PubSub } from './schema.js';
import type { Services } from './services.js';

/** History entries this process published itself, awaiting their turn in the tail (bounded). */
const MAX_LOCAL_IDS = 10_000;

/**
 * Bridges committed changes to GraphQL subscription topics (services never see the pubsub). Payloads carry
 * ids only: each subscriber re-reads what changed with its own visibility.
 *
 * `orderUpdated` hears local changes from the in-process event bus at once, and changes committed by other
 * instances from the order event tail (woken by LISTEN/NOTIFY); history entries this process raised itself
 * are skipped there, so each local change is published once.
 */
export function publishToSubscriptions(
  services: Pick<Services, 'eventBus' | 'orderEvents'>,
  pubSub: PubSub,
): () => void {
  const local = new Set<string>();
  const publish = (payload: OrderUpdatedPayload) => pubSub.publish(ORDER_UPDATED_TOPIC, payload);
  const offBus = services.eventBus.subscribe((event) => {
    if (event instanceof OrderChanged) {
      publish({ orderId: event.orderId, accountId: event.accountId, status: event.status });
    } else if (event instanceof OrderEventRecorded && event.eventId !== null) {
      if (local.size >= MAX_LOCAL_IDS) local.clear();
      local.add(event.eventId);
    }
  });
  const offTail = services.orderEvents.tail.attach((rows) => {
    for (const row of rows) {
      if (local.delete(row.id)) continue;
      publish({ orderId: row.orderId, accountId: row.accountId, status: row.orderStatus });
    }
  });
  return () => {
    offBus();
    offTail();
  };
}

import { createQuery, createSubscription } from '@urql/solid';
import { OrderEventCursorDocument, OrdersLiveDocument } from '../generated/graphql';

/**
 * The order event stream for a live page, without a seam: the stream's cursor is read first, and the
 * subscription starts right after it. A page loading its list at the same time therefore hears of every change
 * its list may have missed (replayed from the cursor), instead of only those after the subscription reached
 * the server. Returns the subscription's state; each new `orderEvents.cursor` means "refetch".
 */
export function createLiveOrderEvents() {
  const [start] = createQuery({ query: OrderEventCursorDocument, requestPolicy: 'network-only' });
  const [live] = createSubscription({
    query: OrdersLiveDocument,
    variables: () => ({ after: start.data?.orderEventCursor }),
    pause: () => !start.data,
  });
  return live;
}

import type { StateStore, StateStores } from '../session/state-stores.js';

/**
 * Where each contractor's offer card for an order is (chat + message), so that when someone else takes
 * the order the card can be edited to say so. Stored (BOT_STATE): cards outlive restarts, and with the server's
 * store an instance edits the cards another one sent.
 */
export class OfferCards {
  private readonly store: StateStore<{ messageId: number }>;

  constructor(stores: StateStores) {
    this.store = stores('offer-cards');
  }

  private key(chatId: string, orderId: string) {
    return `${chatId}_${orderId}`;
  }

  async remember(chatId: string, orderId: string, messageId: number): Promise<void> {
    await this.store.write(this.key(chatId, orderId), { messageId });
  }

  /** The card's message id, forgotten at the same time (a card is edited once). */
  async take(chatId: string, orderId: string): Promise<number | undefined> {
    const card = await this.store.read(this.key(chatId, orderId));
    if (card) await this.store.delete(this.key(chatId, orderId));
    return card?.messageId;
  }
}

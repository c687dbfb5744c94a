import type { StateStore, StateStores } from '../session/state-stores.js';

/**
 * Chats that blocked the bot: their notifications are skipped (and acknowledged) instead of retried
 * forever. Marked when Telegram refuses a send (403) or tells the bot it was blocked; unmarked when the person
 * unblocks the bot, writes to it or presses a button (bot/create-bot.ts).
 */
export class BlockedChats {
  private readonly store: StateStore<{ since: string }>;
  /** What this process knows, when nobody else writes the store (a shared one is read every time). */
  private readonly known: Map<string, boolean> | undefined;

  constructor(stores: StateStores) {
    this.store = stores('blocked-chats');
    this.known = this.store.shared ? undefined : new Map();
  }

  async isBlocked(chatId: string): Promise<boolean> {
    const cached = this.known?.get(chatId);
    if (cached !== undefined) return cached;
    const blocked = (await this.store.read(chatId)) !== undefined;
    this.known?.set(chatId, blocked);
    return blocked;
  }

  async mark(chatId: string): Promise<void> {
    this.known?.set(chatId, true);
    await this.store.write(chatId, { since: new Date().toISOString() });
  }

  async unmark(chatId: string): Promise<void> {
    if (!(await this.isBlocked(chatId))) return;
    this.known?.set(chatId, false);
    await this.store.delete(chatId);
  }
}

import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.js';

/**
 * One chat's updates are handled one after another, in the order they arrived; different chats' updates run at
 * the same time. Long polling hands over one update at a time anyway, but a webhook gets Telegram's requests
 * concurrently: without this, a double press of "Create order" or two quick messages both read the same stored
 * conversation, and both acted on it (two orders, or the second message's step lost).
 *
 * An update waits for its chat's previous one to end however that ends (handled, failed); every Bot API and
 * server call has a deadline, so no chat waits forever. Updates without a chat or a sender go straight through.
 */
export function oneUpdateAtATimePerChat(): MiddlewareFn<BotContext> {
  const lastOf = new Map<number, Promise<void>>();
  return async (ctx, next) => {
    const chat = ctx.chatId ?? ctx.from?.id;
    if (chat === undefined) return next();
    const previous = lastOf.get(chat);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    lastOf.set(chat, mine);
    try {
      if (previous) await previous;
      await next();
    } finally {
      done();
      // The last update of a quiet chat leaves nothing behind.
      if (lastOf.get(chat) === mine) lastOf.delete(chat);
    }
  };
}

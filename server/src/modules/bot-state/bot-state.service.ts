import type { Ctx } from '../../common/context.js';
import { forbidden, invalidInput, unauthenticated } from '../../common/errors.js';
import { queryRows } from '../../common/sql.js';

/** What one entry may be: a store name, a key in it, and its value as JSON text. */
export const BOT_STATE_LIMITS = { store: 40, key: 200, valueCharacters: 64 * 1024 } as const;

const STORE_NAME = /^[a-z][a-z0-9-]*$/;

/** Only the bot service itself (its token, no acting user): a person must never read another chat's state. */
function botOnly(ctx: Ctx): void {
  if (ctx.principal.kind === 'anonymous') throw unauthenticated();
  if (ctx.principal.kind !== 'bot') throw forbidden('Only the bot service keeps bot state');
}

/** Checks a store name and a key. */
export function checkBotStateKey(store: string, key: string): void {
  if (store.length > BOT_STATE_LIMITS.store || !STORE_NAME.test(store)) {
    throw invalidInput('store', `must be 1..${BOT_STATE_LIMITS.store} of a-z 0-9 -, starting with a letter`, {
      max: BOT_STATE_LIMITS.store,
    });
  }
  if (key.length < 1 || key.length > BOT_STATE_LIMITS.key) {
    throw invalidInput('key', `must be 1..${BOT_STATE_LIMITS.key} characters`, { min: 1, max: BOT_STATE_LIMITS.key });
  }
}

/** The value as the JSON text it is kept as, if it is not too long. */
export function botStateText(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  if (text.length > BOT_STATE_LIMITS.valueCharacters) {
    throw invalidInput('value', `must be at most ${BOT_STATE_LIMITS.valueCharacters} characters as JSON`, {
      max: BOT_STATE_LIMITS.valueCharacters,
    });
  }
  return text;
}

/**
 * The bot's state kept for every bot instance alike (PRODUCT.md §11): chat sessions, offer cards, blocked
 * chats. A key's last write wins, as with any session storage.
 */
export class BotStateService {
  async read(ctx: Ctx, store: string, key: string): Promise<Record<string, unknown> | null> {
    botOnly(ctx);
    checkBotStateKey(store, key);
    const [row] = await queryRows<{ value: string }>(
      ctx.em,
      `SELECT value FROM bot_state WHERE store = $1 AND key = $2`,
      [store, key],
    );
    return row ? (JSON.parse(row.value) as Record<string, unknown>) : null;
  }

  async write(ctx: Ctx, store: string, key: string, value: Record<string, unknown>): Promise<void> {
    botOnly(ctx);
    checkBotStateKey(store, key);
    await ctx.em.query(
      `INSERT INTO bot_state (store, key, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (store, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [store, key, botStateText(value), ctx.clock.now()],
    );
  }

  /** True when there was a value to delete. */
  async delete(ctx: Ctx, store: string, key: string): Promise<boolean> {
    botOnly(ctx);
    checkBotStateKey(store, key);
    const rows = await queryRows(ctx.em, `DELETE FROM bot_state WHERE store = $1 AND key = $2 RETURNING 1`, [
      store,
      key,
    ]);
    return rows.length > 0;
  }
}

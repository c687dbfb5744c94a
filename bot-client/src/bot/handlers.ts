import type { Composer } from 'grammy';
import type { CallbackData, CallbackValue } from './callback-data.js';
import type { BotContext, Viewer } from './context.js';
import { answerStale, isCurrentMenu } from './menu.js';

type Role = Viewer['role'];
export type SignedInContext = BotContext & { viewer: Viewer };

/**
 * Handles presses of one kind of button. `menu`: the button only acts on the current menu message
 * (older copies say they are stale); `roles`: who may press it (others are told it is not for them).
 */
export function onButton<S extends Record<string, 'uuid' | 'int' | 'word'>>(
  composer: Composer<BotContext>,
  codec: CallbackData<S>,
  options: { menu?: boolean; roles?: readonly Role[] },
  handler: (ctx: SignedInContext, value: CallbackValue<S>) => Promise<void>,
): void {
  composer.callbackQuery(codec.pattern, async (ctx) => {
    const value = codec.decode(ctx.callbackQuery.data);
    if (!value || (options.menu && !isCurrentMenu(ctx))) return answerStale(ctx);
    if (!ctx.viewer) return void (await ctx.answerCallbackQuery({ text: ctx.t('not-registered'), show_alert: true }));
    if (options.roles && !options.roles.includes(ctx.viewer.role)) {
      return void (await ctx.answerCallbackQuery({ text: ctx.t('not-for-your-role'), show_alert: true }));
    }
    await handler(ctx as SignedInContext, value);
  });
}

/** True for a staff member (OWNER can do everything a MANAGER can, R-USR-2). */
export const isStaff = (viewer: Viewer | null): boolean => viewer?.role === 'MANAGER' || viewer?.role === 'OWNER';

/** A command (/start, /orders, …) is never taken as the answer to a prompt: commands always work. */
export function isCommand(ctx: BotContext): boolean {
  return ctx.message?.entities?.some((e) => e.type === 'bot_command' && e.offset === 0) ?? false;
}

/** The server's length of a reason (release, unassign, cancel by staff). */
export const REASON_MAX = 500;

/**
 * The reason typed in a prompt, or undefined after telling the person what is expected (blank, or longer than
 * the server keeps): the prompt stays open, instead of the server refusing it with an error.
 */
export async function reasonOf(ctx: BotContext, text: string): Promise<string | undefined> {
  const reason = text.trim();
  if (reason && reason.length <= REASON_MAX) return reason;
  await ctx.reply(ctx.t('reason-format', { max: REASON_MAX }));
  return undefined;
}

/**
 * A text longer than the server takes is asked for again with the limit, never cut: what the person wrote is
 * kept whole or not at all. True when it was too long (and the person was told).
 */
export async function tooLong(ctx: BotContext, text: string, max: number): Promise<boolean> {
  if (text.length <= max) return false;
  await ctx.reply(ctx.t('text-too-long', { max, length: text.length }));
  return true;
}

import { GrammyError, type InlineKeyboard } from 'grammy';
import { TEXT_LIMIT, splitHtml, visibleLength } from '../notifications/telegram-limits.js';
import type { BotContext } from './context.js';

/**
 * `html` within Telegram's 4096 characters: cut (tags kept balanced) with an ellipsis when longer. Telegram
 * refuses a longer text, and a refused menu would leave the person with an error and the flow where it was.
 */
export function fitText(html: string): string {
  if (visibleLength(html) <= TEXT_LIMIT) return html;
  return `${splitHtml(html, TEXT_LIMIT - 1)[0] ?? ''}…`;
}

/**
 * Shows a menu: edits the menu message the pressed button belongs to, otherwise sends a new one and
 * removes the previous menu, so menus never pile up. The shown message becomes the current menu.
 */
export async function showMenu(ctx: BotContext, html: string, keyboard?: InlineKeyboard): Promise<void> {
  const text = fitText(html);
  const pressed = ctx.callbackQuery?.message?.message_id;
  const options = { parse_mode: 'HTML' as const, reply_markup: keyboard, link_preview_options: { is_disabled: true } };
  if (pressed !== undefined && pressed === ctx.session.menuMessageId) {
    try {
      await ctx.editMessageText(text, options);
      return;
    } catch (error) {
      if (isNotModified(error)) return;
      // The menu message is gone (deleted in the chat): send a fresh one instead.
      if (!(error instanceof GrammyError)) throw error;
    }
  }
  const previous = ctx.session.menuMessageId;
  const sent = await ctx.reply(text, options);
  ctx.session.menuMessageId = sent.message_id;
  if (previous !== undefined) await removeMessage(ctx, previous);
}

/** Says something as a new message (not a menu: the current menu stays where it is). */
export async function say(ctx: BotContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  await ctx.reply(fitText(text), {
    parse_mode: 'HTML',
    reply_markup: keyboard,
    link_preview_options: { is_disabled: true },
  });
}

/** True when the pressed button sits on the current menu message (older menus are stale). */
export function isCurrentMenu(ctx: BotContext): boolean {
  const pressed = ctx.callbackQuery?.message?.message_id;
  return pressed !== undefined && pressed === ctx.session.menuMessageId;
}

/** Answers a stale button press instead of acting on it. */
export async function answerStale(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t('stale-button'), show_alert: true });
}

/** Deletes a message from the chat; one that is already gone is fine. */
export async function removeMessage(ctx: BotContext, messageId: number): Promise<void> {
  try {
    await ctx.api.deleteMessage(ctx.chat!.id, messageId);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
  }
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes('message is not modified');
}

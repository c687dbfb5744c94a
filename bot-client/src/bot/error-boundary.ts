import { GrammyError, HttpError, type BotError } from 'grammy';
import { ApiRequestError, ApiTimeoutError } from '../api.js';
import type { Logger } from '../logger.js';
import { DEFAULT_TIME_ZONE } from '../render/format.js';
import { fetchBillingTimeZone } from './billing-time-zone.js';
import type { BotContext } from './context.js';
import { refusalText } from './refusal-text.js';

/** Logs what went wrong and tells the person, so nobody is left waiting on a silent bot. */
export function errorBoundary(logger: Logger) {
  return async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const cause = error.error;
    // A server that did not answer in time gets the general "try again a bit later" (error-unexpected).
    const code =
      cause instanceof ApiRequestError
        ? cause.errors[0]?.extensions?.code
        : cause instanceof ApiTimeoutError
          ? cause.code
          : undefined;
    logger.error(
      {
        updateId: ctx.update.update_id,
        chatId: ctx.chat?.id,
        code,
        err: cause instanceof GrammyError || cause instanceof HttpError ? cause.message : cause,
      },
      'update failed',
    );
    try {
      const text = await textFor(ctx, cause, code);
      if (ctx.callbackQuery) {
        try {
          await ctx.answerCallbackQuery({ text, show_alert: true });
          return;
        } catch (answerError) {
          // Telegram refuses to answer a press after a while ("query is too old"), e.g. when the server was slow
          // to fail: say it in the chat instead.
          if (!ctx.chat) throw answerError;
          logger.warn({ err: answerError }, 'could not answer the button press; telling the chat instead');
        }
      }
      if (ctx.chat) await ctx.reply(text);
    } catch (replyError) {
      logger.warn({ err: replyError }, 'could not tell the user about an error');
    }
  };
}

/** The person's words for what went wrong: a refusal from its codes and fields, never the server's English. */
async function textFor(ctx: BotContext, cause: unknown, code: unknown): Promise<string> {
  if (code === 'NOT_FOUND') return ctx.t('error-not-found');
  const refusal =
    cause instanceof ApiRequestError && cause.errors[0]
      ? await refusalText(cause.errors[0], {
          t: ctx.t,
          locale: ctx.locale,
          timeZone: () => fetchBillingTimeZone(ctx).catch(() => DEFAULT_TIME_ZONE),
        }).catch(() => undefined)
      : undefined;
  if (refusal) return refusal;
  return code === 'FORBIDDEN' ? ctx.t('error-forbidden') : ctx.t('error-unexpected');
}

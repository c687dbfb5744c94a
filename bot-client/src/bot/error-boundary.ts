import { GrammyError, HttpError, type BotError } from 'grammy';
import { ApiRequestError, ApiTimeoutError } from '../api.js';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';

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
    const text =
      code === 'FORBIDDEN'
        ? ctx.t('error-forbidden')
        : code === 'NOT_FOUND'
          ? ctx.t('error-not-found')
          : code === 'BAD_USER_INPUT'
            ? ctx.t('error-bad-input', { detail: cause instanceof ApiRequestError ? cause.message : '' })
            : ctx.t('error-unexpected');
    try {
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

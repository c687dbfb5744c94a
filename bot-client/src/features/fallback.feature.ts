import { Composer } from 'grammy';
import type { BotContext } from '../bot/context.js';
import { answerStale } from '../bot/menu.js';

/** What no feature handled: a button is stale (its flow or order moved on); a message gets a hint. */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', answerStale);

fallbackFeature.on('message', async (ctx) => {
  if (!ctx.viewer) {
    const hint = ctx.unknownPerson?.contactHint ?? '';
    return void (await ctx.reply(
      ctx.t(ctx.unknownPerson?.deactivated ? 'refuse-deactivated' : 'refuse-unknown', { hint }),
    ));
  }
  await ctx.reply(ctx.t('fallback-hint'));
});

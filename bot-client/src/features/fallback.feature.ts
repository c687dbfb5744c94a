import { Composer } from 'grammy';
import type { BotContext } from '../bot/context.js';
import type { Flow } from '../bot/flow.js';
import { answerStale } from '../bot/menu.js';

/** Prompts that take only typed text (the wizard and the order's conversation answer other messages themselves). */
const TEXT_PROMPTS = new Set<Flow['kind']>([
  'rateComment',
  'estimate',
  'releaseReason',
  'unassignReason',
  'staffCancelReason',
  'addUser',
  'newTariff',
  'tariffPrice',
  'tariffEdit',
  'invoicePaid',
]);

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
  // A prompt waiting for typed text got a sticker, a photo, a location…: say what it waits for (it stays open).
  if (ctx.session.flow && TEXT_PROMPTS.has(ctx.session.flow.kind) && !ctx.message.text) {
    return void (await ctx.reply(ctx.t('new-order-text-expected')));
  }
  await ctx.reply(ctx.t('fallback-hint'));
});

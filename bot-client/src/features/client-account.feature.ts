import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { onButton, type SignedInContext } from '../bot/handlers.js';
import { showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  MyContractorsDocument,
  MyTariffUsageDocument,
  OrderCardDocument,
  PinContractorDocument,
  UnpinContractorDocument,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { ratingKeyboard } from '../keyboards/order.keyboards.js';
import { contactLink, periodDaysOf } from '../render/format.js';

/** CLIENT: contractors who worked for the account (pin/unpin, contacts per tariff) and tariff usage. */
export const clientAccountFeature = new Composer<BotContext>();

const contractors = async (ctx: SignedInContext) => {
  const { myContractors, myAccount } = await ctx.gql.request(MyContractorsDocument, {});
  const canPin = myAccount.tariff?.canPinContractors ?? false;
  const keyboard = new InlineKeyboard();
  const lines = myContractors.map((c) => {
    const link = myAccount.tariff?.canSeeContractorContacts ? contactLink(c.contractor) : null;
    const name = escapeHtml(c.contractor.displayName);
    if (canPin) {
      keyboard
        .text(
          ctx.t(c.pinned ? 'button-unpin' : 'button-pin', { name: c.contractor.displayName }),
          callbacks.pin.encode({ contractorId: c.contractor.id, on: c.pinned ? 0 : 1 }),
        )
        .row();
    }
    return ctx.t('worked-contractor-line', {
      name: link ? `<a href="${escapeHtml(link)}">${name}</a>` : name,
      done: c.ordersDone,
      pinned: c.pinned ? '📌' : '',
    });
  });
  keyboard.text(ctx.t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
  const text = [
    ctx.t('worked-contractors-title'),
    ...(lines.length ? lines : [ctx.t('worked-contractors-none')]),
    ...(canPin ? [] : [ctx.t('pinning-not-in-tariff')]),
  ].join('\n');
  await showMenu(ctx, text, keyboard);
};
defineScreen('contractors', contractors);

/** Pins a contractor (R-ACC-4); a refusal is answered on the button and false returned. */
async function pin(ctx: SignedInContext, contractorId: string): Promise<boolean> {
  const { pinContractor: result } = await ctx.gql.request(PinContractorDocument, { contractorId });
  switch (result.__typename) {
    case 'ClientAccount':
      return true;
    case 'ContractorNotEligible':
      await ctx.answerCallbackQuery({ text: ctx.t('pin-not-eligible'), show_alert: true });
      return false;
    case 'PinningNotAllowed':
      await ctx.answerCallbackQuery({ text: ctx.t('pinning-not-in-tariff'), show_alert: true });
      return false;
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled pinContractor result ${JSON.stringify(unhandled)}`);
    }
  }
}

onButton(clientAccountFeature, callbacks.pin, { menu: true, roles: ['CLIENT'] }, async (ctx, { contractorId, on }) => {
  if (on) {
    if (!(await pin(ctx, contractorId))) return;
  } else {
    await ctx.gql.request(UnpinContractorDocument, { contractorId });
  }
  await contractors(ctx);
});

// The pin offer under an "order done" notification (not a menu): pins, says so, and leaves only what the
// message still offers — the rating, while the author has not rated the order yet.
onButton(clientAccountFeature, callbacks.pinOffered, { roles: ['CLIENT'] }, async (ctx, { orderId, contractorId }) => {
  if (!(await pin(ctx, contractorId))) return;
  await ctx.answerCallbackQuery({ text: ctx.t('pin-done'), show_alert: true });
  const { order } = await ctx.gql.request(OrderCardDocument, { id: orderId });
  const canRate = order.status === 'DONE' && order.rating == null && order.author.id === ctx.viewer.id;
  await ctx.editMessageReplyMarkup({ reply_markup: canRate ? ratingKeyboard(orderId) : new InlineKeyboard() });
});

defineScreen('usage', async (ctx) => {
  const { myAccount, billingTimeZone } = await ctx.gql.request(MyTariffUsageDocument, {});
  const usage = myAccount.usage;
  const tariff = myAccount.tariff;
  const text = [
    ctx.t('usage-title', { account: escapeHtml(myAccount.name), tariff: escapeHtml(tariff?.name ?? '—') }),
    ...(usage
      ? [
          ctx.t('usage-period', periodDaysOf(usage.periodStart, usage.periodEnd, ctx.locale, billingTimeZone)),
          ctx.t('usage-orders', { used: usage.used, allowed: usage.allowed ?? '∞' }),
          ctx.t('usage-open', { open: usage.open, max: usage.maxOpen }),
        ]
      : []),
    ...(tariff ? [ctx.t('usage-reaction', { minutes: tariff.reactionTimeMinutes })] : []),
  ].join('\n');
  await showMenu(ctx, text, backKeyboard(ctx.t));
});

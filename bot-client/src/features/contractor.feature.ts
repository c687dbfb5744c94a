import { Composer, InlineKeyboard } from 'grammy';
import { ApiRequestError } from '../api.js';
import { orderTimeZone } from '../bot/billing-time-zone.js';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton, reasonOf, type SignedInContext } from '../bot/handlers.js';
import { PAGE_SIZE, definePagedList } from '../bot/pager.js';
import { isCurrentMenu, say, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  AvailableOrdersDocument,
  CloseOrderDocument,
  MyEarningsDocument,
  OrderCardDocument,
  OrderCredentialsDocument,
  ReleaseOrderDocument,
  TakeOrderDocument,
  type TakeOrderMutation,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { orderActionsKeyboard } from '../keyboards/order-actions.keyboard.js';
import { cancelFlowKeyboard, estimateKeyboard } from '../keyboards/order.keyboards.js';
import { formatTime, periodDaysOf } from '../render/format.js';
import { renderOrderCard } from '../render/order.render.js';
import { showOrderPage } from './orders.feature.js';

/** CONTRACTOR: available orders, take with an estimate, credentials, release, close, earnings. */
export const contractorFeature = new Composer<BotContext>();

const loadAvailable = definePagedList('available', ['CONTRACTOR'], async (ctx, page, after) => {
  const { availableOrders } = await ctx.gql.request(AvailableOrdersDocument, {
    first: PAGE_SIZE,
    ...(after ? { after } : {}),
  });
  await showOrderPage(ctx, 'available', ctx.t('orders-available'), page, availableOrders);
});
const available = (ctx: SignedInContext) => loadAvailable(ctx, 0, undefined);
defineScreen('available', available);
contractorFeature.command('available', async (ctx, next) => {
  if (ctx.viewer?.role !== 'CONTRACTOR') return next();
  await available(ctx as SignedInContext);
});

// Take: first the estimate (R-ORD-3), on the same message (an offer card or the order card).
onButton(contractorFeature, callbacks.take, { roles: ['CONTRACTOR'] }, async (ctx, { orderId }) => {
  await ctx.editMessageReplyMarkup({ reply_markup: estimateKeyboard(ctx.t, orderId) });
  await ctx.answerCallbackQuery({ text: ctx.t('take-estimate') });
});

onButton(contractorFeature, callbacks.estimate, { roles: ['CONTRACTOR'] }, async (ctx, { orderId, hours }) => {
  const { takeOrder: result } = await ctx.gql.request(TakeOrderDocument, { orderId, estimateHours: hours });
  // A double press: the first press took it for this contractor; the second must not call the order gone.
  if (result.__typename === 'OrderAlreadyTaken' && (await heldBy(ctx, orderId))) {
    return void (await ctx.answerCallbackQuery({ text: ctx.t('take-already-yours') }));
  }
  if (result.__typename === 'Order') {
    // This card now shows the taken order; nothing will need to mark it gone.
    await ctx.deps.offerCards.take(String(ctx.chat!.id), orderId);
    await ctx.answerCallbackQuery({ text: ctx.t('take-done', { number: result.number }) });
    const text = `${ctx.t('take-done', { number: result.number })}\n\n${renderOrderCard(result, ctx.t, ctx.locale, await orderTimeZone(ctx, result.account))}`;
    await ctx.editMessageText(text, {
      parse_mode: 'HTML',
      // An offer card is not a menu: no way "back" from it; an order card opened from the menu keeps one.
      reply_markup: orderActionsKeyboard(ctx.t, ctx.viewer, result, isCurrentMenu(ctx)),
    });
    return;
  }
  const text = takeRefusal(ctx, result);
  await ctx.answerCallbackQuery({ text, show_alert: true });
  // The order is gone for good: the card says so instead of offering Take again.
  if (result.__typename === 'OrderAlreadyTaken')
    await ctx.editMessageText(text, { reply_markup: new InlineKeyboard() });
  else
    await ctx.editMessageReplyMarkup({
      reply_markup: new InlineKeyboard().text(ctx.t('button-take'), callbacks.take.encode({ orderId })),
    });
});

/** Whether the caller holds the order now (an order they cannot see is someone else's). */
async function heldBy(ctx: SignedInContext, orderId: string): Promise<boolean> {
  try {
    const { order } = await ctx.gql.request(OrderCardDocument, { id: orderId });
    return order.status === 'IN_PROGRESS' && order.contractor?.id === ctx.viewer.id;
  } catch (error) {
    if (error instanceof ApiRequestError) return false;
    throw error;
  }
}

function takeRefusal(
  ctx: BotContext,
  result: Exclude<TakeOrderMutation['takeOrder'], { __typename: 'Order' }>,
): string {
  switch (result.__typename) {
    case 'OrderAlreadyTaken':
      return ctx.t('take-gone');
    case 'ContractorAtCapacity':
      return ctx.t('take-at-capacity', { active: result.active, allowed: result.allowed });
    case 'NotPinnedContractor':
      // The caller may not read the order yet: the refusal names the zone (its account's, else TIMEZONE; R-SLA-6).
      return ctx.t('take-not-pinned', { time: formatTime(result.pinnedWindowEndsAt, ctx.locale, result.timeZone) });
    case 'CategoryNotServed':
      return ctx.t('take-category-not-served');
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled takeOrder result ${JSON.stringify(unhandled)}`);
    }
  }
}

// Credentials (R-ORD-4): only the holder gets them, as a separate message.
onButton(contractorFeature, callbacks.credentials, { roles: ['CONTRACTOR'] }, async (ctx, { orderId }) => {
  const { order } = await ctx.gql.request(OrderCredentialsDocument, { id: orderId });
  if (order.status !== 'IN_PROGRESS' || order.credentials == null) {
    return void (await ctx.answerCallbackQuery({ text: ctx.t('credentials-none'), show_alert: true }));
  }
  await say(ctx, ctx.t('credentials-show', { number: order.number, credentials: escapeHtml(order.credentials) }));
});

onButton(contractorFeature, callbacks.release, { roles: ['CONTRACTOR'] }, async (ctx, { orderId }) => {
  ctx.session.flow = { kind: 'releaseReason', orderId };
  await showMenu(ctx, ctx.t('release-reason'), cancelFlowKeyboard(ctx.t));
});

contractorFeature.on('message:text', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if (flow?.kind !== 'releaseReason' || ctx.viewer?.role !== 'CONTRACTOR') return next();
  const reason = await reasonOf(ctx, ctx.message.text);
  if (!reason) return;
  delete ctx.session.flow;
  const { releaseOrder: result } = await ctx.gql.request(ReleaseOrderDocument, { orderId: flow.orderId, reason });
  switch (result.__typename) {
    case 'Order':
      return showMenu(ctx, ctx.t('release-done', { number: result.number }), backKeyboard(ctx.t));
    case 'OrderNotHeld':
      return showMenu(ctx, ctx.t('order-not-held'), backKeyboard(ctx.t));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled releaseOrder result ${JSON.stringify(unhandled)}`);
    }
  }
});

onButton(contractorFeature, callbacks.close, { roles: ['CONTRACTOR'] }, async (ctx, { orderId }) => {
  const { closeOrder: result } = await ctx.gql.request(CloseOrderDocument, { orderId });
  switch (result.__typename) {
    case 'Order':
      return showMenu(ctx, ctx.t('close-done', { number: result.number }), backKeyboard(ctx.t));
    case 'OrderNotHeld':
      return showMenu(ctx, ctx.t('order-not-held'), backKeyboard(ctx.t));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled closeOrder result ${JSON.stringify(unhandled)}`);
    }
  }
});

defineScreen('earnings', async (ctx) => {
  const { myEarnings: now, payouts } = await ctx.gql.request(MyEarningsDocument, {});
  // R-BIL-1: each period's days in its own zone — a closed one keeps the TIMEZONE it was closed under.
  const period = (start: string, end: string, zone: string, orders: number, amount: string) =>
    ctx.t('earnings-line', { ...periodDaysOf(start, end, ctx.locale, zone), orders, amount });
  const text = [
    ctx.t('earnings-current'),
    period(now.from, now.to, now.timeZone, now.ordersClosed, now.amount),
    ...(payouts.nodes.length ? ['', ctx.t('earnings-title')] : []),
    ...payouts.nodes.map((p) => period(p.periodStart, p.periodEnd, p.periodTimeZone, p.ordersCount, p.amount)),
  ].join('\n');
  await showMenu(ctx, text, backKeyboard(ctx.t));
});

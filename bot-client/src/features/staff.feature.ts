import { Composer } from 'grammy';
import { fetchBillingTimeZone } from '../bot/billing-time-zone.js';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton, reasonOf, type SignedInContext } from '../bot/handlers.js';
import { say, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  AssignOrderDocument,
  CancelOrderDocument,
  ContractorLoadsDocument,
  CreateLoginLinkDocument,
  UnassignOrderDocument,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { cancelFlowKeyboard } from '../keyboards/order.keyboards.js';
import { assignEstimateKeyboard, assignKeyboard, type FreeContractor } from '../keyboards/staff.keyboards.js';
import { contactLink, formatTime } from '../render/format.js';

const STAFF = ['MANAGER', 'OWNER'] as const;

/** MANAGER (and OWNER): free contractors, assign / unassign, cancel with a reason, admin sign-in link. */
export const staffFeature = new Composer<BotContext>();

/** Active contractors with their load, free ones (below capacity) first, then the least busy. */
async function contractorLoads(ctx: BotContext): Promise<(FreeContractor & { active: number; free: boolean })[]> {
  const { contractors } = await ctx.gql.request(ContractorLoadsDocument, {});
  return contractors
    .map((c) => ({
      id: c.contractor.id,
      name: c.contractor.displayName,
      username: c.contractor.username,
      telegramId: c.contractor.telegramId,
      active: c.activeOrders,
      free: c.free,
    }))
    .sort((a, b) => Number(b.free) - Number(a.free) || a.active - b.active || a.name.localeCompare(b.name));
}

defineScreen('freeContractors', async (ctx) => {
  const contractors = await contractorLoads(ctx);
  const lines = contractors.map((c) => {
    const link = contactLink(c);
    const name = escapeHtml(c.name);
    return ctx.t('contractor-line', {
      name: link ? `<a href="${escapeHtml(link)}">${name}</a>` : name,
      active: c.active,
    });
  });
  const text = [ctx.t('contractors-free'), ...(lines.length ? lines : [ctx.t('contractors-none')])].join('\n');
  await showMenu(ctx, text, backKeyboard(ctx.t));
});

// Assign (R-ORD-8): pick the contractor, then the estimate; works from a warning card or an order card.
onButton(staffFeature, callbacks.assignList, { roles: STAFF }, async (ctx, { orderId }) => {
  const free = (await contractorLoads(ctx)).filter((c) => c.free);
  if (!free.length) return void (await ctx.answerCallbackQuery({ text: ctx.t('contractors-none'), show_alert: true }));
  await ctx.editMessageReplyMarkup({ reply_markup: assignKeyboard(ctx.t, orderId, free) });
});

onButton(staffFeature, callbacks.assign, { roles: STAFF }, async (ctx, { orderId, contractorId }) => {
  await ctx.editMessageReplyMarkup({ reply_markup: assignEstimateKeyboard(ctx.t, orderId, contractorId) });
  await ctx.answerCallbackQuery({ text: ctx.t('assign-estimate') });
});

onButton(staffFeature, callbacks.assignEstimate, { roles: STAFF }, async (ctx, { orderId, contractorId, hours }) => {
  const { assignOrder: result } = await ctx.gql.request(AssignOrderDocument, {
    orderId,
    contractorId,
    estimateHours: hours,
  });
  let text: string;
  switch (result.__typename) {
    case 'Order':
      text = ctx.t('assign-done', { number: result.number, name: escapeHtml(result.contractor?.displayName ?? '') });
      break;
    case 'OrderAlreadyTaken':
      text = ctx.t('take-gone');
      break;
    case 'ContractorAtCapacity':
      text = ctx.t('assign-at-capacity', { active: result.active, allowed: result.allowed });
      break;
    case 'ContractorInactive':
      text = ctx.t('assign-inactive');
      break;
    case 'CategoryNotServed':
      text = ctx.t('assign-category-not-served');
      break;
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled assignOrder result ${JSON.stringify(unhandled)}`);
    }
  }
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await say(ctx, text);
});

onButton(staffFeature, callbacks.unassign, { roles: STAFF }, async (ctx, { orderId }) => {
  ctx.session.flow = { kind: 'unassignReason', orderId };
  await say(ctx, ctx.t('unassign-reason'), cancelFlowKeyboard(ctx.t));
});

onButton(staffFeature, callbacks.staffCancel, { roles: STAFF }, async (ctx, { orderId }) => {
  ctx.session.flow = { kind: 'staffCancelReason', orderId };
  await say(ctx, ctx.t('cancel-reason'), cancelFlowKeyboard(ctx.t));
});

staffFeature.on('message:text', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if ((flow?.kind !== 'unassignReason' && flow?.kind !== 'staffCancelReason') || !ctx.viewer) return next();
  const reason = await reasonOf(ctx, ctx.message.text);
  if (!reason) return;
  delete ctx.session.flow;
  if (flow.kind === 'unassignReason') {
    const { unassignOrder: result } = await ctx.gql.request(UnassignOrderDocument, { orderId: flow.orderId, reason });
    switch (result.__typename) {
      case 'Order':
        return say(ctx, ctx.t('unassign-done', { number: result.number }));
      case 'OrderNotInProgress':
        return say(ctx, ctx.t('unassign-not-in-progress', { status: ctx.t(`status-${result.status}`) }));
      default: {
        const unhandled: never = result;
        throw new Error(`unhandled unassignOrder result ${JSON.stringify(unhandled)}`);
      }
    }
  }
  const { cancelOrder: result } = await ctx.gql.request(CancelOrderDocument, { orderId: flow.orderId, reason });
  switch (result.__typename) {
    case 'Order':
      return say(ctx, ctx.t('order-cancelled', { number: result.number }));
    case 'OrderNotCancellable':
      return say(ctx, ctx.t('order-not-cancellable', { status: ctx.t(`status-${result.status}`) }));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled cancelOrder result ${JSON.stringify(unhandled)}`);
    }
  }
});

const loginLink = async (ctx: SignedInContext) => {
  // Staff have no account zone: the expiry is shown in TIMEZONE, which a mutation cannot ask for with its data.
  const [{ createLoginLink: link }, timeZone] = await Promise.all([
    ctx.gql.request(CreateLoginLinkDocument, {}),
    fetchBillingTimeZone(ctx),
  ]);
  await showMenu(
    ctx,
    ctx.t('login-link', { url: escapeHtml(link.url), until: formatTime(link.expiresAt, ctx.locale, timeZone) }),
    backKeyboard(ctx.t),
  );
};
defineScreen('loginLink', loginLink);
staffFeature.command('login', async (ctx, next) => {
  if (ctx.viewer?.role !== 'MANAGER' && ctx.viewer?.role !== 'OWNER') return next();
  await loginLink(ctx as SignedInContext);
});

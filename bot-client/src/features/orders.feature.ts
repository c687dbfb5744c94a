import { Composer } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import type { Viewer } from '../bot/context.js';
import { isCommand, isStaff, onButton, tooLong, type SignedInContext } from '../bot/handlers.js';
import { PAGE_SIZE, definePagedList, pageRange, pageShown } from '../bot/pager.js';
import { answerStale, say, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  CancelOrderDocument,
  OrderCardDocument,
  OrderListDocument,
  RateOrderDocument,
  type OrderFilter,
  type OrderListQuery,
  type RateOrderMutation,
} from '../generated/graphql.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { orderActionsKeyboard } from '../keyboards/order-actions.keyboard.js';
import { orderListKeyboard, ratingKeyboard, skipKeyboard } from '../keyboards/order.keyboards.js';
import { renderOrderCard } from '../render/order.render.js';

/** Order lists and cards for every role, and the client's cancel and rating. */
export const ordersFeature = new Composer<BotContext>();

/** Shows one page of a list of orders as buttons (or says there are none). */
export async function showOrderPage(
  ctx: SignedInContext,
  list: string,
  title: string,
  page: number,
  orders: Pick<OrderListQuery['orders'], 'nodes' | 'pageInfo' | 'totalCount'>,
): Promise<void> {
  if (!orders.nodes.length) return showMenu(ctx, `${title}\n\n${ctx.t('orders-none')}`, backKeyboard(ctx.t));
  const paging = pageShown(ctx, list, page, orders.pageInfo);
  const range = pageRange(ctx, page, orders.nodes.length, orders.totalCount);
  await showMenu(
    ctx,
    range ? `${title} · ${range}` : title,
    orderListKeyboard(ctx.t, ctx.locale, orders.nodes, paging),
  );
}

/** A paged list of orders under a filter: the first page when opened, later ones by its paging buttons. */
function orderList(
  list: string,
  roles: readonly Viewer['role'][],
  describe: (ctx: SignedInContext) => { title: string; filter: OrderFilter },
) {
  const load = definePagedList(list, roles, async (ctx, page, after) => {
    const { title, filter } = describe(ctx);
    const { orders } = await ctx.gql.request(OrderListDocument, {
      filter,
      first: PAGE_SIZE,
      ...(after ? { after } : {}),
    });
    await showOrderPage(ctx, list, title, page, orders);
  });
  return (ctx: SignedInContext) => load(ctx, 0, undefined);
}

const STAFF = ['MANAGER', 'OWNER'] as const;

const openOrders = orderList('openOrders', STAFF, (ctx) => ({
  title: ctx.t('orders-open'),
  filter: { statuses: ['NEW', 'IN_PROGRESS'] },
}));

/** /orders: a client's account orders, a contractor's orders in work, staff the open ones. */
const ownOrders = orderList('myOrders', ['CLIENT', 'CONTRACTOR'], (ctx) => ({
  title: ctx.t('orders-mine'),
  filter:
    ctx.viewer.role === 'CONTRACTOR'
      ? { contractorId: ctx.viewer.id, statuses: ['IN_PROGRESS'] }
      : { statuses: ['NEW', 'IN_PROGRESS', 'DONE'] },
}));
const myOrders = (ctx: SignedInContext) => (isStaff(ctx.viewer) ? openOrders(ctx) : ownOrders(ctx));

defineScreen('myOrders', myOrders);
defineScreen('openOrders', openOrders);
defineScreen(
  'atRisk',
  orderList('atRisk', STAFF, (ctx) => ({ title: ctx.t('orders-at-risk'), filter: { atRisk: true } })),
);

ordersFeature.command('orders', async (ctx, next) => {
  // Unknown people are refused by the fallback (R-USR-1), as for every other command.
  if (!ctx.viewer) return next();
  await myOrders(ctx as SignedInContext);
});

/** An order's card with the viewer's actions, in place of the current menu. */
export async function showOrderCard(ctx: SignedInContext, orderId: string): Promise<void> {
  const { order, billingTimeZone } = await ctx.gql.request(OrderCardDocument, { id: orderId });
  await showMenu(
    ctx,
    renderOrderCard(order, ctx.t, ctx.locale, billingTimeZone),
    orderActionsKeyboard(ctx.t, ctx.viewer, order),
  );
}

// Not menu-bound: notifications carry this button too; the card always shows the order as it is now.
onButton(ordersFeature, callbacks.orderCard, {}, (ctx, { orderId }) => showOrderCard(ctx, orderId));

onButton(ordersFeature, callbacks.cancelOrder, { menu: true, roles: ['CLIENT'] }, async (ctx, { orderId }) => {
  const { cancelOrder: result } = await ctx.gql.request(CancelOrderDocument, { orderId });
  switch (result.__typename) {
    case 'Order':
      return showMenu(ctx, ctx.t('order-cancelled', { number: result.number }), backKeyboard(ctx.t));
    case 'OrderNotCancellable':
      return showMenu(
        ctx,
        ctx.t('order-not-cancellable', { status: ctx.t(`status-${result.status}`) }),
        backKeyboard(ctx.t),
      );
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled cancelOrder result ${JSON.stringify(unhandled)}`);
    }
  }
});

// Rating (R-ORD-10), given once: 0 stars asks for the stars; 1..5 asks for an optional comment, and the
// rating is sent with it (or without, on Skip).
onButton(ordersFeature, callbacks.rate, { roles: ['CLIENT'] }, async (ctx, { orderId, stars }) => {
  if (stars === 0) return showMenu(ctx, ctx.t('rate-choose'), ratingKeyboard(orderId));
  if (stars < 1 || stars > 5) return answerStale(ctx);
  ctx.session.flow = { kind: 'rateComment', orderId, stars };
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await say(ctx, ctx.t('rate-comment', { stars: '★'.repeat(stars) }), skipKeyboard(ctx.t));
});

onButton(ordersFeature, callbacks.skipStep, {}, async (ctx) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'rateComment') return answerStale(ctx);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await rate(ctx, flow.orderId, flow.stars);
});

/** The server's length of a rating comment (R-ORD-10). */
const RATING_COMMENT_MAX = 1000;

ordersFeature.on('message:text', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if (flow?.kind !== 'rateComment' || !ctx.viewer) return next();
  // The server keeps a comment of up to 1000 characters; a longer one is asked for again (the stars are kept).
  if (await tooLong(ctx, ctx.message.text, RATING_COMMENT_MAX)) return;
  await rate(ctx, flow.orderId, flow.stars, ctx.message.text);
});

async function rate(ctx: BotContext, orderId: string, rating: number, comment?: string): Promise<void> {
  delete ctx.session.flow;
  const { rateOrder: result } = await ctx.gql.request(RateOrderDocument, {
    orderId,
    rating,
    ...(comment ? { comment } : {}),
  });
  await say(ctx, rateResultText(ctx, result));
}

function rateResultText(ctx: BotContext, result: RateOrderMutation['rateOrder']): string {
  switch (result.__typename) {
    case 'Order':
      return ctx.t('rate-done', { number: result.number, stars: '★'.repeat(result.rating ?? 0) });
    case 'OrderNotRatable':
      return ctx.t(`rate-refused-${result.reason}`);
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled rateOrder result ${JSON.stringify(unhandled)}`);
    }
  }
}

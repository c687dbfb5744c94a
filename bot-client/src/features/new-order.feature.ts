import { randomUUID } from 'node:crypto';
import { Composer } from 'grammy';
import { orderTimeZone } from '../bot/billing-time-zone.js';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import type { Flow, OrderDraft } from '../bot/flow.js';
import { isCommand, onButton, tooLong, type SignedInContext } from '../bot/handlers.js';
import { answerStale, isCurrentMenu, removeMessage, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  CreateOrderDocument,
  MyTimeZoneDocument,
  NewOrderChoicesDocument,
  type CreateOrderMutation,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import {
  branchKeyboard,
  cancelFlowKeyboard,
  categoryKeyboard,
  confirmOrderKeyboard,
  itemsKeyboard,
} from '../keyboards/order.keyboards.js';
import { formatTime } from '../render/format.js';
import { cardItemLines, cardTextLines, renderOrderCard } from '../render/order.render.js';

/**
 * CLIENT: create an order — category → branch (if several) → cartridge items, or equipment and problem →
 * description → confirm, optionally with credentials, which the bot deletes from the chat once stored.
 * Each step is stored in the session, so a restart never loses a half-filled order.
 */
export const newOrderFeature = new Composer<BotContext>();

type NewOrderFlow = Extract<Flow, { kind: 'newOrder' }>;

/** The server's limits on a cartridge order (CreateOrderInput): lines per order and the quantity of one line. */
const ITEMS_MAX = 50;
const QUANTITY_MAX = 1000;
/** The server's limits on the order's texts (CreateOrderInput), in characters. */
const TEXT_MAX = { model: 100, equipment: 200, problem: 2000, description: 4000, credentials: 2000 } as const;

const start = async (ctx: SignedInContext) => {
  const choices = await ctx.gql.request(NewOrderChoicesDocument, {});
  ctx.session.flow = { kind: 'newOrder', step: 'category', draft: { items: [], requestKey: randomUUID() } };
  await showMenu(ctx, ctx.t('new-order-category'), categoryKeyboard(ctx.t, ctx.locale, choices.categories));
};

defineScreen('newOrder', start);
newOrderFeature.command('neworder', async (ctx, next) => {
  if (ctx.viewer?.role !== 'CLIENT') return next();
  await start(ctx as SignedInContext);
});

/** The wizard at `step`, or undefined (the button is stale). */
function flowAt(ctx: BotContext, ...steps: NewOrderFlow['step'][]): NewOrderFlow | undefined {
  const flow = ctx.session.flow;
  return flow?.kind === 'newOrder' && steps.includes(flow.step) ? flow : undefined;
}

onButton(newOrderFeature, callbacks.category, { menu: true, roles: ['CLIENT'] }, async (ctx, { categoryId }) => {
  const flow = flowAt(ctx, 'category');
  if (!flow) return answerStale(ctx);
  const choices = await ctx.gql.request(NewOrderChoicesDocument, {});
  const category = choices.categories.find((c) => c.id === categoryId);
  if (!category) return answerStale(ctx);
  flow.draft.categoryId = category.id;
  flow.draft.categoryKind = category.kind;
  flow.draft.categoryName = ctx.locale === 'ru' ? category.nameRu : category.nameEn;
  const own = choices.viewer.__typename === 'User' ? choices.viewer.branch?.id : undefined;
  const branches = orderableBranches(choices.myAccount.branches, own);
  if (branches.length > 1) {
    flow.step = 'branch';
    return showMenu(ctx, ctx.t('new-order-branch'), branchKeyboard(ctx.t, branches));
  }
  if (branches.length === 1) {
    flow.draft.branchId = branches[0]!.id;
    flow.draft.branchName = branches[0]!.name;
  }
  await askDetails(ctx, flow);
});

onButton(newOrderFeature, callbacks.branch, { menu: true, roles: ['CLIENT'] }, async (ctx, { branchId }) => {
  const flow = flowAt(ctx, 'branch');
  if (!flow) return answerStale(ctx);
  const choices = await ctx.gql.request(NewOrderChoicesDocument, {});
  const branch = choices.myAccount.branches.find((b) => b.id === branchId);
  if (!branch) return answerStale(ctx);
  flow.draft.branchId = branch.id;
  flow.draft.branchName = branch.name;
  await askDetails(ctx, flow);
});

onButton(newOrderFeature, callbacks.itemsDone, { menu: true, roles: ['CLIENT'] }, async (ctx) => {
  const flow = flowAt(ctx, 'items');
  if (!flow || !flow.draft.items.length) return answerStale(ctx);
  flow.step = 'description';
  await showMenu(ctx, ctx.t('new-order-description'), cancelFlowKeyboard(ctx.t));
});

onButton(newOrderFeature, callbacks.confirmOrder, { menu: true, roles: ['CLIENT'] }, async (ctx) => {
  const flow = flowAt(ctx, 'confirm', 'credentials');
  if (!flow) return answerStale(ctx);
  await create(ctx, flow.draft);
});

onButton(newOrderFeature, callbacks.addCredentials, { menu: true, roles: ['CLIENT'] }, async (ctx) => {
  const flow = flowAt(ctx, 'confirm');
  if (!flow) return answerStale(ctx);
  flow.step = 'credentials';
  await showMenu(ctx, ctx.t('new-order-credentials'), confirmOrderKeyboard(ctx.t));
});

// Leaves whatever is in progress (the wizard, a prompt, writing to an order).
onButton(newOrderFeature, callbacks.cancelFlow, {}, async (ctx) => {
  if (!ctx.session.flow) return answerStale(ctx);
  delete ctx.session.flow;
  if (isCurrentMenu(ctx)) return showMenu(ctx, ctx.t('cancelled'), backKeyboard(ctx.t));
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.answerCallbackQuery({ text: ctx.t('cancelled') });
});

newOrderFeature.on('message', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if (flow?.kind !== 'newOrder' || ctx.viewer?.role !== 'CLIENT') return next();
  const text = ctx.message.text?.trim();
  if (!text) return void (await ctx.reply(ctx.t('new-order-text-expected')));
  const draft = flow.draft;
  switch (flow.step) {
    case 'items': {
      if (draft.items.length >= ITEMS_MAX) {
        return void (await ctx.reply(ctx.t('new-order-items-max', { max: ITEMS_MAX }), { parse_mode: 'HTML' }));
      }
      const item = parseItem(text);
      if (!item) return void (await ctx.reply(ctx.t('new-order-item-format'), { parse_mode: 'HTML' }));
      if (await tooLong(ctx, item.model, TEXT_MAX.model)) return;
      // Refused here, not at the end: the server would refuse the whole order at "Create" (R-ORD-1).
      if (item.quantity > QUANTITY_MAX) {
        return void (await ctx.reply(ctx.t('new-order-item-quantity', { max: QUANTITY_MAX }), { parse_mode: 'HTML' }));
      }
      draft.items.push(item);
      const list = draft.items.map((i) => `• ${escapeHtml(i.model)} × ${i.quantity}`).join('\n');
      return showMenu(ctx, ctx.t('new-order-items-so-far', { list }), itemsKeyboard(ctx.t, true));
    }
    case 'equipment':
      if (await tooLong(ctx, text, TEXT_MAX.equipment)) return;
      draft.equipment = text;
      flow.step = 'problem';
      return showMenu(ctx, ctx.t('new-order-problem'), cancelFlowKeyboard(ctx.t));
    case 'problem':
      if (await tooLong(ctx, text, TEXT_MAX.problem)) return;
      draft.problem = text;
      flow.step = 'description';
      return showMenu(ctx, ctx.t('new-order-description'), cancelFlowKeyboard(ctx.t));
    case 'description':
      if (await tooLong(ctx, text, TEXT_MAX.description)) return;
      draft.description = text;
      flow.step = 'confirm';
      return showMenu(ctx, summary(ctx, draft), confirmOrderKeyboard(ctx.t));
    case 'credentials':
      // The credentials go straight to the server (encrypted there) and leave the chat at once; they are
      // never written to the session store.
      await removeMessage(ctx, ctx.message.message_id);
      // Over the limit they are still removed from the chat, and asked for again: nothing is stored or created.
      if (await tooLong(ctx, ctx.message.text!, TEXT_MAX.credentials)) return;
      await ctx.reply(ctx.t('new-order-credentials-removed'));
      return create(ctx as SignedInContext, draft, ctx.message.text!);
    case 'category':
    case 'branch':
    case 'confirm':
      return void (await ctx.reply(ctx.t('new-order-use-buttons')));
  }
});

async function askDetails(ctx: BotContext, flow: NewOrderFlow): Promise<void> {
  switch (flow.draft.categoryKind) {
    case 'CARTRIDGE':
      flow.step = 'items';
      return showMenu(ctx, ctx.t('new-order-items'), itemsKeyboard(ctx.t, false));
    case 'EQUIPMENT':
      flow.step = 'equipment';
      return showMenu(ctx, ctx.t('new-order-equipment'), cancelFlowKeyboard(ctx.t));
    default:
      flow.step = 'description';
      return showMenu(ctx, ctx.t('new-order-description'), cancelFlowKeyboard(ctx.t));
  }
}

function summary(ctx: BotContext, draft: OrderDraft): string {
  const lines = [
    ctx.t('new-order-summary'),
    ctx.t('order-category', { category: escapeHtml(draft.categoryName ?? '') }),
  ];
  if (draft.branchName) lines.push(ctx.t('order-branch', { branch: escapeHtml(draft.branchName) }));
  // Cut like the order's card: the summary is one message, within Telegram's 4096 characters.
  lines.push(...cardItemLines(draft.items, ctx.t), ...cardTextLines(draft, ctx.t));
  return lines.join('\n');
}

async function create(ctx: BotContext, draft: OrderDraft, credentials?: string): Promise<void> {
  const { createOrder: result } = await ctx.gql.request(CreateOrderDocument, {
    input: {
      categoryId: draft.categoryId!,
      description: draft.description!,
      ...(draft.branchId ? { branchId: draft.branchId } : {}),
      ...(draft.items.length ? { items: draft.items } : {}),
      ...(draft.equipment ? { equipment: draft.equipment } : {}),
      ...(draft.problem ? { problem: draft.problem } : {}),
      ...(credentials ? { credentials } : {}),
      ...(draft.requestKey ? { requestKey: draft.requestKey } : {}),
    },
  });
  delete ctx.session.flow;
  await showMenu(ctx, await createResultText(ctx, result), backKeyboard(ctx.t));
}

async function createResultText(ctx: BotContext, result: CreateOrderMutation['createOrder']): Promise<string> {
  switch (result.__typename) {
    case 'Order': {
      // R-SLA-6: the take-by time in the account's zone, else TIMEZONE.
      const card = renderOrderCard(result, ctx.t, ctx.locale, await orderTimeZone(ctx, result.account));
      return `${ctx.t('new-order-created', { number: result.number })}\n\n${card}`;
    }
    case 'AccountInactive':
      return ctx.t('refused-account-inactive');
    case 'InvoiceOverdue':
      return ctx.t('refused-invoice-overdue', { days: result.daysOverdue, grace: result.graceDays });
    case 'OrderLimitReached': {
      // A moment (the next period's start), shown like the client's other times: in the account's zone (R-SLA-6),
      // TIMEZONE when it has none — not the bot's default zone.
      const { myAccount, billingTimeZone } = await ctx.gql.request(MyTimeZoneDocument, {});
      return ctx.t('refused-order-limit', {
        used: result.used,
        allowed: result.allowed,
        until: formatTime(result.periodEnd, ctx.locale, myAccount.timeZone ?? billingTimeZone),
      });
    }
    case 'TooManyOpenOrders':
      return ctx.t('refused-too-many-open', { open: result.open, allowed: result.allowed });
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled createOrder result ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * A cartridge line as a person types it: "CE285A 2", "CE285A x2", "Canon 725 × 2", "Canon 725 2 шт" — a model
 * and a quantity (1 when left out). A bare number at the end is the quantity only when the model before it
 * has a digit of its own: "Canon 725" is one Canon 725, not 725 Canons; "Canon 725 2" is two of them.
 */
export function parseItem(text: string): { model: string; quantity: number } | undefined {
  const line = text.trim();
  const counted =
    /^(.+?)\s*[×*]\s*(\d+)$/.exec(line) ?? // × and * always mean "times"
    /^(.+?)\s+[xх]\s*(\d+)$/i.exec(line) ?? // a Latin or Cyrillic x only after a space: "Q2612X" is a model
    /^(.+?)\s+(\d+)\s*(?:шт|pcs|pc)\.?$/i.exec(line);
  const bare = /^(.+?)\s+(\d+)$/.exec(line);
  const [model, quantity] = counted
    ? [counted[1]!, Number(counted[2])]
    : bare && /\d/.test(bare[1]!)
      ? [bare[1]!, Number(bare[2])]
      : [line, 1];
  const name = model.trim();
  return name && quantity >= 1 ? { model: name, quantity } : undefined;
}

/** R-ACC-2: a member orders for their own branch subtree (all branches when they have none). */
function orderableBranches<B extends { id: string; parentId?: string | null }>(all: readonly B[], own?: string): B[] {
  if (!own) return [...all];
  const inSubtree = new Set([own]);
  for (let grown = true; grown;) {
    grown = false;
    for (const b of all) {
      if (b.parentId && inSubtree.has(b.parentId) && !inSubtree.has(b.id)) {
        inSubtree.add(b.id);
        grown = true;
      }
    }
  }
  return all.filter((b) => inSubtree.has(b.id));
}

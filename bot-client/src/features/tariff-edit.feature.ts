import { Composer } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import type { TariffTextField } from '../bot/flow.js';
import { isCommand, onButton, type SignedInContext } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import {
  TariffCardDocument,
  UpdateTariffDocument,
  type TariffCardFieldsFragment,
  type UpdateTariffInput,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { cancelFlowKeyboard } from '../keyboards/order.keyboards.js';
import { tariffCardKeyboard, tariffOrdersKeyboard } from '../keyboards/tariff-card.keyboard.js';

/** OWNER: one tariff's card — name, orders per period (or unlimited), reaction time, the two flags (R-TAR-1). */
export const tariffEditFeature = new Composer<BotContext>();

const OWNER = ['OWNER'] as const;
const TEXT_FIELDS: readonly TariffTextField[] = ['name', 'orders', 'reaction'];
// The server's ranges (UpdateTariffInput): refused here first, with the range in the answer.
const NAME_MAX = 100;
const ORDERS_MAX = 100_000;
const REACTION_MAX = 525_600;

function cardText(ctx: BotContext, tariff: TariffCardFieldsFragment, notice?: string): string {
  const yesNo = (on: boolean) => ctx.t(on ? 'tariff-yes' : 'tariff-no');
  const card = ctx.t('tariff-card', {
    name: escapeHtml(tariff.name),
    state: ctx.t(tariff.active ? 'tariff-active' : 'tariff-inactive'),
    price: tariff.currentPrice ?? '—',
    orders: tariff.ordersPerPeriod ?? ctx.t('tariff-unlimited'),
    minutes: tariff.reactionTimeMinutes,
    pin: yesNo(tariff.canPinContractors),
    contacts: yesNo(tariff.canSeeContractorContacts),
  });
  return notice ? `${notice}\n\n${card}` : card;
}

async function showCard(ctx: SignedInContext, tariffId: string, notice?: string): Promise<void> {
  const { tariff } = await ctx.gql.request(TariffCardDocument, { id: tariffId });
  await showMenu(ctx, cardText(ctx, tariff, notice), tariffCardKeyboard(ctx.t, tariff));
}

/** Sends the change and shows the card as it is now, or why the change was refused. */
async function update(ctx: SignedInContext, tariffId: string, input: UpdateTariffInput): Promise<void> {
  delete ctx.session.flow;
  const { updateTariff: result } = await ctx.gql.request(UpdateTariffDocument, { id: tariffId, input });
  switch (result.__typename) {
    case 'Tariff':
      return showMenu(ctx, cardText(ctx, result, ctx.t('tariff-saved')), tariffCardKeyboard(ctx.t, result));
    case 'TariffNameTaken':
      return showCard(ctx, tariffId, ctx.t('tariff-name-taken', { name: escapeHtml(result.name) }));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled updateTariff result ${JSON.stringify(unhandled)}`);
    }
  }
}

onButton(tariffEditFeature, callbacks.tariffCard, { menu: true, roles: OWNER }, async (ctx, { tariffId }) => {
  delete ctx.session.flow;
  await showCard(ctx, tariffId);
});

onButton(tariffEditFeature, callbacks.tariffEdit, { menu: true, roles: OWNER }, async (ctx, { tariffId, field }) => {
  const known = TEXT_FIELDS.find((f) => f === field);
  if (!known) return answerStale(ctx);
  ctx.session.flow = { kind: 'tariffEdit', tariffId, field: known };
  const keyboard = known === 'orders' ? tariffOrdersKeyboard(ctx.t, tariffId) : cancelFlowKeyboard(ctx.t);
  await showMenu(ctx, ctx.t(`tariff-${known}-prompt`, { max: maxOf(known) }), keyboard);
});

onButton(tariffEditFeature, callbacks.tariffUnlimited, { menu: true, roles: OWNER }, async (ctx, { tariffId }) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'tariffEdit' || flow.field !== 'orders' || flow.tariffId !== tariffId) return answerStale(ctx);
  await update(ctx, tariffId, { unlimitedOrders: true });
});

onButton(tariffEditFeature, callbacks.tariffFlag, { menu: true, roles: OWNER }, async (ctx, { tariffId, flag, on }) => {
  if (flag === 'pin') return update(ctx, tariffId, { canPinContractors: on === 1 });
  if (flag === 'contacts') return update(ctx, tariffId, { canSeeContractorContacts: on === 1 });
  await answerStale(ctx);
});

tariffEditFeature.on('message:text', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (isCommand(ctx) || flow?.kind !== 'tariffEdit' || ctx.viewer?.role !== 'OWNER') return next();
  const input = parseField(flow.field, ctx.message.text);
  if (!input) return void (await ctx.reply(ctx.t(`tariff-${flow.field}-format`, { max: maxOf(flow.field) })));
  await update(ctx as SignedInContext, flow.tariffId, input);
});

function maxOf(field: TariffTextField): number {
  return field === 'name' ? NAME_MAX : field === 'orders' ? ORDERS_MAX : REACTION_MAX;
}

/** A typed value for one field, as the change to send; undefined when it is out of the field's range. */
export function parseField(field: TariffTextField, text: string): UpdateTariffInput | undefined {
  const value = text.trim();
  if (field === 'name') return value.length >= 1 && value.length <= NAME_MAX ? { name: value } : undefined;
  const n = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= maxOf(field))) return undefined;
  return field === 'orders' ? { ordersPerPeriod: n } : { reactionTimeMinutes: n };
}

import { Composer } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton, type SignedInContext } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import {
  CreateTariffDocument,
  SetTariffActiveDocument,
  SetTariffPriceDocument,
  TariffListDocument,
  type CreateTariffInput,
  type CreateTariffMutation,
  type SetTariffPriceMutation,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { cancelFlowKeyboard } from '../keyboards/order.keyboards.js';
import { tariffsKeyboard } from '../keyboards/owner.keyboards.js';
import { formatDate } from '../render/format.js';

/** OWNER: tariffs (R-TAR-1, R-BIL-4): list, switch on/off, a new price, a new tariff. */
export const tariffsFeature = new Composer<BotContext>();

const OWNER = ['OWNER'] as const;
const PRICE = /^\d{1,10}(?:[.,]\d{1,2})?$/;

const tariffs = async (ctx: SignedInContext) => {
  const { tariffs } = await ctx.gql.request(TariffListDocument, {});
  const lines = tariffs.map((t) =>
    ctx.t('tariff-line', {
      name: escapeHtml(t.name),
      price: t.currentPrice ?? '—',
      orders: t.ordersPerPeriod ?? '∞',
      minutes: t.reactionTimeMinutes,
      state: ctx.t(t.active ? 'tariff-active' : 'tariff-inactive'),
    }),
  );
  await showMenu(ctx, [ctx.t('tariffs-title'), ...lines].join('\n'), tariffsKeyboard(ctx.t, tariffs));
};
defineScreen('tariffs', tariffs);

onButton(tariffsFeature, callbacks.tariffActive, { menu: true, roles: OWNER }, async (ctx, { tariffId, active }) => {
  const { updateTariff: result } = await ctx.gql.request(SetTariffActiveDocument, {
    id: tariffId,
    active: active === 1,
  });
  switch (result.__typename) {
    case 'Tariff':
      return tariffs(ctx);
    case 'TariffNameTaken':
      return answerStale(ctx);
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled updateTariff result ${JSON.stringify(unhandled)}`);
    }
  }
});

onButton(tariffsFeature, callbacks.tariffPrice, { menu: true, roles: OWNER }, async (ctx, { tariffId }) => {
  ctx.session.flow = { kind: 'tariffPrice', tariffId };
  await showMenu(ctx, ctx.t('tariff-price-prompt'), cancelFlowKeyboard(ctx.t));
});

onButton(tariffsFeature, callbacks.newTariff, { menu: true, roles: OWNER }, async (ctx) => {
  ctx.session.flow = { kind: 'newTariff' };
  await showMenu(ctx, ctx.t('tariff-new-prompt'), cancelFlowKeyboard(ctx.t));
});

tariffsFeature.on('message:text', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (isCommand(ctx) || ctx.viewer?.role !== 'OWNER') return next();
  if (flow?.kind === 'tariffPrice') {
    const price = ctx.message.text.trim().replace(',', '.');
    if (!PRICE.test(price)) return void (await ctx.reply(ctx.t('tariff-price-format')));
    delete ctx.session.flow;
    const { setTariffPrice: result } = await ctx.gql.request(SetTariffPriceDocument, {
      tariffId: flow.tariffId,
      price,
    });
    return showMenu(ctx, priceResultText(ctx, result), backKeyboard(ctx.t));
  }
  if (flow?.kind === 'newTariff') {
    const input = parseTariff(ctx.message.text);
    if (!input) return void (await ctx.reply(ctx.t('tariff-new-format')));
    delete ctx.session.flow;
    const { createTariff: result } = await ctx.gql.request(CreateTariffDocument, { input });
    return showMenu(ctx, createResultText(ctx, result), backKeyboard(ctx.t));
  }
  return next();
});

function priceResultText(ctx: BotContext, result: SetTariffPriceMutation['setTariffPrice']): string {
  switch (result.__typename) {
    case 'Tariff':
      return ctx.t('tariff-price-set', { name: escapeHtml(result.name), price: result.currentPrice ?? '—' });
    case 'PriceAlreadySetForMoment':
      return ctx.t('tariff-price-exists', { price: result.existingPrice });
    case 'PriceMomentInvoiced':
      // A period start is 00:00 in the TIMEZONE it was closed under (R-BIL-1): its day there, not in TIMEZONE now.
      return ctx.t('tariff-price-invoiced', {
        from: formatDate(result.invoicedPeriodStart, ctx.locale, result.invoicedPeriodTimeZone),
      });
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled setTariffPrice result ${JSON.stringify(unhandled)}`);
    }
  }
}

function createResultText(ctx: BotContext, result: CreateTariffMutation['createTariff']): string {
  switch (result.__typename) {
    case 'Tariff':
      return ctx.t('tariff-created', { name: escapeHtml(result.name) });
    case 'TariffNameTaken':
      return ctx.t('tariff-name-taken', { name: escapeHtml(result.name) });
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled createTariff result ${JSON.stringify(unhandled)}`);
    }
  }
}

const YES = /^(yes|y|да|д|\+)$/i;
const NO = /^(no|n|нет|н|-)$/i;

/** "Name; price; orders per period (0: unlimited); reaction minutes; can pin; sees contacts". */
export function parseTariff(text: string): CreateTariffInput | undefined {
  const parts = text.split(';').map((p) => p.trim());
  if (parts.length !== 6) return undefined;
  const [name, price, orders, minutes, pin, contacts] = parts as [string, string, string, string, string, string];
  const flag = (v: string) => (YES.test(v) ? true : NO.test(v) ? false : undefined);
  const ordersPerPeriod = /^\d{1,6}$/.test(orders) ? Number(orders) : NaN;
  const reaction = /^\d{1,6}$/.test(minutes) ? Number(minutes) : NaN;
  const canPin = flag(pin);
  const canSee = flag(contacts);
  if (!name || name.length > 100 || !PRICE.test(price.replace(',', '.'))) return undefined;
  if (Number.isNaN(ordersPerPeriod) || Number.isNaN(reaction) || reaction < 1) return undefined;
  if (canPin === undefined || canSee === undefined) return undefined;
  return {
    name,
    price: price.replace(',', '.'),
    // 0 stands for "unlimited" (R-TAR-1: ≥ 1 or unlimited).
    ...(ordersPerPeriod > 0 ? { ordersPerPeriod } : {}),
    reactionTimeMinutes: reaction,
    canPinContractors: canPin,
    canSeeContractorContacts: canSee,
  };
}

import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { OrderCardFieldsFragment } from '../generated/graphql.js';
import type { Locale, Translate } from '../i18n/i18n.js';
import { categoryName } from '../render/format.js';
import { renderOrderLine } from '../render/order.render.js';
import { addPagingRow, type Paging } from './paging.keyboard.js';

/** The categories to order in, one per row. */
export function categoryKeyboard(
  t: Translate,
  locale: Locale,
  categories: readonly { id: string; nameRu: string; nameEn: string }[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const c of categories)
    keyboard.text(categoryName(c, locale), callbacks.category.encode({ categoryId: c.id })).row();
  return keyboard.text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** The branches a member may order for. */
export function branchKeyboard(t: Translate, branches: readonly { id: string; name: string }[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const b of branches) keyboard.text(b.name, callbacks.branch.encode({ branchId: b.id })).row();
  return keyboard.text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** Under the cartridge list: finish it (once it has a line) or give up. */
export function itemsKeyboard(t: Translate, hasItems: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (hasItems) keyboard.text(t('button-items-done'), callbacks.itemsDone.encode({}));
  return keyboard.text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** The last step: create as is, add credentials first, or give up. */
export function confirmOrderKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('button-create-order'), callbacks.confirmOrder.encode({}))
    .row()
    .text(t('button-add-credentials'), callbacks.addCredentials.encode({}))
    .row()
    .text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** Only a way out (while a text is expected). */
export function cancelFlowKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** A prompt that may be skipped. */
export function skipKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('button-skip'), callbacks.skipStep.encode({}))
    .text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** A page of orders, one button each (opens its card), the paging buttons, then back. */
export function orderListKeyboard(
  t: Translate,
  locale: Locale,
  orders: readonly OrderCardFieldsFragment[],
  paging?: Paging,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const o of orders)
    keyboard.text(renderOrderLine(o, t, locale), callbacks.orderCard.encode({ orderId: o.id })).row();
  return addPagingRow(keyboard, t, paging).text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** 1..5 stars for a done order (R-ORD-10). */
export function ratingKeyboard(orderId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let stars = 1; stars <= 5; stars++) keyboard.text('★'.repeat(stars), callbacks.rate.encode({ orderId, stars }));
  return keyboard;
}

/** Estimates offered when taking or assigning (whole hours, R-ORD-3); capped by the server's maximum. */
export const ESTIMATE_CHOICES = [1, 2, 3, 4, 8, 24] as const;

export function estimateKeyboard(t: Translate, orderId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const hours of ESTIMATE_CHOICES)
    keyboard.text(t('hours', { hours }), callbacks.estimate.encode({ orderId, hours }));
  return keyboard;
}

/** A reply button under a relayed message. */
export function replyKeyboard(t: Translate, orderId: string): InlineKeyboard {
  return new InlineKeyboard().text(t('button-reply'), callbacks.write.encode({ orderId }));
}

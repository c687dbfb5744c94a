import type { OrderCardFieldsFragment } from '../generated/graphql.js';
import { escapeHtml, type Locale, type Translate } from '../i18n/i18n.js';
import { categoryName, contactLink, formatTime } from './format.js';

/**
 * How much of an order's free text a chat card shows: a card is one message (Telegram: at most 4096 characters)
 * with room for a line above it ("✅ You took order …"), and a description may be 4000 characters alone.
 */
export const CARD_TEXT_MAX = { description: 1500, problem: 600, equipment: 200 } as const;
/** Cartridge lines a card shows; the rest are counted ("…and N more"). */
export const CARD_ITEMS_MAX = 15;

/** `text` cut to `max` characters (the last one an ellipsis) when longer; whole code points only. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** An order's cartridge lines for a card: at most {@link CARD_ITEMS_MAX}, then how many more there are. */
export function cardItemLines(items: readonly { model: string; quantity: number }[], t: Translate): string[] {
  const shown = items.length > CARD_ITEMS_MAX ? CARD_ITEMS_MAX - 1 : items.length;
  const lines = items
    .slice(0, shown)
    .map((item) => t('order-item', { model: escapeHtml(item.model), quantity: item.quantity }));
  if (items.length > shown) lines.push(t('order-items-more', { count: items.length - shown }));
  return lines;
}

/** An order's equipment, problem and description lines for a card, each cut to what a card shows. */
export function cardTextLines(
  order: { equipment?: string | null; problem?: string | null; description?: string | null },
  t: Translate,
): string[] {
  const lines: string[] = [];
  if (order.equipment) {
    lines.push(t('order-equipment', { equipment: escapeHtml(clipText(order.equipment, CARD_TEXT_MAX.equipment)) }));
  }
  if (order.problem) {
    lines.push(t('order-problem', { problem: escapeHtml(clipText(order.problem, CARD_TEXT_MAX.problem)) }));
  }
  lines.push(
    t('order-description', { description: escapeHtml(clipText(order.description ?? '', CARD_TEXT_MAX.description)) }),
  );
  return lines;
}

/**
 * An order as a chat card (HTML): number, status, what, where, who, when — its times in the account's zone, else
 * in `billingTimeZone` (TIMEZONE; R-SLA-6).
 */
export function renderOrderCard(
  order: OrderCardFieldsFragment,
  t: Translate,
  locale: Locale,
  billingTimeZone: string,
): string {
  const tz = order.account.timeZone ?? billingTimeZone;
  const lines = [
    t('order-title', { number: order.number, status: t(`status-${order.status}`) }),
    t('order-category', { category: escapeHtml(categoryName(order.category, locale)) }),
    t('order-account', { account: escapeHtml(order.account.name) }),
  ];
  if (order.branch) lines.push(t('order-branch', { branch: escapeHtml(order.branch.name) }));
  lines.push(...cardItemLines(order.items, t), ...cardTextLines(order, t));
  if (order.status === 'NEW') lines.push(t('order-take-by', { time: formatTime(order.reactionDueAt, locale, tz) }));
  if (order.contractor) {
    const link = contactLink(order.contractor);
    const name = escapeHtml(order.contractor.displayName);
    lines.push(t('order-contractor', { contractor: link ? `<a href="${escapeHtml(link)}">${name}</a>` : name }));
  }
  if (order.status === 'IN_PROGRESS' && order.workDueAt) {
    lines.push(t('order-work-due', { time: formatTime(order.workDueAt, locale, tz), hours: order.estimateHours ?? 0 }));
  }
  if (order.isBreached) lines.push(t('order-breached'));
  if (order.rating) lines.push(t('order-rating', { stars: '★'.repeat(order.rating) }));
  return lines.join('\n');
}

/** One line per order for lists. */
export function renderOrderLine(order: OrderCardFieldsFragment, t: Translate, locale: Locale): string {
  return t('order-line', {
    number: order.number,
    status: t(`status-${order.status}`),
    category: categoryName(order.category, locale),
  });
}

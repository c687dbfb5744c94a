import type { OrderCardFieldsFragment } from '../generated/graphql.js';
import { escapeHtml, type Locale, type Translate } from '../i18n/i18n.js';
import { categoryName, contactLink, formatTime } from './format.js';

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
  for (const item of order.items)
    lines.push(t('order-item', { model: escapeHtml(item.model), quantity: item.quantity }));
  if (order.equipment) lines.push(t('order-equipment', { equipment: escapeHtml(order.equipment) }));
  if (order.problem) lines.push(t('order-problem', { problem: escapeHtml(order.problem) }));
  lines.push(t('order-description', { description: escapeHtml(order.description) }));
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

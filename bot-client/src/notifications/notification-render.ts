import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { NotificationKind } from '../generated/graphql.js';
import { escapeHtml, type Locale, type Translate } from '../i18n/i18n.js';
import { ratingKeyboard, replyKeyboard } from '../keyboards/order.keyboards.js';
import { contactLink, DEFAULT_TIME_ZONE, formatTime, periodDaysOf } from '../render/format.js';
import { Payload } from './payload.js';
import { TEXT_LIMIT, visibleLength } from './telegram-limits.js';

/** What to do in the recipient's chat for one notification. */
export type Delivery =
  | { kind: 'text'; text: string; keyboard?: InlineKeyboard; offerCardOf?: string }
  | { kind: 'media'; media: 'PHOTO' | 'DOCUMENT' | 'VOICE'; fileId: string; caption: string; keyboard?: InlineKeyboard }
  | { kind: 'offerGone'; orderId: string; text: string };

/**
 * Renders a notification for its recipient in their language (kind + payload, README "Notifications"). Moments are
 * in the zones the payload names; `billingTimeZone` (TIMEZONE as the server says now; Moscow, TIMEZONE's default,
 * only where the bot could not ask) stands in for a zone an older payload does not name.
 */
export function renderNotification(
  kind: NotificationKind,
  data: Record<string, unknown>,
  t: Translate,
  locale: Locale,
  billingTimeZone: string = DEFAULT_TIME_ZONE,
): Delivery {
  const p = new Payload(data);
  const orderId = p.str('orderId') ?? '';
  const tz = p.str('timeZone') ?? billingTimeZone;
  const number = p.str('number') ?? '';
  const time = (key: string) => formatTime(p.str(key), locale, tz);
  const category = p.obj('category');
  const categoryLabel = escapeHtml((locale === 'ru' ? category?.str('nameRu') : category?.str('nameEn')) ?? '');
  const reason = p.str('reason') ? t('notify-reason', { reason: escapeHtml(p.str('reason')!) }) : '';
  const contractor = p.obj('contractor');
  const who = contractor ? person(contractor) : '';
  const items = p.list('items');
  /** The order's lines, listing `shown` of its items (the rest as "…and N more"). */
  const orderLines = (shown = items.length) => {
    const lines = [
      t('order-category', { category: categoryLabel }),
      t('order-account', { account: escapeHtml(p.obj('account')?.str('name') ?? '') }),
    ];
    const branch = p.obj('branch')?.str('name');
    if (branch) lines.push(t('order-branch', { branch: escapeHtml(branch) }));
    for (const i of items.slice(0, shown))
      lines.push(t('order-item', { model: escapeHtml(i.str('model') ?? ''), quantity: i.num('quantity') ?? 1 }));
    if (shown < items.length) lines.push(t('order-items-more', { count: items.length - shown }));
    if (p.str('equipment')) lines.push(t('order-equipment', { equipment: escapeHtml(p.str('equipment')!) }));
    if (p.str('problem')) lines.push(t('order-problem', { problem: escapeHtml(p.str('problem')!) }));
    lines.push(t('order-description', { description: escapeHtml(p.str('description') ?? '') }));
    return lines.join('\n');
  };
  /**
   * A text with the order's lines, its items cut short ("…and N more") when all of them would not fit in one
   * message (an offer card stays one message, so it can be marked gone later).
   */
  const withOrderLines = (build: (lines: string) => string): string => {
    let shown = items.length;
    let text = build(orderLines(shown));
    while (shown > 0 && visibleLength(text) > TEXT_LIMIT) text = build(orderLines(--shown));
    return text;
  };
  const text = (id: string, args: Record<string, string | number> = {}, keyboard?: InlineKeyboard): Delivery => ({
    kind: 'text',
    text: t(id, { number, ...args }),
    ...(keyboard ? { keyboard } : {}),
  });
  switch (kind) {
    case 'ORDER_CREATED':
      return text('notify-order-created', { time: time('reactionDueAt') });
    case 'ORDER_OFFERED':
      return {
        kind: 'text',
        text: withOrderLines(
          (lines) => `${t('notify-order-offered', { number, time: time('reactionDueAt') })}\n${lines}`,
        ),
        keyboard: new InlineKeyboard().text(t('button-take'), callbacks.take.encode({ orderId })),
        offerCardOf: orderId,
      };
    case 'OFFER_GONE':
      return { kind: 'offerGone', orderId, text: t('notify-offer-gone', { number }) };
    case 'ORDER_TAKEN':
      return text(
        'notify-order-taken',
        { contractor: who, hours: p.num('estimateHours') ?? 0, time: time('workDueAt') },
        new InlineKeyboard().text(t('button-write'), callbacks.write.encode({ orderId })),
      );
    case 'ORDER_ASSIGNED':
      return {
        kind: 'text',
        text: withOrderLines(
          (lines) =>
            `${t('notify-order-assigned', { number, hours: p.num('estimateHours') ?? 0, time: time('workDueAt') })}\n${lines}`,
        ),
        keyboard: new InlineKeyboard().text(t('button-open-order'), callbacks.orderCard.encode({ orderId })),
      };
    case 'ORDER_RELEASED':
      return text('notify-order-released', { reason });
    case 'ORDER_UNASSIGNED':
      return text('notify-order-unassigned', { reason });
    case 'ORDER_CANCELLED':
      return text('notify-order-cancelled', { reason });
    case 'ORDER_DONE': {
      const keyboard = p.bool('ratingRequested') ? ratingKeyboard(orderId) : new InlineKeyboard();
      // The payload carries the contractor's id whatever the tariff shows of contacts (R-ACC-5): the id is no
      // contact, and pinning needs it (R-ACC-4).
      const contractorId = contractor?.str('id');
      if (p.bool('pinOffer') && contractorId) {
        keyboard
          .row()
          .text(
            t('button-pin', { name: contractor?.str('firstName') ?? '' }),
            callbacks.pinOffered.encode({ orderId, contractorId }),
          );
      }
      return text('notify-order-done', { contractor: who }, keyboard);
    }
    case 'ORDER_MESSAGE': {
      const m = p.obj('message') ?? new Payload({});
      const sender = escapeHtml(m.obj('sender')?.str('firstName') ?? '');
      const body = m.str('text') ? escapeHtml(m.str('text')!) : '';
      const caption = t('notify-order-message', { number, sender, text: body });
      const keyboard = replyKeyboard(t, orderId);
      const media = m.str('kind');
      const fileId = m.str('fileId');
      if (fileId && (media === 'PHOTO' || media === 'DOCUMENT' || media === 'VOICE')) {
        return { kind: 'media', media, fileId, caption, keyboard };
      }
      return { kind: 'text', text: caption, keyboard };
    }
    case 'ORDER_NOT_TAKEN_WARNING': {
      const free = p.list('freeContractors');
      const keyboard = new InlineKeyboard();
      const lines = free.map((c) => {
        const id = c.str('id');
        if (id)
          keyboard
            .text(
              t('button-assign-to', { name: c.str('firstName') ?? c.str('username') ?? '' }),
              callbacks.assign.encode({ orderId, contractorId: id }),
            )
            .row();
        return t('contractor-line', { name: person(c), active: c.num('activeOrders') ?? 0 });
      });
      keyboard.text(t('button-cancel-order'), callbacks.staffCancel.encode({ orderId }));
      const list = lines.length ? lines.join('\n') : t('contractors-none');
      return {
        kind: 'text',
        text: withOrderLines((lines) =>
          t('notify-not-taken', { number, time: time('reactionDueAt'), list: `${lines}\n\n${list}` }),
        ),
        keyboard,
      };
    }
    case 'ORDER_RUNNING_LONG_WARNING':
      return text(
        'notify-running-long',
        { contractor: who, time: time('workDueAt') },
        new InlineKeyboard()
          .text(t('button-unassign'), callbacks.unassign.encode({ orderId }))
          .text(t('button-cancel-order'), callbacks.staffCancel.encode({ orderId })),
      );
    case 'ORDER_REACTION_BREACHED':
      return text('notify-reaction-breached', { time: time('reactionDueAt') });
    case 'ORDER_WORK_BREACHED':
      return text('notify-work-breached', { contractor: who, time: time('workDueAt') });
    case 'INVOICE_ISSUED':
    case 'INVOICE_OVERDUE':
      return text(kind === 'INVOICE_ISSUED' ? 'notify-invoice-issued' : 'notify-invoice-overdue', {
        account: escapeHtml(p.obj('account')?.str('name') ?? ''),
        amount: p.str('amount') ?? '',
        ...periodDays(p, locale, billingTimeZone),
        grace: p.num('graceDays') ?? 0,
      });
    case 'BILLING_PERIOD_CLOSED':
      return text('notify-period-closed', {
        ...periodDays(p, locale, billingTimeZone),
        invoices: p.num('invoices') ?? 0,
        payouts: p.num('payouts') ?? 0,
      });
    default: {
      const unhandled: never = kind;
      throw new Error(`unhandled notification kind ${String(unhandled)}`);
    }
  }
}

/**
 * A billing period's first and last day (R-BIL-1: `[periodStart, periodEnd)`, days from 00:00 in TIMEZONE): in
 * the payload's `billingTimeZone` (else `timeZoneNow`) — not the account's display zone (`timeZone`) — and the last
 * day is the one before `periodEnd`, as the admin panel shows periods ("01.02 – 28.02" for [1 Feb, 1 Mar)).
 */
function periodDays(p: Payload, locale: Locale, timeZoneNow: string): { from: string; to: string } {
  return periodDaysOf(p.str('periodStart'), p.str('periodEnd'), locale, p.str('billingTimeZone') ?? timeZoneNow);
}

/** A person's name, linked to their Telegram when the payload carries contacts (R-ACC-5). */
function person(c: Payload): string {
  const name = escapeHtml(
    [c.str('firstName'), c.str('lastName')].filter(Boolean).join(' ') || (c.str('username') ?? ''),
  );
  const link = contactLink({ username: c.str('username') ?? null, telegramId: c.str('telegramId') ?? null });
  return link ? `<a href="${escapeHtml(link)}">${name}</a>` : name;
}

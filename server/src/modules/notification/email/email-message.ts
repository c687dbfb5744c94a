import { NotificationKind as K } from '../notification.entity.js';

/** An e-mail ready to send. */
export interface EmailMessage {
  subject: string;
  text: string;
}

type Lang = 'RU' | 'EN';
type Payload = Record<string, any>;

/**
 * The zone a payload names (`timeZone`, `billingTimeZone`), or `timeZoneNow` (TIMEZONE as the server has it now)
 * for one that names none: written before payloads carried their zones.
 */
function zoneOf(named: unknown, timeZoneNow: string): string {
  return typeof named === 'string' && named ? named : timeZoneNow;
}

/** Formats a moment in the order's (or account's) time zone, e.g. "21.11.2026, 14:05 (Europe/Moscow)". */
export function formatMoment(iso: unknown, timeZone: string, lang: Lang): string {
  if (typeof iso !== 'string' && !(iso instanceof Date)) return '—';
  const text = new Intl.DateTimeFormat(lang === 'RU' ? 'ru-RU' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

function formatDay(iso: unknown, timeZone: string, lang: Lang): string {
  if (typeof iso !== 'string') return '—';
  return new Intl.DateTimeFormat(lang === 'RU' ? 'ru-RU' : 'en-GB', { timeZone, dateStyle: 'long' }).format(
    new Date(iso),
  );
}

/**
 * A billing period (R-BIL-1: `[start, end)`, days in the billing time zone, TIMEZONE) as people read it: its first
 * and its last day, e.g. "1 February 2031 — 28 February 2031" for [1 Feb 00:00, 1 Mar 00:00).
 */
function formatPeriod(start: unknown, end: unknown, billingTimeZone: string, lang: Lang): string {
  const lastMoment = typeof end === 'string' ? new Date(Date.parse(end) - 1).toISOString() : end;
  return `${formatDay(start, billingTimeZone, lang)} — ${formatDay(lastMoment, billingTimeZone, lang)}`;
}

const ru = (lang: Lang, ruText: string, enText: string) => (lang === 'RU' ? ruText : enText);

/** The lines describing an order that every order e-mail starts its body with. */
function orderLines(p: Payload, lang: Lang): string[] {
  const category = lang === 'RU' ? p.category?.nameRu : p.category?.nameEn;
  const lines = [
    `${ru(lang, 'Заявка', 'Order')} ${p.number ?? ''}${category ? ` · ${category}` : ''}`,
    p.account?.name ? `${ru(lang, 'Клиент', 'Client')}: ${p.account.name}` : '',
    p.branch?.name ? `${ru(lang, 'Филиал', 'Branch')}: ${p.branch.name}` : '',
    p.description ? `${ru(lang, 'Описание', 'Description')}: ${p.description}` : '',
  ];
  if (Array.isArray(p.items) && p.items.length) {
    lines.push(
      `${ru(lang, 'Позиции', 'Items')}: ${p.items.map((i: Payload) => `${i.model} × ${i.quantity}`).join(', ')}`,
    );
  }
  return lines.filter(Boolean);
}

const name = (person: Payload | null | undefined) =>
  [person?.firstName, person?.lastName].filter(Boolean).join(' ') || (person?.username ? `@${person.username}` : '—');

/** What one notification says, per kind: the subject and the first lines of the body. */
function headline(kind: K, p: Payload, lang: Lang, timeZoneNow: string): { subject: string; lines: string[] } {
  const n = p.number ?? '';
  const zone = zoneOf(p.timeZone, timeZoneNow);
  const billingZone = zoneOf(p.billingTimeZone, timeZoneNow);
  switch (kind) {
    case K.ORDER_CREATED:
      return {
        subject: ru(lang, `Заявка ${n} принята`, `Order ${n} received`),
        lines: [
          ru(lang, 'Ваша заявка принята.', 'Your order has been received.'),
          `${ru(lang, 'Возьмут в работу не позднее', 'It will be taken by')} ${formatMoment(p.reactionDueAt, zone, lang)}.`,
        ],
      };
    case K.ORDER_OFFERED:
      return {
        subject: ru(lang, `Новая заявка ${n}`, `New order ${n}`),
        lines: [
          ru(
            lang,
            'Для вас есть новая заявка. Взять её можно в боте.',
            'A new order is available to you. Take it in the bot.',
          ),
        ],
      };
    case K.OFFER_GONE:
      return { subject: ru(lang, `Заявка ${n} уже взята`, `Order ${n} is gone`), lines: [] };
    case K.ORDER_TAKEN:
      return {
        subject: ru(lang, `Заявка ${n} взята в работу`, `Order ${n} is in progress`),
        lines: [
          `${ru(lang, 'Исполнитель', 'Contractor')}: ${name(p.contractor)}` +
            (p.estimateHours ? ` · ${ru(lang, 'оценка', 'estimate')}: ${p.estimateHours} ${ru(lang, 'ч', 'h')}` : ''),
        ],
      };
    case K.ORDER_ASSIGNED:
      return {
        subject: ru(lang, `Вам назначена заявка ${n}`, `Order ${n} was assigned to you`),
        lines: [ru(lang, 'Менеджер назначил вам заявку.', 'A manager assigned this order to you.')],
      };
    case K.ORDER_RELEASED:
    case K.ORDER_UNASSIGNED:
      return {
        subject: ru(lang, `Заявка ${n} снова ждёт исполнителя`, `Order ${n} is waiting for a contractor again`),
        lines: p.reason ? [`${ru(lang, 'Причина', 'Reason')}: ${p.reason}`] : [],
      };
    case K.ORDER_CANCELLED:
      return {
        subject: ru(lang, `Заявка ${n} отменена`, `Order ${n} was cancelled`),
        lines: p.reason ? [`${ru(lang, 'Причина', 'Reason')}: ${p.reason}`] : [],
      };
    case K.ORDER_DONE:
      return {
        subject: ru(lang, `Заявка ${n} выполнена`, `Order ${n} is done`),
        lines: [
          `${ru(lang, 'Исполнитель', 'Contractor')}: ${name(p.contractor)}`,
          ...(p.ratingRequested ? [ru(lang, 'Оцените работу в боте.', 'Please rate the work in the bot.')] : []),
        ],
      };
    case K.ORDER_MESSAGE: {
      const m = p.message ?? {};
      const body = m.text ?? (m.fileName ? `[${m.fileName}]` : `[${String(m.kind ?? '').toLowerCase()}]`);
      return {
        subject: ru(lang, `Сообщение по заявке ${n}`, `Message on order ${n}`),
        lines: [`${name(m.sender)}: ${body}`],
      };
    }
    case K.ORDER_NOT_TAKEN_WARNING:
      return {
        subject: ru(lang, `Заявку ${n} никто не взял`, `Order ${n} is not taken yet`),
        lines: [
          `${ru(lang, 'Срок реакции', 'Reaction due')}: ${formatMoment(p.reactionDueAt, zone, lang)}`,
          `${ru(lang, 'Свободные исполнители', 'Free contractors')}: ${
            Array.isArray(p.freeContractors) && p.freeContractors.length
              ? p.freeContractors.map(name).join(', ')
              : ru(lang, 'нет', 'none')
          }`,
        ],
      };
    case K.ORDER_RUNNING_LONG_WARNING:
      return {
        subject: ru(lang, `Заявка ${n} выполняется дольше оценки`, `Order ${n} is running long`),
        lines: [`${ru(lang, 'Срок по оценке', 'Due by estimate')}: ${formatMoment(p.workDueAt, zone, lang)}`],
      };
    case K.ORDER_REACTION_BREACHED:
      return {
        subject: ru(lang, `Нарушен срок реакции: заявка ${n}`, `Reaction time breached: order ${n}`),
        lines: [`${ru(lang, 'Срок реакции', 'Reaction due')}: ${formatMoment(p.reactionDueAt, zone, lang)}`],
      };
    case K.ORDER_WORK_BREACHED:
      return {
        subject: ru(lang, `Превышена оценка: заявка ${n}`, `Estimate exceeded: order ${n}`),
        lines: [`${ru(lang, 'Срок по оценке', 'Due by estimate')}: ${formatMoment(p.workDueAt, zone, lang)}`],
      };
    case K.INVOICE_ISSUED:
    case K.INVOICE_OVERDUE: {
      const period = formatPeriod(p.periodStart, p.periodEnd, billingZone, lang);
      const overdue = kind === K.INVOICE_OVERDUE;
      return {
        subject: overdue
          ? ru(lang, `Счёт просрочен: ${p.account?.name ?? ''}`, `Invoice overdue: ${p.account?.name ?? ''}`)
          : ru(lang, `Выставлен счёт: ${p.account?.name ?? ''}`, `Invoice issued: ${p.account?.name ?? ''}`),
        lines: [
          `${ru(lang, 'Период', 'Period')}: ${period}`,
          `${ru(lang, 'Сумма', 'Amount')}: ${p.amount} ₽`,
          overdue
            ? ru(lang, 'Новые заявки заблокированы до оплаты.', 'New orders are blocked until it is paid.')
            : ru(lang, `Оплатите в течение ${p.graceDays} дн.`, `Please pay within ${p.graceDays} days.`),
        ],
      };
    }
    case K.BILLING_PERIOD_CLOSED:
      return {
        subject: ru(lang, 'Расчётный период закрыт', 'Billing period closed'),
        lines: [
          `${ru(lang, 'Период', 'Period')}: ${formatPeriod(p.periodStart, p.periodEnd, billingZone, lang)}`,
          `${ru(lang, 'Счетов', 'Invoices')}: ${p.invoices ?? 0} · ${ru(lang, 'выплат', 'payouts')}: ${p.payouts ?? 0}`,
        ],
      };
  }
}

/** Why an address receives e-mail: its user opted in, or it is a client account's contact address. */
export type EmailReason = 'OPTED_IN' | 'ACCOUNT_CONTACT';

/**
 * Renders a notification as a plain-text e-mail in the recipient's language, saying why it was sent. Its moments
 * are in the zones the payload names; `timeZoneNow` (TIMEZONE now) stands in for one that names none.
 */
export function renderEmail(
  kind: K,
  payload: Payload,
  language: string,
  publicUrl: string,
  reason: EmailReason,
  timeZoneNow: string,
): EmailMessage {
  const lang: Lang = language.toLowerCase() === 'en' ? 'EN' : 'RU';
  const { subject, lines } = headline(kind, payload, lang, timeZoneNow);
  const body = [...lines];
  if (payload.orderId) body.push('', ...orderLines(payload, lang));
  body.push(
    '',
    '—',
    `ITSupport · ${publicUrl}`,
    reason === 'OPTED_IN'
      ? ru(
          lang,
          'Вы получили это письмо, потому что включили уведомления по e-mail.',
          'You receive this because e-mail notifications are on for you.',
        )
      : ru(
          lang,
          `Этот адрес указан контактным для клиента «${payload.account?.name ?? ''}».`,
          `This address is the contact address of the client account "${payload.account?.name ?? ''}".`,
        ),
  );
  return { subject: `[ITSupport] ${subject}`, text: body.join('\n') };
}

import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../notification.entity.js';
import { formatMoment, renderEmail } from '../email-message.js';
import { retryDelayMinutes } from '../email-delivery.service.js';

/** TIMEZONE now: these payloads name their zones, so it must not show (the fallback has its own test). */
const NOW = 'UTC';

const order = {
  orderId: 'o1',
  number: '2026-000042',
  description: 'Printer jams',
  category: { nameRu: 'Картриджи', nameEn: 'Cartridges' },
  account: { name: 'Romashka' },
  items: [{ model: 'HP 85A', quantity: 2 }],
  reactionDueAt: '2026-11-21T10:00:00.000Z',
  timeZone: 'Europe/Moscow',
};

describe('PRODUCT §6 e-mail rendering', () => {
  it('R-SLA-6 the confirmation names the latest take time in the account time zone, in the recipient language', () => {
    const en = renderEmail(NotificationKind.ORDER_CREATED, order, 'en', 'https://desk.example', 'OPTED_IN', NOW);
    expect(en.subject).toBe('[ITSupport] Order 2026-000042 received');
    expect(en.text).toContain('It will be taken by 21/11/2026, 13:00 (Europe/Moscow).');
    expect(en.text).toContain('Order 2026-000042 · Cartridges');
    expect(en.text).toContain('Items: HP 85A × 2');
    const ruMail = renderEmail(NotificationKind.ORDER_CREATED, order, 'ru', 'https://desk.example', 'OPTED_IN', NOW);
    expect(ruMail.subject).toBe('[ITSupport] Заявка 2026-000042 принята');
    expect(ruMail.text).toContain('Заявка 2026-000042 · Картриджи');
  });

  it('PRODUCT §6 an account contact is told why it receives the mail', () => {
    const invoice = {
      account: { name: 'Romashka' },
      periodStart: '2026-10-31T21:00:00.000Z',
      periodEnd: '2026-11-30T21:00:00.000Z',
      amount: '1500.00',
      graceDays: 7,
      timeZone: 'Europe/Moscow',
      billingTimeZone: 'Europe/Moscow',
    };
    const mail = renderEmail(
      NotificationKind.INVOICE_OVERDUE,
      invoice,
      'en',
      'https://desk.example',
      'ACCOUNT_CONTACT',
      NOW,
    );
    expect(mail.subject).toBe('[ITSupport] Invoice overdue: Romashka');
    expect(mail.text).toContain('Period: 1 November 2026 — 30 November 2026');
    expect(mail.text).toContain('New orders are blocked until it is paid.');
    expect(mail.text).toContain('contact address of the client account "Romashka"');
  });

  it('R-BIL-1 §6 billing e-mails name the period’s first and last day in the billing time zone, not the account’s or UTC', () => {
    // [1 Feb, 1 Mar) 2031 in Vladivostok (UTC+10); the account shows its orders in Moscow time.
    const bounds = { periodStart: '2031-01-31T14:00:00.000Z', periodEnd: '2031-02-28T14:00:00.000Z' };
    const invoice = renderEmail(
      NotificationKind.INVOICE_ISSUED,
      {
        ...bounds,
        account: { name: 'Romashka' },
        amount: '1500.00',
        graceDays: 7,
        timeZone: 'Europe/Moscow',
        billingTimeZone: 'Asia/Vladivostok',
      },
      'en',
      'u',
      'OPTED_IN',
      NOW,
    );
    expect(invoice.text).toContain('Period: 1 February 2031 — 28 February 2031\n');
    const closed = renderEmail(
      NotificationKind.BILLING_PERIOD_CLOSED,
      { ...bounds, invoices: 2, payouts: 1, billingTimeZone: 'Asia/Vladivostok' },
      'ru',
      'u',
      'OPTED_IN',
      NOW,
    );
    expect(closed.text).toContain('Период: 1 февраля 2031 г. — 28 февраля 2031 г.\n');
  });

  it('R-SLA-6 R-BIL-1 a payload that names no zone (written before payloads did) is shown in TIMEZONE now, not in Moscow', () => {
    const { timeZone: _named, ...legacy } = order;
    const created = renderEmail(NotificationKind.ORDER_CREATED, legacy, 'en', 'u', 'OPTED_IN', 'Asia/Vladivostok');
    // 10:00 UTC is 20:00 in Vladivostok (13:00 in Moscow).
    expect(created.text).toContain('It will be taken by 21/11/2026, 20:00 (Asia/Vladivostok).');
    // [1 Feb, 1 Mar) 2031 in Vladivostok; in Moscow it would read 31 January — 28 February.
    const closed = renderEmail(
      NotificationKind.BILLING_PERIOD_CLOSED,
      { periodStart: '2031-01-31T14:00:00.000Z', periodEnd: '2031-02-28T14:00:00.000Z', invoices: 1, payouts: 0 },
      'en',
      'u',
      'OPTED_IN',
      'Asia/Vladivostok',
    );
    expect(closed.text).toContain('Period: 1 February 2031 — 28 February 2031\n');
  });

  it('PRODUCT §6 a message mail quotes the sender and the text, or names the file', () => {
    const text = renderEmail(
      NotificationKind.ORDER_MESSAGE,
      { ...order, message: { kind: 'TEXT', text: 'On my way', sender: { firstName: 'Ivan' } } },
      'en',
      'u',
      'OPTED_IN',
      NOW,
    );
    expect(text.text.split('\n')[0]).toBe('Ivan: On my way');
    const file = renderEmail(
      NotificationKind.ORDER_MESSAGE,
      { ...order, message: { kind: 'DOCUMENT', fileName: 'act.pdf', sender: { firstName: 'Ivan' } } },
      'en',
      'u',
      'OPTED_IN',
      NOW,
    );
    expect(file.text.split('\n')[0]).toBe('Ivan: [act.pdf]');
  });

  it('formats a missing moment as a dash', () => {
    expect(formatMoment(null, 'UTC', 'EN')).toBe('—');
  });

  it('PRODUCT §6 retries back off and stay capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMinutes)).toEqual([1, 5, 15, 60, 180, 360, 720, 720, 720]);
  });
});

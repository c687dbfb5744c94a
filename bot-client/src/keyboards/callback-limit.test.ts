import type { InlineKeyboard } from 'grammy';
import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_LIMIT, callbacks } from '../bot/callback-data.js';
import type { Viewer } from '../bot/context.js';
import type { NotificationKind, OrderCardFieldsFragment, OrderStatus } from '../generated/graphql.js';
import { LOCALES, Translations } from '../i18n/i18n.js';
import { commandsFor } from '../features/commands.js';
import { reportPeriodKeyboard, reportsKeyboard } from '../features/reports.feature.js';
import { renderNotification } from '../notifications/notification-render.js';
import type { DateRefusal } from '../render/calendar-date.js';
import { SCREENS, backKeyboard, languageKeyboard, mainMenuKeyboard } from './menu.keyboards.js';
import { orderActionsKeyboard } from './order-actions.keyboard.js';
import {
  branchKeyboard,
  cancelFlowKeyboard,
  categoryKeyboard,
  confirmOrderKeyboard,
  estimateKeyboard,
  itemsKeyboard,
  orderListKeyboard,
  ratingKeyboard,
  replyKeyboard,
  skipKeyboard,
} from './order.keyboards.js';
import {
  accountTariffKeyboard,
  accountsKeyboard,
  invoiceNoteKeyboard,
  invoicePaidOnKeyboard,
  invoicesKeyboard,
  tariffsKeyboard,
  userCardKeyboard,
  usersKeyboard,
} from './owner.keyboards.js';
import type { Paging } from './paging.keyboard.js';
import { assignEstimateKeyboard, assignKeyboard } from './staff.keyboards.js';
import { tariffCardKeyboard, tariffOrdersKeyboard } from './tariff-card.keyboard.js';

const ID = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const translations = new Translations();
const t = translations.for('ru');
const ROLES = Object.keys(SCREENS) as Viewer['role'][];
const STATUSES: OrderStatus[] = ['NEW', 'IN_PROGRESS', 'DONE', 'CANCELLED'];
const KINDS: NotificationKind[] = [
  'BILLING_PERIOD_CLOSED',
  'INVOICE_ISSUED',
  'INVOICE_OVERDUE',
  'OFFER_GONE',
  'ORDER_ASSIGNED',
  'ORDER_CANCELLED',
  'ORDER_CREATED',
  'ORDER_DONE',
  'ORDER_MESSAGE',
  'ORDER_NOT_TAKEN_WARNING',
  'ORDER_OFFERED',
  'ORDER_REACTION_BREACHED',
  'ORDER_RELEASED',
  'ORDER_RUNNING_LONG_WARNING',
  'ORDER_TAKEN',
  'ORDER_UNASSIGNED',
  'ORDER_WORK_BREACHED',
];

const order = (status: OrderStatus, viewerId: string): OrderCardFieldsFragment => ({
  id: ID,
  number: '2026-000001',
  status,
  description: 'x',
  equipment: null,
  problem: null,
  workDueAt: null,
  estimateHours: null,
  branch: null,
  createdAt: new Date().toISOString(),
  reactionDueAt: new Date().toISOString(),
  isBreached: false,
  hasCredentials: true,
  rating: null,
  items: [],
  category: { id: ID, code: 'IT_HELP', nameRu: 'ИТ', nameEn: 'IT' },
  account: { id: ID, name: 'A', timeZone: null },
  author: { id: viewerId, displayName: 'A' },
  contractor: { id: viewerId, displayName: 'C', username: null, telegramId: null },
});

/** A payload with every field some notification kind reads. */
const payload = {
  orderId: ID,
  number: '2026-000001',
  ratingRequested: true,
  pinOffer: true,
  contractor: { id: ID, firstName: 'C', username: 'ivan_c' },
  freeContractors: [{ id: ID, firstName: 'F', activeOrders: 0 }],
  message: { kind: 'PHOTO', fileId: 'f', sender: { firstName: 'S' } },
  account: { id: ID, name: 'Acme' },
  periodStart: new Date().toISOString(),
  periodEnd: new Date().toISOString(),
  amount: '1000.00',
  invoices: 3,
  payouts: 2,
};

const paging: Paging = { list: 'W'.repeat(24), page: 2_147_483_646, hasNext: true };

/** Every keyboard the bot can build, filled with the longest ids and numbers. */
function everyKeyboard(): InlineKeyboard[] {
  const many = Array.from({ length: 3 }, () => ({
    id: ID,
    name: 'n',
    displayName: 'n',
    role: 'OWNER',
    active: true,
    nameRu: 'р',
    nameEn: 'e',
    label: 'l',
  }));
  const keyboards: InlineKeyboard[] = [
    backKeyboard(t),
    languageKeyboard(t),
    categoryKeyboard(t, 'ru', many),
    branchKeyboard(t, many),
    itemsKeyboard(t, true),
    confirmOrderKeyboard(t),
    cancelFlowKeyboard(t),
    skipKeyboard(t),
    orderListKeyboard(t, 'ru', [order('NEW', ID)]),
    ratingKeyboard(ID),
    estimateKeyboard(t, ID),
    replyKeyboard(t, ID),
    assignKeyboard(t, ID, [{ id: ID, name: 'n', username: 'someone_long_username_32_chars__' }]),
    assignEstimateKeyboard(t, ID, ID),
    usersKeyboard(t, many),
    userCardKeyboard(t, { id: ID, active: true }),
    userCardKeyboard(t, { id: ID, active: false }),
    accountsKeyboard(t, many, true),
    accountsKeyboard(t, many, false),
    accountTariffKeyboard(t, ID, ID, many),
    invoicesKeyboard(t, many),
    tariffsKeyboard(t, many),
    reportsKeyboard(t),
    // Paged lists on a middle page: both paging buttons, with the longest list word and page number.
    orderListKeyboard(t, 'ru', [order('NEW', ID)], paging),
    usersKeyboard(t, many, paging),
    accountsKeyboard(t, many, true, paging),
    accountsKeyboard(t, many, false, paging),
    invoicesKeyboard(t, many, paging),
    invoicePaidOnKeyboard(t, '31.12.2026'),
    invoiceNoteKeyboard(t),
    tariffCardKeyboard(t, { id: ID, canPinContractors: true, canSeeContractorContacts: false }),
    tariffCardKeyboard(t, { id: ID, canPinContractors: false, canSeeContractorContacts: true }),
    tariffOrdersKeyboard(t, ID),
    reportPeriodKeyboard(t, 'ru', 'contractorPayouts', {
      current: { from: '2026-11-30T21:00:00.000Z', to: '2026-12-31T21:00:00.000Z', timeZone: 'Europe/Moscow' },
      previous: { from: '2026-10-31T21:00:00.000Z', to: '2026-11-30T21:00:00.000Z', timeZone: 'Europe/Moscow' },
    }),
  ];
  for (const role of ROLES) {
    keyboards.push(mainMenuKeyboard(t, role));
    for (const status of STATUSES)
      keyboards.push(orderActionsKeyboard(t, { id: ID, role, name: 'n' }, order(status, ID)));
  }
  for (const kind of KINDS) {
    const delivery = renderNotification(kind, payload, t, 'ru');
    if ('keyboard' in delivery && delivery.keyboard) keyboards.push(delivery.keyboard);
  }
  return keyboards;
}

describe('callback data (PRODUCT.md §10: never over Telegram’s 64 bytes)', () => {
  it('every codec fits its widest value in 64 bytes and decodes it back', () => {
    for (const [name, codec] of Object.entries(callbacks)) {
      const value = codec.widest();
      const data = codec.encode(value as never);
      expect(Buffer.byteLength(data), name).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
      expect(codec.decode(data), name).toEqual(value);
    }
  });

  it('every button of every keyboard the bot can build carries ≤ 64 bytes of callback data', () => {
    let buttons = 0;
    for (const keyboard of everyKeyboard()) {
      for (const button of keyboard.inline_keyboard.flat()) {
        if ('callback_data' in button) {
          buttons++;
          expect(Buffer.byteLength(button.callback_data), button.callback_data).toBeLessThanOrEqual(
            CALLBACK_DATA_LIMIT,
          );
        }
      }
    }
    expect(buttons).toBeGreaterThan(100);
  });

  it('prefixes are unique, so no button is mistaken for another', () => {
    const prefixes = Object.values(callbacks).map((c) => c.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('a value that would not fit is refused, not truncated', () => {
    expect(() => callbacks.take.encode({ orderId: 'not-a-uuid' })).toThrow();
    expect(callbacks.take.decode('tk:short')).toBeUndefined();
  });
});

describe('i18n (Fluent, ru default, en)', () => {
  it('both languages define the same messages', () => {
    expect([...translations.ids('en')].sort()).toEqual([...translations.ids('ru')].sort());
  });

  it('every message picked by a computed id exists in both languages', () => {
    for (const locale of LOCALES) {
      const tr = translations.for(locale);
      for (const role of [...ROLES, null]) expect(() => commandsFor(role, tr)).not.toThrow();
      for (const role of ROLES) {
        expect(() => tr(`help-${role.toLowerCase()}`)).not.toThrow();
        expect(() => tr(`role-${role.toLowerCase()}`)).not.toThrow();
        expect(() => mainMenuKeyboard(tr, role)).not.toThrow();
      }
      for (const status of STATUSES) expect(() => tr(`status-${status}`)).not.toThrow();
      for (const reason of ['ALREADY_RATED', 'NOT_AUTHOR', 'NOT_DONE'])
        expect(() => tr(`rate-refused-${reason}`)).not.toThrow();
      expect(() => reportsKeyboard(tr)).not.toThrow();
      for (const field of ['name', 'orders', 'reaction']) {
        expect(() => tr(`tariff-${field}-prompt`, { max: 1 })).not.toThrow();
        expect(() => tr(`tariff-${field}-format`, { max: 1 })).not.toThrow();
      }
      for (const refusal of ['format', 'calendar', 'future'] satisfies DateRefusal[])
        expect(() => tr(`invoice-paid-on-${refusal}`)).not.toThrow();
    }
  });

  it('every notification kind renders in both languages', () => {
    for (const locale of LOCALES) {
      for (const kind of KINDS)
        expect(() => renderNotification(kind, payload, translations.for(locale), locale)).not.toThrow();
    }
  });
});

import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Translate } from '../i18n/i18n.js';
import { addPagingRow, type Paging } from './paging.keyboard.js';

export const ROLES = ['CLIENT', 'CONTRACTOR', 'MANAGER', 'OWNER'] as const;

/** A page of the user list: one button per user, the paging buttons, then "add" per role. */
export function usersKeyboard(
  t: Translate,
  users: readonly { id: string; displayName: string; role: string; active: boolean }[],
  paging?: Paging,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const u of users) {
    const label = `${u.active ? '' : '⛔ '}${u.displayName} · ${t(`role-${u.role.toLowerCase()}`)}`;
    keyboard.text(label, callbacks.userCard.encode({ userId: u.id })).row();
  }
  addPagingRow(keyboard, t, paging);
  ROLES.forEach((role, i) => {
    keyboard.text(
      t('button-add-role', { role: t(`role-${role.toLowerCase()}`) }),
      callbacks.addUserRole.encode({ role }),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** A user's card: deactivate or reactivate (R-USR-3). */
export function userCardKeyboard(t: Translate, user: { id: string; active: boolean }): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t(user.active ? 'button-deactivate' : 'button-reactivate'),
      callbacks.setUserActive.encode({ userId: user.id, active: user.active ? 0 : 1 }),
    )
    .row()
    .text(t('menu-back'), callbacks.menu.encode({ screen: 'users' }));
}

/** A page of accounts to pick from (a new client's account, or whose tariff to change). */
export function accountsKeyboard(
  t: Translate,
  accounts: readonly { id: string; name: string }[],
  forNewClient: boolean,
  paging?: Paging,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const a of accounts) {
    keyboard
      .text(
        a.name,
        forNewClient
          ? callbacks.addUserAccount.encode({ accountId: a.id })
          : callbacks.accountCard.encode({ accountId: a.id }),
      )
      .row();
  }
  return addPagingRow(keyboard, t, paging).text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** Tariffs to move an account to (the current one marked). */
export function accountTariffKeyboard(
  t: Translate,
  accountId: string,
  current: string | undefined,
  tariffs: readonly { id: string; name: string }[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const tariff of tariffs) {
    keyboard
      .text(
        `${tariff.id === current ? '✓ ' : ''}${tariff.name}`,
        callbacks.setTariff.encode({ accountId, tariffId: tariff.id }),
      )
      .row();
  }
  return keyboard.text(t('menu-back'), callbacks.menu.encode({ screen: 'accounts' }));
}

/** A page of unpaid invoices, one "paid" button each. */
export function invoicesKeyboard(
  t: Translate,
  invoices: readonly { id: string; label: string }[],
  paging?: Paging,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const i of invoices)
    keyboard
      .text(t('button-invoice-paid', { invoice: i.label }), callbacks.invoicePaid.encode({ invoiceId: i.id }))
      .row();
  return addPagingRow(keyboard, t, paging).text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** When an invoice was paid: today (its date on the button) or a typed date; or give up. */
export function invoicePaidOnKeyboard(t: Translate, today: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('button-paid-today', { date: today }), callbacks.invoicePaidToday.encode({}))
    .row()
    .text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** The payment note is optional: none, or give up. */
export function invoiceNoteKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('button-no-note'), callbacks.invoiceNoNote.encode({}))
    .row()
    .text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

/** Tariffs: switch each on or off, give it a new price, edit it; and a new tariff. */
export function tariffsKeyboard(
  t: Translate,
  tariffs: readonly { id: string; name: string; active: boolean }[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const tariff of tariffs) {
    keyboard
      .text(
        t(tariff.active ? 'button-tariff-deactivate' : 'button-tariff-activate', { name: tariff.name }),
        callbacks.tariffActive.encode({ tariffId: tariff.id, active: tariff.active ? 0 : 1 }),
      )
      .text(t('button-tariff-price'), callbacks.tariffPrice.encode({ tariffId: tariff.id }))
      .text(t('button-tariff-edit'), callbacks.tariffCard.encode({ tariffId: tariff.id }))
      .row();
  }
  return keyboard
    .text(t('button-tariff-new'), callbacks.newTariff.encode({}))
    .row()
    .text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

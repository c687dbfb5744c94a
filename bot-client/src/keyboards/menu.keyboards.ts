import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Viewer } from '../bot/context.js';
import { LOCALES, type Translate } from '../i18n/i18n.js';

/** Screens of the role menus (callback `m:<screen>`). */
export const SCREENS = {
  CLIENT: ['newOrder', 'myOrders', 'contractors', 'usage'],
  CONTRACTOR: ['available', 'myOrders', 'earnings'],
  MANAGER: ['atRisk', 'openOrders', 'freeContractors', 'loginLink'],
  OWNER: [
    'atRisk',
    'openOrders',
    'freeContractors',
    'users',
    'accounts',
    'invoices',
    'tariffs',
    'reports',
    'loginLink',
  ],
} as const satisfies Record<Viewer['role'], readonly string[]>;

export type Screen = (typeof SCREENS)[Viewer['role']][number] | 'main' | 'language';

/** The main menu of a role: one button per screen, two per row, then language. */
export function mainMenuKeyboard(t: Translate, role: Viewer['role']): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  SCREENS[role].forEach((screen, i) => {
    keyboard.text(t(`menu-${screen}`), callbacks.menu.encode({ screen }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t('menu-language'), callbacks.menu.encode({ screen: 'language' }));
}

/** Back to the main menu. */
export function backKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** The languages the bot speaks. */
export function languageKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(t(`language-${locale}`), callbacks.language.encode({ locale }));
  return keyboard;
}

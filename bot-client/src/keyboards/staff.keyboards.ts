import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Translate } from '../i18n/i18n.js';
import { contactLink } from '../render/format.js';
import { ESTIMATE_CHOICES } from './order.keyboards.js';

export interface FreeContractor {
  id: string;
  name: string;
  username?: string | null;
  telegramId?: string | null;
}

/** One "assign to …" button per contractor (and a contact link next to it when there is one). */
export function assignKeyboard(t: Translate, orderId: string, contractors: readonly FreeContractor[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const c of contractors) {
    keyboard.text(t('button-assign-to', { name: c.name }), callbacks.assign.encode({ orderId, contractorId: c.id }));
    const link = contactLink(c);
    if (link?.startsWith('https://')) keyboard.url(t('button-contact'), link);
    keyboard.row();
  }
  return keyboard;
}

/** Estimates for an assignment. */
export function assignEstimateKeyboard(t: Translate, orderId: string, contractorId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const hours of ESTIMATE_CHOICES) {
    keyboard.text(t('hours', { hours }), callbacks.assignEstimate.encode({ orderId, contractorId, hours }));
  }
  return keyboard;
}

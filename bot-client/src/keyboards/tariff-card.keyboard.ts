import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Translate } from '../i18n/i18n.js';

/** A tariff's card: type a new name, orders per period or reaction time; switch the two flags; back. */
export function tariffCardKeyboard(
  t: Translate,
  tariff: { id: string; canPinContractors: boolean; canSeeContractorContacts: boolean },
): InlineKeyboard {
  const tariffId = tariff.id;
  const flag = (on: boolean) => t(on ? 'tariff-yes' : 'tariff-no');
  return new InlineKeyboard()
    .text(t('button-tariff-name'), callbacks.tariffEdit.encode({ tariffId, field: 'name' }))
    .text(t('button-tariff-orders'), callbacks.tariffEdit.encode({ tariffId, field: 'orders' }))
    .text(t('button-tariff-reaction'), callbacks.tariffEdit.encode({ tariffId, field: 'reaction' }))
    .row()
    .text(
      t('button-tariff-can-pin', { value: flag(tariff.canPinContractors) }),
      callbacks.tariffFlag.encode({ tariffId, flag: 'pin', on: tariff.canPinContractors ? 0 : 1 }),
    )
    .row()
    .text(
      t('button-tariff-contacts', { value: flag(tariff.canSeeContractorContacts) }),
      callbacks.tariffFlag.encode({ tariffId, flag: 'contacts', on: tariff.canSeeContractorContacts ? 0 : 1 }),
    )
    .row()
    .text(t('button-to-tariffs'), callbacks.menu.encode({ screen: 'tariffs' }));
}

/** While the orders per period are asked for: unlimited is a button; or give up. */
export function tariffOrdersKeyboard(t: Translate, tariffId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('button-tariff-unlimited'), callbacks.tariffUnlimited.encode({ tariffId }))
    .row()
    .text(t('button-cancel'), callbacks.cancelFlow.encode({}));
}

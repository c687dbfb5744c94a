import type { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Translate } from '../i18n/i18n.js';

/** Where a shown page of a list sits: which list, which page (0 = first), whether more follow. */
export interface Paging {
  list: string;
  page: number;
  hasNext: boolean;
}

/** Adds "◀️ back" / "more ▶️" for a paged list (callback data: the list's word and a page number). */
export function addPagingRow(keyboard: InlineKeyboard, t: Translate, paging: Paging | undefined): InlineKeyboard {
  if (!paging || (paging.page === 0 && !paging.hasNext)) return keyboard;
  if (paging.page > 0)
    keyboard.text(t('button-page-prev'), callbacks.page.encode({ list: paging.list, page: paging.page - 1 }));
  if (paging.hasNext)
    keyboard.text(t('button-page-next'), callbacks.page.encode({ list: paging.list, page: paging.page + 1 }));
  return keyboard.row();
}

import type { Composer } from 'grammy';
import type { Paging } from '../keyboards/paging.keyboard.js';
import { callbacks } from './callback-data.js';
import type { BotContext, Viewer } from './context.js';
import { onButton, type SignedInContext } from './handlers.js';
import { answerStale } from './menu.js';

/**
 * Lists longer than a page (orders, users, accounts, invoices) page through the API's cursors. The cursors
 * are too long for Telegram's 64 bytes of callback data, so a button names only the list and the page
 * number, and the session keeps the cursor each known page starts after (for the list in the current menu).
 */
export const PAGE_SIZE = 10;

/** Shows page `page` of a list, requesting it with `after` (undefined: the first page). */
export type PageLoader = (ctx: SignedInContext, page: number, after: string | undefined) => Promise<void>;

const lists = new Map<string, { roles: readonly Viewer['role'][]; load: PageLoader }>();

/** Registers a paged list under a short word (its callback data); each feature registers its own. */
export function definePagedList(list: string, roles: readonly Viewer['role'][], load: PageLoader): PageLoader {
  if (lists.has(list)) throw new Error(`paged list ${list} defined twice`);
  lists.set(list, { roles, load });
  return load;
}

/** Remembers where the page just shown ends (so "more" can ask for the next) and what its buttons are. */
export function pageShown(
  ctx: BotContext,
  list: string,
  page: number,
  pageInfo: { hasNextPage: boolean; endCursor?: string | null },
): Paging {
  const known = ctx.session.pages?.list === list ? ctx.session.pages.afters.slice(0, page + 1) : [null];
  const hasNext = pageInfo.hasNextPage && !!pageInfo.endCursor;
  if (hasNext) known[page + 1] = pageInfo.endCursor!;
  ctx.session.pages = { list, afters: known };
  return { list, page, hasNext };
}

/** "11–20 of 57": the items a page shows (none: an empty string). */
export function pageRange(ctx: BotContext, page: number, shown: number, total: number): string {
  if (!shown) return '';
  return ctx.t('page-range', { from: page * PAGE_SIZE + 1, to: page * PAGE_SIZE + shown, total });
}

/** The "◀️ / ▶️" buttons of every paged list: only on the current menu, only for pages the session knows. */
export function handlePaging(composer: Composer<BotContext>): void {
  onButton(composer, callbacks.page, { menu: true }, async (ctx, { list, page }) => {
    const state = ctx.session.pages;
    const entry = lists.get(list);
    if (!entry || state?.list !== list || page < 0 || page >= state.afters.length) return answerStale(ctx);
    if (!entry.roles.includes(ctx.viewer.role)) {
      return void (await ctx.answerCallbackQuery({ text: ctx.t('not-for-your-role'), show_alert: true }));
    }
    await entry.load(ctx, page, state.afters[page] ?? undefined);
  });
}

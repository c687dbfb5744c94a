import { Composer } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext, Viewer } from '../bot/context.js';
import { onButton } from '../bot/handlers.js';
import { handlePaging } from '../bot/pager.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { screenHandler } from '../bot/screens.js';
import { SetMyLanguageDocument } from '../generated/graphql.js';
import { LOCALES, escapeHtml, type Locale } from '../i18n/i18n.js';
import { SCREENS, languageKeyboard, mainMenuKeyboard } from '../keyboards/menu.keyboards.js';
import { commandsFor } from './commands.js';

/** /start, /help, /cancel, /language and the main menu: always available, whatever is in progress. */
export const commonFeature = new Composer<BotContext>();
handlePaging(commonFeature);

commonFeature.command('start', async (ctx) => {
  delete ctx.session.flow;
  if (!ctx.viewer) return refuse(ctx);
  await setChatCommands(ctx, ctx.viewer);
  await showMainMenu(ctx, ctx.viewer, true);
});

commonFeature.command('help', async (ctx) => {
  if (!ctx.viewer) return refuse(ctx);
  await ctx.reply(ctx.t(`help-${ctx.viewer.role.toLowerCase()}`), { parse_mode: 'HTML' });
});

commonFeature.command('cancel', async (ctx) => {
  const had = ctx.session.flow !== undefined;
  delete ctx.session.flow;
  if (!ctx.viewer) return refuse(ctx);
  await ctx.reply(ctx.t(had ? 'cancelled' : 'nothing-to-cancel'));
  await showMainMenu(ctx, ctx.viewer, false);
});

commonFeature.command('language', async (ctx) => {
  if (!ctx.viewer) return refuse(ctx);
  await showMenu(ctx, ctx.t('language-choose'), languageKeyboard(ctx.t));
});

onButton(commonFeature, callbacks.menu, { menu: true }, async (ctx, { screen }) => {
  if (screen === 'main') {
    delete ctx.session.flow;
    return showMainMenu(ctx, ctx.viewer, false);
  }
  if (screen === 'language') return showMenu(ctx, ctx.t('language-choose'), languageKeyboard(ctx.t));
  const handler = screenHandler(screen);
  const allowed = (SCREENS[ctx.viewer.role] as readonly string[]).includes(screen);
  if (!handler || !allowed) return answerStale(ctx);
  delete ctx.session.flow;
  await handler(ctx);
});

onButton(commonFeature, callbacks.language, { menu: true }, async (ctx, { locale }) => {
  // Not a language this bot offers (a forged press, an old bot's button): stale, not an error.
  if (!(LOCALES as readonly string[]).includes(locale)) return answerStale(ctx);
  await ctx.gql.request(SetMyLanguageDocument, { language: locale === 'en' ? 'EN' : 'RU' });
  ctx.locale = locale as Locale;
  ctx.t = ctx.deps.translations.for(ctx.locale);
  await setChatCommands(ctx, ctx.viewer);
  await ctx.answerCallbackQuery({ text: ctx.t('language-set') });
  await showMainMenu(ctx, ctx.viewer, false);
});

/** The role's main menu (a fresh message on /start, else in place of the current menu). */
export async function showMainMenu(ctx: BotContext, viewer: Viewer, greet: boolean): Promise<void> {
  const text = greet
    ? ctx.t('welcome', { name: escapeHtml(viewer.name), role: ctx.t(`role-${viewer.role.toLowerCase()}`) })
    : ctx.t('main-menu');
  await showMenu(ctx, text, mainMenuKeyboard(ctx.t, viewer.role));
}

/** R-USR-1: unknown or deactivated people get a polite refusal that says whom to contact. */
async function refuse(ctx: BotContext): Promise<void> {
  const hint = escapeHtml(ctx.unknownPerson?.contactHint ?? '');
  await ctx.reply(ctx.t(ctx.unknownPerson?.deactivated ? 'refuse-deactivated' : 'refuse-unknown', { hint }), {
    parse_mode: 'HTML',
  });
}

/** The command list Telegram shows in this chat: the role's commands in the person's language. */
async function setChatCommands(ctx: BotContext, viewer: Viewer): Promise<void> {
  try {
    await ctx.api.setMyCommands(commandsFor(viewer.role, ctx.t), { scope: { type: 'chat', chat_id: ctx.chat!.id } });
  } catch (error) {
    // Only the command menu is lost (a Bot API server without setMyCommands); the person still gets the menu.
    ctx.deps.logger.warn({ err: error instanceof Error ? error.message : error }, 'could not set chat commands');
  }
}

import { Bot, session, type Middleware } from 'grammy';
import { ViewerDocument } from '../generated/graphql.js';
import { localeOf } from '../i18n/i18n.js';
import type { StateStores } from '../session/state-stores.js';
import { clientAccountFeature } from '../features/client-account.feature.js';
import { commonFeature } from '../features/common.feature.js';
import { contractorFeature } from '../features/contractor.feature.js';
import { conversationFeature } from '../features/conversation.feature.js';
import { staffFeature } from '../features/staff.feature.js';
import { invoicesFeature } from '../features/invoices.feature.js';
import { ownerFeature } from '../features/owner.feature.js';
import { reportsFeature } from '../features/reports.feature.js';
import { tariffEditFeature } from '../features/tariff-edit.feature.js';
import { tariffsFeature } from '../features/tariffs.feature.js';
import { fallbackFeature } from '../features/fallback.feature.js';
import { newOrderFeature } from '../features/new-order.feature.js';
import { ordersFeature } from '../features/orders.feature.js';
import type { BotContext, BotDeps, SessionData } from './context.js';
import { errorBoundary } from './error-boundary.js';
import { isCommand } from './handlers.js';
import { oneUpdateAtATimePerChat } from './one-at-a-time.js';

export interface CreateBotOptions {
  token: string;
  /** The Bot API server (https://api.telegram.org, or a local one). */
  apiRoot: string;
  /** Where sessions are kept (BOT_STATE). */
  stores: StateStores;
}

/** Builds the bot: context, persistent sessions, the error boundary and one composer per feature. */
export function createBot(options: CreateBotOptions, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, { client: { apiRoot: options.apiRoot } });
  bot.use(
    contextMiddleware(deps),
    privateChatsOnly(deps),
    oneUpdateAtATimePerChat(),
    chatReachability(deps),
    everyCallbackAnswered,
  );
  const guarded = bot.errorBoundary(errorBoundary(deps.logger));
  guarded.use(
    viewerMiddleware,
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: options.stores<SessionData>('sessions'),
    }),
    commonFeature,
    newOrderFeature,
    ordersFeature,
    clientAccountFeature,
    contractorFeature,
    staffFeature,
    ownerFeature,
    invoicesFeature,
    reportsFeature,
    tariffsFeature,
    tariffEditFeature,
    conversationFeature,
    fallbackFeature,
  );
  bot.catch((error) => deps.logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'update failed'));
  return bot;
}

/** Puts the dependencies, the API as the person writing and a first guess at their language onto ctx. */
function contextMiddleware(deps: BotDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    const from = ctx.from;
    ctx.viewer = null;
    setLocale(ctx, from?.language_code);
    ctx.gql = deps.graphql.as({
      id: String(from?.id ?? 0),
      ...(from?.username ? { username: from.username } : {}),
      ...(from?.first_name ? { firstName: from.first_name } : {}),
      ...(from?.last_name ? { lastName: from.last_name } : {}),
      ...(from?.language_code ? { languageCode: from.language_code } : {}),
    });
    await next();
  };
}

/**
 * The bot is for private chats: menus, orders and prompts belong to one person and must never show in a group
 * (where everyone reads them, and the chat's session would be shared by its members). In a group, supergroup or
 * channel nothing reaches the features: a command gets one line pointing to the private chat, a button press is
 * answered with it, the bot says it once when it is added, and everything else is ignored (with privacy mode off
 * the bot would otherwise answer every group message).
 */
function privateChatsOnly(deps: BotDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || chat.type === 'private') return next();
    try {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: ctx.t('private-only'), show_alert: true });
      } else if (ctx.message && isCommand(ctx) && addressedToMe(ctx)) {
        await ctx.reply(ctx.t('private-only'), { reply_parameters: { message_id: ctx.message.message_id } });
      } else if (ctx.myChatMember && chat.type !== 'channel') {
        const was = ctx.myChatMember.old_chat_member.status;
        const now = ctx.myChatMember.new_chat_member.status;
        const joined = (s: string) => s === 'member' || s === 'administrator';
        if (joined(now) && !joined(was)) await ctx.reply(ctx.t('private-only'));
      }
    } catch (error) {
      // Not allowed to write there (a read-only group, removed since): nothing more to do about it.
      deps.logger.warn(
        { err: error instanceof Error ? error.message : error, chatId: chat.id },
        'could not answer in a group',
      );
    }
  };
}

/** A command with no @suffix, or with this bot's: in a group, `/start@OtherBot` is another bot's business. */
function addressedToMe(ctx: BotContext): boolean {
  const command = ctx.message?.text?.split(/\s/, 1)[0] ?? '';
  const at = command.indexOf('@');
  return at < 0 || command.slice(at + 1).toLowerCase() === ctx.me.username.toLowerCase();
}

/**
 * Keeps the chats that blocked the bot in step with Telegram (notifications skip them): a person who blocks the
 * bot (`my_chat_member`: kicked) is marked before the next send fails; one who unblocks or restarts it
 * (member), writes or presses a button is unmarked. Nothing else handles `my_chat_member`.
 */
function chatReachability(deps: BotDeps): Middleware<BotContext> {
  // The mark is kept where BOT_STATE says (the server, by default). If it cannot be written now, the update is
  // still handled: a chat left marked is unmarked by the person's next message, one left unmarked is marked by
  // the next refused send.
  const keep = async (chatId: string, change: 'mark' | 'unmark') => {
    try {
      await deps.blocked[change](chatId);
    } catch (error) {
      deps.logger.warn({ err: error, chatId }, `could not ${change} a blocked chat`);
    }
  };
  return async (ctx, next) => {
    const change = ctx.myChatMember;
    if (change) {
      if (change.chat.type !== 'private') return;
      const chatId = String(change.chat.id);
      if (change.new_chat_member.status === 'kicked') await keep(chatId, 'mark');
      else if (change.new_chat_member.status === 'member') await keep(chatId, 'unmark');
      return;
    }
    if (ctx.chat?.type === 'private' && (ctx.message || ctx.callbackQuery)) await keep(String(ctx.chat.id), 'unmark');
    await next();
  };
}

function setLocale(ctx: BotContext, language: string | undefined): void {
  ctx.locale = localeOf(language);
  ctx.t = ctx.deps.translations.for(ctx.locale);
}

/** Asks the server who is writing (one call per update) and switches to their stored language. */
const viewerMiddleware: Middleware<BotContext> = async (ctx, next) => {
  if (ctx.from && !ctx.from.is_bot) {
    const { viewer } = await ctx.gql.request(ViewerDocument, {});
    switch (viewer.__typename) {
      case 'User':
        ctx.viewer = { id: viewer.id, role: viewer.role, name: viewer.displayName };
        setLocale(ctx, viewer.language);
        break;
      case 'UnknownPerson':
        ctx.unknownPerson = { deactivated: viewer.deactivated, contactHint: viewer.contactHint };
        break;
      case 'Anonymous':
      case 'BotService':
      case 'IntegrationCaller':
        break;
      default: {
        const unhandled: never = viewer;
        throw new Error(`unhandled viewer ${JSON.stringify(unhandled)}`);
      }
    }
  }
  await next();
};

/**
 * Every button press gets an answer (else Telegram shows a spinner): a handler answers with its own text,
 * and whatever it did not answer is answered here with nothing.
 */
const everyCallbackAnswered: Middleware<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  let answered = false;
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') answered = true;
    return prev(method, payload, signal);
  });
  try {
    await next();
  } finally {
    if (!answered) await ctx.answerCallbackQuery().catch(() => undefined);
  }
};

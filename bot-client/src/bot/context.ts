import type { Context, SessionFlavor } from 'grammy';
import type { ActorApi, GraphqlClient } from '../api/graphql-client.js';
import type { Locale, Translate, Translations } from '../i18n/i18n.js';
import type { Logger } from '../logger.js';
import type { BlockedChats } from '../notifications/blocked-chats.js';
import type { OfferCards } from '../notifications/offer-cards.js';
import type { Flow } from './flow.js';

/** Who the person writing is, as the server sees them (null: not a registered, active user). */
export interface Viewer {
  id: string;
  role: 'CLIENT' | 'CONTRACTOR' | 'MANAGER' | 'OWNER';
  name: string;
}

/** What the bot remembers per chat, stored on disk (survives restarts). */
export interface SessionData {
  /** The wizard or prompt in progress, if any. */
  flow?: Flow;
  /** The current menu message: older menus' buttons are stale. */
  menuMessageId?: number;
  /** The paged list in the current menu: `afters[i]` is the cursor page i starts after (null: the first). */
  pages?: { list: string; afters: (string | null)[] };
}

/** Everything the bot needs from outside; tests pass their own. */
export interface BotDeps {
  graphql: GraphqlClient;
  translations: Translations;
  logger: Logger;
  /** Chats that blocked the bot (notifications skip them); see chatReachability in create-bot.ts. */
  blocked: BlockedChats;
  /** Offer cards sent to contractors (forgotten once the order is taken). */
  offerCards: OfferCards;
}

export interface BotContextFlavor {
  deps: BotDeps;
  /** Server calls as the person writing. */
  gql: ActorApi;
  locale: Locale;
  t: Translate;
  /** Who is writing, resolved once per update (null: unknown, deactivated, or not a person). */
  viewer: Viewer | null;
  /** Set when the server does not know the person (R-USR-1): whom to contact. */
  unknownPerson?: { deactivated: boolean; contactHint: string };
}

export type BotContext = Context & SessionFlavor<SessionData> & BotContextFlavor;

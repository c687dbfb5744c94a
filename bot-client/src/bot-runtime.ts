import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphqlClient } from './api/graphql-client.js';
import { createBot } from './bot/create-bot.js';
import type { BotContext } from './bot/context.js';
import { createWebhookServer } from './bot/webhook-server.js';
import type { BotConfig } from './config.js';
import { commandsFor } from './features/commands.js';
import { LOCALES, Translations } from './i18n/i18n.js';
import type { Logger } from './logger.js';
import { BlockedChats } from './notifications/blocked-chats.js';
import {
  ChatSender,
  TELEGRAM_PACING,
  TELEGRAM_RETRY,
  type PacingOptions,
  type RetryOptions,
} from './notifications/chat-sender.js';
import { DeliveryJournal } from './notifications/delivery-journal.js';
import { NotificationConsumer } from './notifications/notification-consumer.js';
import { fileStores, serverStores } from './session/state-stores.js';
import { OfferCards } from './notifications/offer-cards.js';
import type { Bot } from 'grammy';

/** A running bot: updates (long polling or webhook) and the notification consumer. */
export interface BotRuntime {
  bot: Bot<BotContext>;
  consumer: NotificationConsumer;
  /** Webhook mode: where the webhook server listens. */
  webhookAddress?: AddressInfo;
  /** Stops updates, then notifications; each server call in it gives up after the calls' deadline. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Telegram's pacing (tests shorten the per-chat interval). */
  pacing?: PacingOptions;
  /** Waits between tries of a failed send (tests shorten them). */
  retry?: RetryOptions;
  /** Webhook mode: register the webhook with Telegram (off when a test drives the endpoint itself). */
  registerWebhook?: boolean;
  /** Webhook mode: how long Telegram's request waits for the update to be handled (tests shorten it). */
  webhookAnswerMs?: number;
}

/** Starts the bot as configured; resolves once it receives updates. */
export async function startBot(config: BotConfig, logger: Logger, options: StartOptions = {}): Promise<BotRuntime> {
  const apiOptions = {
    url: config.graphqlUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.apiTimeoutMs,
    downloadTimeoutMs: config.reportTimeoutMs,
  };
  const graphql = new GraphqlClient(apiOptions);
  const translations = new Translations();
  const stores = config.state === 'server' ? serverStores(graphql) : fileStores(config.dataDir);
  const offerCards = new OfferCards(stores);
  const blocked = new BlockedChats(stores);
  const bot = createBot(
    { token: config.telegramToken, apiRoot: config.telegramApiRoot, stores },
    { graphql, translations, logger, blocked, offerCards },
  );
  await bot.init();
  await setDefaultCommands(bot, translations, logger);
  const consumer = new NotificationConsumer({
    graphql: new GraphqlClient(apiOptions),
    api: bot.api,
    translations,
    logger,
    sender: new ChatSender(logger, options.pacing ?? TELEGRAM_PACING, options.retry ?? TELEGRAM_RETRY),
    journal: new DeliveryJournal(config.dataDir),
    offerCards,
    blocked,
  });
  consumer.start();

  let server: http.Server | undefined;
  let polling: Promise<void> | undefined;
  if (config.webhook) {
    const url = new URL(config.webhook.url);
    server = createWebhookServer(bot, {
      secret: config.webhook.secret,
      path: url.pathname,
      logger,
      ...(options.webhookAnswerMs ? { answerMs: options.webhookAnswerMs } : {}),
    });
    await new Promise<void>((resolve) => server!.listen(config.webhook!.port, config.webhook!.host, resolve));
    if (options.registerWebhook !== false) {
      await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret });
    }
    logger.info({ url: config.webhook.url }, 'bot receives updates by webhook');
  } else {
    await bot.api.deleteWebhook();
    polling = new Promise<void>((resolve, reject) => {
      bot.start({ onStart: () => resolve(), drop_pending_updates: false }).catch(reject);
    });
    await polling;
    logger.info({ username: bot.botInfo.username }, 'bot receives updates by long polling');
  }

  return {
    bot,
    consumer,
    ...(server ? { webhookAddress: server.address() as AddressInfo } : {}),
    async stop() {
      if (bot.isRunning()) await bot.stop();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await consumer.stop();
      await graphql.close();
    },
  };
}

/**
 * The command list for people the bot does not know yet (per-chat lists are set on /start). A Bot API server
 * without setMyCommands (some local emulators) only costs the command menu, so the bot starts anyway.
 */
async function setDefaultCommands(bot: Bot<BotContext>, translations: Translations, logger: Logger): Promise<void> {
  try {
    for (const locale of LOCALES) {
      await bot.api.setMyCommands(
        commandsFor(null, translations.for(locale)),
        locale === 'ru' ? {} : { language_code: locale },
      );
    }
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, 'could not set the command list');
  }
}

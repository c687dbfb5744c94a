import { mkdtemp, rm } from 'node:fs/promises';
import { startTestSystem, type TestSystem } from './server.js';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { startBot, type BotRuntime } from '../../src/bot-runtime.js';
import { parseBotConfig, type BotConfig } from '../../src/config.js';
import { createBotLogger } from '../../src/logger.js';
import type { PacingOptions, RetryOptions } from '../../src/notifications/chat-sender.js';
import { TcpProxy } from './tcp-proxy.js';
import { TestBotApi } from './test-bot-api.js';
import { TestUser, type TestPerson } from './test-user.js';

export const BOT_TOKEN = '123456789:ITSupport-test-token';

/** Pacing in tests: Telegram's global limit, no per-chat wait (pacing has its own test). */
export const FAST_PACING: PacingOptions = { perSecond: 25, perChatIntervalMs: 0 };

/** Retries of failed sends in tests: the same doubling, from 250 ms up to 2 s (the schedule has its own test). */
export const FAST_RETRY: RetryOptions = { firstDelayMs: 250, maxDelayMs: 2000 };

/** The real server (in-process, fresh database), a loopback Bot API and the real bot between them. */
export interface BotTestEnv {
  t: TestSystem;
  telegram: TelegramServer;
  api: TestBotApi;
  config: BotConfig;
  /** Between the bot and the server when started `throughProxy`. */
  proxy?: TcpProxy;
  bot: BotRuntime;
  /** A person in a private chat with the bot. */
  user(person: TestPerson): TestUser;
  /** Stops the bot and starts it again on the same data directory (sessions, journal, cards). */
  restartBot(): Promise<void>;
  stopBot(): Promise<void>;
  startBot(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBotTestEnv(
  opts: {
    serverEnv?: Record<string, string>;
    botEnv?: Record<string, string>;
    pacing?: PacingOptions;
    retry?: RetryOptions;
    /** The bot reaches the server through a TcpProxy the test can cut or hold (`proxy`). */
    throughProxy?: boolean;
    /** Webhook mode: answer Telegram's request after this long even if the update is still being handled. */
    webhookAnswerMs?: number;
  } = {},
): Promise<BotTestEnv> {
  const t = await startTestSystem({ env: opts.serverEnv ?? {} });
  const proxy = opts.throughProxy ? await TcpProxy.start(`${t.url}/graphql`) : undefined;
  const telegram = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
  await telegram.start();
  const api = new TestBotApi(telegram);
  await api.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'itsupport-bot-test-'));
  const config = parseBotConfig({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    GRAPHQL_URL: proxy ? proxy.url(`${t.url}/graphql`) : `${t.url}/graphql`,
    BOT_SERVICE_TOKEN: t.botToken,
    BOT_DATA_DIR: dataDir,
    TELEGRAM_API_ROOT: api.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.botEnv,
  });
  const logger = createBotLogger(config.logLevel);
  const launch = () =>
    startBot(config, logger, {
      pacing: opts.pacing ?? FAST_PACING,
      retry: opts.retry ?? FAST_RETRY,
      registerWebhook: false,
      ...(opts.webhookAnswerMs ? { webhookAnswerMs: opts.webhookAnswerMs } : {}),
    });
  let bot: BotRuntime | undefined = await launch();
  const env: BotTestEnv = {
    t,
    telegram,
    api,
    config,
    ...(proxy ? { proxy } : {}),
    get bot() {
      return bot!;
    },
    user: (person) => new TestUser(env, person),
    async stopBot() {
      await bot?.stop();
      bot = undefined;
    },
    async startBot() {
      bot = await launch();
    },
    async restartBot() {
      await env.stopBot();
      await env.startBot();
    },
    async stop() {
      await bot?.stop();
      await proxy?.stop();
      await api.stop();
      await telegram.stop();
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

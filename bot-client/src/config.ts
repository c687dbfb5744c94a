import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A deadline in whole seconds, 1..max; anything else is refused with the range. */
const seconds = (fallback: number, max: number) => {
  const message = `a whole number of seconds from 1 to ${max}`;
  return z.coerce.number({ message }).int({ message }).min(1, { message }).max(max, { message }).default(fallback);
};

const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'a token from @BotFather, like 123456:ABC-DEF…'),
  GRAPHQL_URL: z.url().default('http://127.0.0.1:4000/graphql'),
  BOT_SERVICE_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  DATA_DIR: z.string().default('./data'),
  BOT_DATA_DIR: z.string().optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  BOT_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  BOT_WEBHOOK_HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  BOT_API_TIMEOUT_SECONDS: seconds(30, 600),
  // The server builds a report workbook on request from a whole period's orders: that can take far longer
  // than a query, and the person has been told it is being prepared (and sees "sending a file").
  BOT_REPORT_TIMEOUT_SECONDS: seconds(120, 3600),
  BOT_STOP_TIMEOUT_SECONDS: seconds(20, 600),
  BOT_STATE: z
    .enum(['server', 'files'], { message: 'server (kept by the server, for several instances) or files' })
    .default('server'),
});

/** The bot's configuration, read once at start. */
export interface BotConfig {
  telegramToken: string;
  graphqlUrl: string;
  serviceToken: string;
  /** The delivery journal lives here; with `state: 'files'` also sessions, offer cards and blocked chats. */
  dataDir: string;
  /**
   * Where sessions, offer cards and blocked chats are kept: by the server, the same for every bot instance
   * (PRODUCT.md §11), or in files under dataDir for this instance alone.
   */
  state: 'server' | 'files';
  telegramApiRoot: string;
  webhook?: { url: string; secret: string; port: number; host: string };
  logLevel: (typeof LOG_LEVELS)[number];
  /** How long one call to the server may take (queries, mutations, opening the notification stream). */
  apiTimeoutMs: number;
  /** How long a report download may take. */
  reportTimeoutMs: number;
  /** How long SIGINT/SIGTERM waits for a graceful stop before the process exits anyway. */
  stopTimeoutMs: number;
}

/** A variable is missing or wrong; the message names it and says what is expected. */
export class BotConfigError extends Error {}

/**
 * Parses the environment once. The service token comes from BOT_SERVICE_TOKEN, else from the file the
 * server generates in embedded mode (DATA_DIR/secrets/bot-service-token), so one DATA_DIR is enough.
 */
export function parseBotConfig(env: Record<string, string | undefined>): BotConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BotConfigError(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  const e = parsed.data;
  let serviceToken = e.BOT_SERVICE_TOKEN;
  if (!serviceToken) {
    const file = path.join(e.DATA_DIR, 'secrets', 'bot-service-token');
    try {
      serviceToken = readFileSync(file, 'utf8').trim();
    } catch {
      throw new BotConfigError(
        `BOT_SERVICE_TOKEN: not set and ${file} is unreadable (start the server first, or set the server's token)`,
      );
    }
  }
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new BotConfigError('TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL');
  }
  return {
    telegramToken: e.TELEGRAM_BOT_TOKEN,
    graphqlUrl: e.GRAPHQL_URL,
    serviceToken,
    dataDir: e.BOT_DATA_DIR ?? path.join(e.DATA_DIR, 'bot'),
    state: e.BOT_STATE,
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    ...(e.TELEGRAM_WEBHOOK_URL
      ? {
          webhook: {
            url: e.TELEGRAM_WEBHOOK_URL,
            secret: e.TELEGRAM_WEBHOOK_SECRET!,
            port: e.BOT_WEBHOOK_PORT,
            host: e.BOT_WEBHOOK_HOST,
          },
        }
      : {}),
    logLevel: e.LOG_LEVEL,
    apiTimeoutMs: e.BOT_API_TIMEOUT_SECONDS * 1000,
    reportTimeoutMs: e.BOT_REPORT_TIMEOUT_SECONDS * 1000,
    stopTimeoutMs: e.BOT_STOP_TIMEOUT_SECONDS * 1000,
  };
}

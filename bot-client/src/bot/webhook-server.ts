import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';

/** Telegram's request for an update is answered after this long even if the update is still being handled. */
export const WEBHOOK_ANSWER_MS = 10_000;

export interface WebhookOptions {
  /** TELEGRAM_WEBHOOK_SECRET: the X-Telegram-Bot-Api-Secret-Token every request must carry. */
  secret: string;
  /** The path of TELEGRAM_WEBHOOK_URL. */
  path: string;
  logger: Logger;
  answerMs?: number;
}

/**
 * The webhook endpoint: a request without the right X-Telegram-Bot-Api-Secret-Token is refused with 403
 * before its body is read; the rest goes to grammY. An update that takes longer than `answerMs` (a slow
 * server) is answered 200 and goes on being handled — the person still gets their answer, and Telegram does not
 * send it again. (grammY's default rejected instead, and that rejection ended the process.)
 */
export function createWebhookServer(bot: Bot<BotContext>, options: WebhookOptions): http.Server {
  const handle = webhookCallback(bot, 'http', {
    onTimeout: 'return',
    timeoutMilliseconds: options.answerMs ?? WEBHOOK_ANSWER_MS,
  });
  const expected = Buffer.from(options.secret);
  return http.createServer((req, res) => {
    const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('forbidden');
      req.destroy();
      return;
    }
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== options.path) {
      res.writeHead(404).end();
      return;
    }
    // Errors inside an update reach the bot's error boundary; this is what fails around it (a body that is not
    // JSON, the bot's start-up call to Telegram): Telegram gets a 500 and sends the update again later.
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });
}

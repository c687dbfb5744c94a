import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from './context.js';

/**
 * The webhook endpoint: a request without the right X-Telegram-Bot-Api-Secret-Token is refused with 403
 * before its body is read; the rest goes to grammY.
 */
export function createWebhookServer(bot: Bot<BotContext>, secret: string, path: string): http.Server {
  const handle = webhookCallback(bot, 'http');
  const expected = Buffer.from(secret);
  return http.createServer((req, res) => {
    const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('forbidden');
      req.destroy();
      return;
    }
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    void handle(req, res);
  });
}

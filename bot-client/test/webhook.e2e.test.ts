import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, seedCaller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { pending } from './support/notifications.js';
import { waitFor } from './support/test-user.js';

const SECRET = 'webhook-secret-0123456789abcdef';

describe('webhook mode (TELEGRAM_WEBHOOK_URL)', () => {
  let env: BotTestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startBotTestEnv({
      botEnv: {
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        BOT_WEBHOOK_PORT: '0',
        BOT_WEBHOOK_HOST: '127.0.0.1',
      },
    });
    url = `http://127.0.0.1:${env.bot.webhookAddress!.port}/telegram/webhook`;
  });
  afterAll(() => env?.stop());

  const update = (chatId: number, text: string) => ({
    update_id: 1,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Web' },
      from: { id: chatId, is_bot: false, first_name: 'Web', language_code: 'ru' },
      text,
      entities: [{ offset: 0, length: text.length, type: 'bot_command' }],
    },
  });

  it('requests without the right X-Telegram-Bot-Api-Secret-Token get 403 before being parsed', async () => {
    const missing = await fetch(url, { method: 'POST', body: 'not even json' });
    expect(missing.status).toBe(403);
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789abcdefgh' },
      body: JSON.stringify(update(1, '/start')),
    });
    expect(wrong.status).toBe(403);
    expect(env.api.callsOf('sendMessage').filter((c) => c.chat_id === 1)).toEqual([]);
  });

  it('a request with the secret is handled: /start answers the person', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Web' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update(Number(client.telegramId), '/start')),
    });
    expect(res.status).toBe(200);
    const reply = await waitFor(() =>
      env.api.callsOf('sendMessage').find((c) => String(c.chat_id) === client.telegramId && /Web/.test(c.text)),
    );
    expect(reply.reply_markup.inline_keyboard.length).toBeGreaterThan(0);
  });

  /** What Telegram sends when a person blocks (kicked) or unblocks / restarts (member) the bot. */
  const membership = (chatId: number, from: 'member' | 'kicked', to: 'member' | 'kicked', updateId: number) => ({
    update_id: updateId,
    my_chat_member: {
      chat: { id: chatId, type: 'private', first_name: 'Web' },
      from: { id: chatId, is_bot: false, first_name: 'Web' },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: from, user: { id: 123456789, is_bot: true, first_name: 'ITSupport' } },
      new_chat_member: {
        status: to,
        user: { id: 123456789, is_bot: true, first_name: 'ITSupport' },
        ...(to === 'kicked' ? { until_date: 0 } : {}),
      },
    },
  });
  const post = (body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(body),
    });

  it('§6 a person who blocks the bot is skipped without a refused send; unblocking it brings notifications back', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Web' });
    const chatId = Number(client.telegramId);
    const sendsTo = () => env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === client.telegramId);
    const delivered = async () =>
      (
        await env.t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
          [client.id],
        )
      )[0]!.n;

    expect((await post(membership(chatId, 'member', 'kicked', 10))).status).toBe(200);
    await pending(env, [client], 2);
    await waitFor(async () => ((await delivered()) === 2 ? true : undefined));
    expect(sendsTo()).toEqual([]);

    expect((await post(membership(chatId, 'kicked', 'member', 11))).status).toBe(200);
    await pending(env, [client], 1);
    await waitFor(async () => ((await delivered()) === 3 ? true : undefined));
    expect(sendsTo().map((c) => /n=(\d+)/.exec(c.text)?.[1])).toEqual(['1']);
  });
});

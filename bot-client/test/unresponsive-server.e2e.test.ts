import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Translations } from '../src/i18n/i18n.js';
import { newTelegramId, seedAccount, seedCaller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { pending } from './support/notifications.js';
import type { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/test-user.js';
import { draftItHelpOrder } from './support/new-order.js';

/**
 * A server that accepts the bot's connections and never answers (BOT_API_TIMEOUT_SECONDS=1 here). Without the
 * deadline the person below waits forever and the stops never end: the bounds (10 s) are far above the deadline
 * and far below the tests' own limits.
 */
describe('a server that accepts and never answers (BOT_API_TIMEOUT_SECONDS)', () => {
  const BOUND_MS = 10_000;
  let env: BotTestEnv;
  let proxy: TcpProxy;
  let botStopped = false;
  const unexpected = new Translations().for('en')('error-unexpected');

  beforeAll(async () => {
    env = await startBotTestEnv({
      throughProxy: true,
      botEnv: { BOT_API_TIMEOUT_SECONDS: '1' },
      // An instance whose releaseNotifications never arrived: the next one takes over after 2 s, not 15.
      serverEnv: { TELEGRAM_DELIVERY_LEASE_SECONDS: '2' },
    });
    proxy = env.proxy!;
  });
  afterAll(() => env?.stop());
  // Each test starts with the server answering and the bot running.
  beforeEach(async () => {
    proxy.cut({ refuse: false });
    if (botStopped) await env.startBot();
    botStopped = false;
  });
  const stopBot = async () => {
    botStopped = true;
    const started = Date.now();
    await env.stopBot();
    return Date.now() - started;
  };

  it('a person who writes or presses a button gets the usual "try again a bit later" within the deadline', async () => {
    proxy.hold();
    const person = env.user({ telegramId: newTelegramId(), languageCode: 'en' });

    const wrote = Date.now();
    await person.send('/start');
    const answer = await person.waitForMessage((m) => m.text === unexpected);
    expect(Date.now() - wrote).toBeLessThan(BOUND_MS);

    const pressed = Date.now();
    expect(await person.pressData(answer.messageId, 'menu')).toBe(unexpected);
    expect(Date.now() - pressed).toBeLessThan(BOUND_MS);
  }, 40_000);

  it('a button press whose answer Telegram no longer takes (the press is too old by then) gets the "try again" in the chat', async () => {
    const telegramId = newTelegramId();
    const person = env.user({ telegramId, languageCode: 'en' });
    await person.send('/start');
    const menu = await person.waitForMessage(() => true);
    // /start is handled to its end (its session stored) before the server goes quiet: a session write still in
    // flight would fail then and send a "try again" of its own.
    await waitFor(async () => {
      const rows = await env.t.sql(`SELECT 1 FROM bot_state WHERE store = 'sessions' AND key = $1`, [telegramId]);
      return rows.length > 0 || undefined;
    });
    const tooOld = (method: string) =>
      method === 'answerCallbackQuery'
        ? {
            status: 400,
            body: {
              ok: false,
              error_code: 400,
              description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
            },
          }
        : undefined;
    env.api.faults.push(tooOld);
    try {
      proxy.hold();
      const told = () =>
        env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === telegramId && c.text === unexpected).length;
      const toldBefore = told();
      // The bot tries the alert first (Telegram refuses it here), then writes to the chat.
      expect(await person.pressData(menu.messageId, 'menu')).toBe(unexpected);
      await waitFor(() => told() === toldBefore + 1 || undefined);
    } finally {
      env.api.faults.splice(env.api.faults.indexOf(tooOld), 1);
    }
  }, 40_000);

  it('R-ORD-1 "Create order" pressed again after the answer was lost makes no second order: the person gets the one already made', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Vera' });
    const vera = env.user({ telegramId: client.telegramId, firstName: 'Vera' });
    const summary = await draftItHelpOrder(vera, 'Не работает сканер');
    const orders = () =>
      env.t.sql<{ number: string }>(`SELECT number FROM service_order WHERE author_id = $1`, [client.id]);

    // The server creates the order; its answer never reaches the bot, which gives up after 1 s.
    proxy.loseAnswer('mutation CreateOrder');
    const ruUnexpected = new Translations().for('ru')('error-unexpected');
    expect(await vera.press(summary, '✅ Создать заявку')).toBe(ruUnexpected);
    expect(await orders()).toHaveLength(1);

    // The draft is still there: the person presses again and is told about the order that exists.
    await vera.press(summary, '✅ Создать заявку');
    const [order] = await orders();
    await vera.waitForMessage((m) => m.text.includes(order!.number) && /создана/.test(m.text));
    expect(await orders()).toHaveLength(1);
  }, 40_000);

  it('the bot stops within the deadline while the server holds the reopening notification stream and releaseNotifications', async () => {
    const heldBefore = proxy.held;
    proxy.cut({ refuse: false }); // the stream drops and the bot opens it again …
    proxy.hold(); // … on a server that never answers
    await waitFor(() => proxy.held > heldBefore || undefined);

    expect(await stopBot()).toBeLessThan(BOUND_MS);
  }, 40_000);

  it('a notification whose acknowledgement the server holds is sent once; the bot still stops within the deadline, and the replay after a restart is acknowledged, not sent again', async () => {
    const accountId = await seedAccount(env.t);
    const person = await seedCaller(env.t, { role: 'CLIENT', accountId });
    const sends = () => env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId);
    const acknowledged = async () =>
      (
        await env.t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM notification
            WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
          [person.id],
        )
      )[0]!.n;
    // The server goes quiet as the bot sends the notification: its acknowledgement is held.
    const holdOnSend = (method: string, body: Record<string, unknown>) => {
      if (method === 'sendMessage' && String(body.chat_id) === person.telegramId) proxy.hold();
      return undefined;
    };
    env.api.faults.push(holdOnSend);
    try {
      await pending(env, [person], 1);
      await waitFor(() => sends().length === 1 || undefined);

      expect(await stopBot()).toBeLessThan(BOUND_MS);
      expect(await acknowledged()).toBe(0);

      proxy.cut({ refuse: false });
      await env.startBot();
      botStopped = false;
      await waitFor(async () => (await acknowledged()) === 1 || undefined, 30_000);
      expect(sends()).toHaveLength(1);
    } finally {
      env.api.faults.splice(env.api.faults.indexOf(holdOnSend), 1);
    }
  }, 60_000);
});

describe('webhook mode with a server that never answers', () => {
  const SECRET = 'webhook-secret-0123456789abcdef';
  let env: BotTestEnv;
  beforeAll(async () => {
    env = await startBotTestEnv({
      throughProxy: true,
      // The update outlasts Telegram's request (1 s here, 10 s by default): the server's deadline is 4 s.
      webhookAnswerMs: 1_000,
      botEnv: {
        BOT_API_TIMEOUT_SECONDS: '4',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        BOT_WEBHOOK_PORT: '0',
        BOT_WEBHOOK_HOST: '127.0.0.1',
      },
    });
  });
  afterAll(() => env?.stop());

  it('an update that outlasts the webhook request is answered 200 and still handled: the person gets the "try again" answer, the bot lives on', async () => {
    const unexpected = new Translations().for('en')('error-unexpected');
    const url = `http://127.0.0.1:${env.bot.webhookAddress!.port}/telegram/webhook`;
    const chatId = Number(newTelegramId());
    const update = (updateId: number, text: string) => ({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Web' },
        from: { id: chatId, is_bot: false, first_name: 'Web', language_code: 'en' },
        text,
        entities: [{ offset: 0, length: text.length, type: 'bot_command' }],
      },
    });
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    env.proxy!.hold();
    const posted = Date.now();
    expect((await post(update(1, '/start'))).status).toBe(200);
    expect(Date.now() - posted).toBeLessThan(3_000); // answered at 1 s, while the server still holds the call
    const answers = () => env.api.callsOf('sendMessage').filter((c) => Number(c.chat_id) === chatId);
    await waitFor(() => answers().find((c) => c.text === unexpected), 15_000);

    // The process is alive and handles the next update once the server answers again.
    env.proxy!.cut({ refuse: false });
    expect((await post(update(2, '/start'))).status).toBe(200);
    await waitFor(() => answers().length >= 2 || undefined, 15_000);
  }, 40_000);
});

/**
 * PRODUCT.md §11: several bot instances share one state kept by the server (BOT_STATE=server, the default):
 * a conversation begun on one instance continues on another, and a chat one instance learnt was blocked is
 * skipped by the instance that delivers notifications. With per-instance files, both failed.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type BotRuntime } from '../src/bot-runtime.js';
import { createBotLogger } from '../src/logger.js';
import { seedAccount, seedBranch, seedCaller } from './support/server.js';
import { FAST_PACING, FAST_RETRY, startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { pending } from './support/notifications.js';
import { waitFor } from './support/test-user.js';
import { draftItHelpOrder, startItHelpOrder } from './support/new-order.js';

const SECRET = 'second-instance-secret-0123456789';

describe('§11 several bot instances share one state', () => {
  let env: BotTestEnv;
  let second: BotRuntime | undefined;
  let secondDir: string;
  let webhookUrl: string;
  let updateId = 1_000_000;

  beforeAll(async () => {
    env = await startBotTestEnv();
    secondDir = await mkdtemp(path.join(tmpdir(), 'itsupport-bot-second-'));
    // The second instance receives updates by webhook (two long pollers on one token are refused by Telegram),
    // has a data directory of its own, and shares nothing with the first but the server.
    second = await startBot(
      {
        ...env.config,
        dataDir: secondDir,
        webhook: { url: 'https://bot.example.com/telegram', secret: SECRET, port: 0, host: '127.0.0.1' },
      },
      createBotLogger(env.config.logLevel),
      { pacing: FAST_PACING, retry: FAST_RETRY, registerWebhook: false },
    );
    webhookUrl = `http://127.0.0.1:${second.webhookAddress!.port}/telegram`;
  });
  afterAll(async () => {
    await second?.stop();
    await env?.stop();
    await rm(secondDir, { recursive: true, force: true });
  });

  /** An update delivered to the second instance, as Telegram would post it. */
  const toSecond = async (update: Record<string, unknown>) => {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({ update_id: ++updateId, ...update }),
    });
    expect(res.status).toBe(200);
  };
  const person = (telegramId: string, firstName: string) => ({
    chat: { id: Number(telegramId), type: 'private', first_name: firstName },
    from: { id: Number(telegramId), is_bot: false, first_name: firstName, language_code: 'ru' },
  });

  it('§11 R-ORD-1 an order begun on one instance is finished on the other and back: the draft is the same', async () => {
    const accountId = await seedAccount(env.t);
    await seedBranch(env.t, { accountId, name: 'Центральный' });
    await seedBranch(env.t, { accountId, name: 'Заречный' });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Olga' });
    const olga = env.user({ telegramId: client.telegramId, firstName: 'Olga' });

    // First instance (long polling): category and branch.
    await olga.send('/neworder');
    const categories = await olga.waitForMessage((m) => /выберите категорию/.test(m.text) && m.buttons.length > 0);
    await olga.press(categories, 'Ремонт');
    const branches = await olga.waitForMessage(/Для какого филиала/);
    await olga.press(branches, 'Центральный');
    await olga.waitForMessage(/Какое оборудование/);

    // Second instance: the equipment. It knows where the wizard is only from the shared session.
    await toSecond({
      message: {
        message_id: 900_001,
        date: Math.floor(Date.now() / 1000),
        ...person(client.telegramId, 'Olga'),
        text: 'Принтер Kyocera, инв. 0107',
      },
    });
    await olga.waitForMessage(/В чём проблема/);

    // Back on the first instance: it reads what the second wrote, nothing stale.
    await olga.send('Полосы на печати');
    await olga.waitForMessage(/Опишите, что нужно сделать/);
    await olga.send('Бухгалтерия, 3 этаж');
    const summary = await olga.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('Оборудование: Принтер Kyocera, инв. 0107');
    expect(summary.text).toContain('Проблема: Полосы на печати');
    await olga.press(summary, '✅ Создать заявку');
    await olga.waitForMessage(/создана/);
    const [order] = await env.t.sql<{ equipment: string; problem: string }>(
      `SELECT equipment, problem FROM service_order WHERE author_id = $1`,
      [client.id],
    );
    expect(order).toEqual({ equipment: 'Принтер Kyocera, инв. 0107', problem: 'Полосы на печати' });
  });

  it('R-ORD-1 a double press of "Create order" posted to a webhook at once creates one order', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Dina' });
    const dina = env.user({ telegramId: client.telegramId, firstName: 'Dina' });
    const summary = await draftItHelpOrder(dina, 'Не печатает принтер');
    const create = summary.buttons.flat().find((b) => b.text === '✅ Создать заявку')!;

    // Telegram posts both presses to the webhook without waiting for the first answer.
    const press = (id: string) => ({
      callback_query: {
        id,
        ...person(client.telegramId, 'Dina'),
        chat_instance: 'dina',
        message: {
          message_id: summary.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: person(client.telegramId, 'Dina').chat,
        },
        data: create.data,
      },
    });
    await Promise.all([toSecond(press('double-1')), toSecond(press('double-2'))]);
    await waitFor(
      () =>
        env.api
          .callsOf('answerCallbackQuery')
          .filter((a) => ['double-1', 'double-2'].includes(String(a.callback_query_id))).length === 2 || undefined,
    );
    const orders = await env.t.sql(`SELECT id FROM service_order WHERE author_id = $1`, [client.id]);
    expect(orders).toHaveLength(1);
  });

  it('§11 §6 a person blocks the bot on the instance that does not deliver: the delivering one skips their chat', async () => {
    const accountId = await seedAccount(env.t);
    const [boris, vera] = await Promise.all(
      ['Boris', 'Vera'].map((firstName) => seedCaller(env.t, { role: 'CLIENT', accountId, firstName })),
    );
    // The first instance started first and delivers; the second is on standby.
    await waitFor(async () => {
      const [lease] = await env.t.sql<{ consumer: string }>(`SELECT consumer FROM notification_delivery_lease`);
      return lease?.consumer === env.bot.consumer.consumerId || undefined;
    });
    const bot = { id: 123456789, is_bot: true, first_name: 'ITSupport' };
    await toSecond({
      my_chat_member: {
        ...person(boris!.telegramId, 'Boris'),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'member', user: bot },
        new_chat_member: { status: 'kicked', user: bot, until_date: 0 },
      },
    });
    // The webhook answers once the update is handled: the second instance has marked the chat by now.

    await pending(env, [boris!, vera!], 4);
    // Vera's two arrive (sent by the first instance); all four are acknowledged; none went to Boris.
    await waitFor(
      () =>
        env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === vera!.telegramId).length === 2 || undefined,
    );
    await waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE recipient_id = ANY($1) AND delivered_at IS NULL`,
        [[boris!.id, vera!.id]],
      );
      return row!.n === 0 || undefined;
    });
    expect(env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === boris!.telegramId)).toEqual([]);
  });
});

describe('BOT_STATE=files: one instance keeps its state in its own directory', () => {
  let env: BotTestEnv;
  beforeAll(async () => {
    env = await startBotTestEnv({ botEnv: { BOT_STATE: 'files' } });
  });
  afterAll(() => env?.stop());

  it('R-ORD-1 a draft survives a restart on the same data directory; the server keeps nothing of it', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Petr' });
    const petr = env.user({ telegramId: client.telegramId, firstName: 'Petr' });
    await startItHelpOrder(petr);
    await env.restartBot();
    await petr.send('Не работает почта');
    const summary = await petr.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('Не работает почта');
    const sessions = (await readdir(path.join(env.config.dataDir, 'sessions'))).filter((f) => f.endsWith('.json'));
    expect(sessions).toContain(`${client.telegramId}.json`);
    expect(await env.t.sql(`SELECT store, key FROM bot_state`)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTelegramId, seedAccount, seedCaller } from './support/server.js';
import { callbacks } from '../src/bot/callback-data.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';

describe('bot basics: /start, /help, /cancel, /language, commands per role', () => {
  let env: BotTestEnv;
  beforeAll(async () => {
    env = await startBotTestEnv();
  });
  afterAll(() => env?.stop());

  it('R-USR-1 refuses an unknown person politely, saying whom to contact', async () => {
    const stranger = env.user({ telegramId: newTelegramId(), firstName: 'Stranger' });
    await stranger.send('/start');
    const reply = await stranger.waitForMessage(/не знаю/);
    expect(reply.buttons).toEqual([]);
  });

  it('greets a client with the client menu and sets the client commands for that chat', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Анна' });
    const anna = env.user({ telegramId: client.telegramId, firstName: 'Анна' });
    await anna.send('/start');
    const menu = await anna.waitForMessage(/Анна/);
    expect(menu.buttons.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(['🆕 Новая заявка', '📋 Мои заявки', '🌐 Язык']),
    );
    const commands = env.api
      .callsOf('setMyCommands')
      .find((c) => c.scope?.type === 'chat' && String(c.scope.chat_id) === client.telegramId);
    expect(commands?.commands.map((c: { command: string }) => c.command)).toEqual([
      'neworder',
      'orders',
      'start',
      'help',
      'cancel',
      'language',
    ]);
  });

  it('/language switches to English, remembered on the server; the menu is edited, not piled up', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Boris' });
    const boris = env.user({ telegramId: client.telegramId, firstName: 'Boris' });
    await boris.send('/start');
    const menu = await boris.waitForMessage(/Boris/);
    await boris.press(menu, '🌐 Язык');
    const languages = await boris.waitForMessage(/Выберите язык/);
    expect(languages.messageId).toBe(menu.messageId);
    expect(await boris.press(languages, 'English')).toBe('Language saved.');
    await boris.waitForMessage(/Main menu/);
    const [row] = await env.t.sql<{ language: string }>('SELECT language FROM app_user WHERE id = $1', [client.id]);
    expect(row!.language.toUpperCase()).toBe('EN');
    expect(boris.messages().filter((m) => m.buttons.length)).toHaveLength(1);
    await boris.send('/help');
    await boris.waitForMessage(/What I can do/);
  });

  it('/cancel always works and a pressed button of an old menu says it is stale', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Vera' });
    const vera = env.user({ telegramId: client.telegramId, firstName: 'Vera' });
    await vera.send('/start');
    const first = await vera.waitForMessage(/Vera/);
    await vera.send('/start');
    await vera.waitForMessage((m) => m.messageId !== first.messageId && /Vera/.test(m.text));
    // The first menu was removed from the chat; a press on it (e.g. from a stale client) is refused.
    expect(await vera.press(first, '📋 Мои заявки')).toMatch(/устарела/);
    await vera.send('/cancel');
    await vera.waitForMessage(/Нечего отменять/);
  });

  it('the error boundary answers the person when the server refuses (NOT_FOUND) instead of leaving them waiting', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Nina' });
    const nina = env.user({ telegramId: client.telegramId, firstName: 'Nina' });
    await nina.send('/start');
    const menu = await nina.waitForMessage(/Nina/);
    const missing = callbacks.orderCard.encode({ orderId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' });
    expect(await nina.pressData(menu.messageId, missing)).toMatch(/Не найдено/);
    // Garbage callback data (an old bot version, a forged press) is stale, not an error.
    expect(await nina.pressData(menu.messageId, 'zz:nonsense')).toMatch(/устарела/);
  });
});

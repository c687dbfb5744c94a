import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, seedBranch, seedCaller, seedOrder, seedSetting, seedTariff } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';
import { shownIn } from './support/dates.js';
import { draftItHelpOrder } from './support/new-order.js';

describe('CLIENT flows: create (items, branch, credentials), my orders, cancel', () => {
  let env: BotTestEnv;
  let accountId: string;
  let anna: TestUser;
  let ivan: TestUser;
  let branchName: string;

  beforeAll(async () => {
    env = await startBotTestEnv();
    accountId = await seedAccount(env.t);
    await seedBranch(env.t, { accountId, name: 'Северный' });
    branchName = 'Южный';
    await seedBranch(env.t, { accountId, name: branchName });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    anna = env.user({ telegramId: client.telegramId, firstName: 'Anna' });
    ivan = env.user({ telegramId: contractor.telegramId, firstName: 'Ivan' });
  });
  afterAll(() => env?.stop());

  it('R-ORD-1 a cartridge order: category → branch → items → description → credentials deleted from the chat (R-ORD-4)', async () => {
    await anna.send('/start');
    const menu = await anna.waitForMessage(/Anna/);
    await anna.press(menu, '🆕 Новая заявка');
    const categories = await anna.waitForMessage(/выберите категорию/);
    await anna.press(categories, 'Картриджи');
    const branches = await anna.waitForMessage(/Для какого филиала/);
    expect(branches.buttons.flat().map((b) => b.text)).toEqual(['Северный', branchName, '✖️ Отмена']);
    await anna.press(branches, branchName);
    await anna.waitForMessage(/по одному в сообщении/);
    await anna.send('CE285A 2');
    await anna.waitForMessage(/CE285A × 2/);
    // A restart in the middle of the wizard loses nothing: the session is kept (by the server, BOT_STATE).
    await env.restartBot();
    await anna.send('TK-1150 x3');
    const items = await anna.waitForMessage(/TK-1150 × 3/);
    expect(items.text).toContain('CE285A × 2');
    await anna.press(items, '✅ Готово');
    await anna.waitForMessage(/Опишите, что нужно сделать/);
    await anna.send('Для <b>бухгалтерии</b>');
    const summary = await anna.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('&lt;b&gt;бухгалтерии&lt;/b&gt;');
    await anna.press(summary, '🔒 Добавить доступы');
    await anna.waitForMessage(/логины и пароли/);
    const secret = await anna.send('admin / S3cret!');
    const created = await anna.waitForMessage(/создана/);
    expect(anna.stillHas(secret)).toBe(false);
    const number = /(\d{4}-\d{6})/.exec(created.text)![1]!;
    const [order] = await env.t.sql<{ id: string; branch: string; has: boolean; items: number }>(
      `SELECT o.id, b.name AS branch, o.credentials IS NOT NULL AS has,
              (SELECT sum(quantity)::int FROM order_item i WHERE i.order_id = o.id) AS items
         FROM service_order o JOIN branch b ON b.id = o.branch_id WHERE o.number = $1`,
      [number],
    );
    expect(order).toMatchObject({ branch: branchName, has: true, items: 5 });
    // The server's confirmation (R-SLA-6) and the contractor's offer card arrive as notifications.
    await anna.waitForMessage(new RegExp(`${number}</b> зарегистрирована`));
    const offer = await ivan.waitForMessage(new RegExp(`Заявка ${number}`));
    expect(offer.text).toContain('CE285A × 2');
    expect(offer.buttons.flat().map((b) => b.text)).toEqual(['✋ Взять']);
    // Stored sessions (BOT_STATE=server: kept by the server) never hold the credentials.
    const sessions = await env.t.sql<{ value: string }>(`SELECT value FROM bot_state WHERE store = 'sessions'`);
    expect(sessions.length).toBeGreaterThan(0);
    for (const { value } of sessions) expect(value).not.toContain('S3cret');
  });

  it('my orders lists the order; R-ORD-6 the client cancels it; the contractor’s offer card says it is gone', async () => {
    await anna.send('/orders');
    const list = await anna.waitForMessage(/Мои заявки/);
    const line = list.buttons.flat().find((b) => / · новая · Картриджи/.test(b.text))!;
    const number = line.text.split(' ')[0]!;
    await anna.press(list, line.text);
    const card = await anna.waitForMessage(new RegExp(`Заявка ${number}</b> · новая`));
    expect(card.text).toMatch(/Взять до: /);
    await anna.press(card, '✖️ Отменить заявку');
    await anna.waitForMessage(new RegExp(`Заявка ${number} отменена`));
    const [row] = await env.t.sql<{ status: string }>('SELECT status FROM service_order WHERE number = $1', [number]);
    expect(row!.status).toBe('CANCELLED');
    const gone = await ivan.waitForMessage(new RegExp(`${number} уже взял кто-то другой или её отменили`));
    expect(gone.buttons).toEqual([]);
  });

  it('R-ORD-1 a repair order asks for the equipment and the problem; a command in the middle still works', async () => {
    await anna.send('/neworder');
    const categories = await anna.waitForMessage((m) => /выберите категорию/.test(m.text) && m.buttons.length > 0);
    await anna.press(categories, 'Ремонт');
    const branches = await anna.waitForMessage(/Для какого филиала/);
    await anna.press(branches, branchName);
    await anna.waitForMessage(/Какое оборудование/);
    await anna.send('Принтер HP LaserJet, инв. 0042');
    await anna.waitForMessage(/В чём проблема/);
    // /help answers and leaves the wizard where it was.
    await anna.send('/help');
    await anna.waitForMessage(/Что я умею/);
    await anna.send('Зажёвывает бумагу');
    await anna.waitForMessage(/Опишите, что нужно сделать/);
    await anna.send('Срочно, бухгалтерия');
    const summary = await anna.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('Оборудование: Принтер HP LaserJet, инв. 0042');
    expect(summary.text).toContain('Проблема: Зажёвывает бумагу');
    await anna.press(summary, '✅ Создать заявку');
    const created = await anna.waitForMessage(/создана/);
    const number = /(\d{4}-\d{6})/.exec(created.text)![1]!;
    const [order] = await env.t.sql<{ equipment: string; problem: string; has: boolean }>(
      'SELECT equipment, problem, credentials IS NOT NULL AS has FROM service_order WHERE number = $1',
      [number],
    );
    expect(order).toEqual({ equipment: 'Принтер HP LaserJet, инв. 0042', problem: 'Зажёвывает бумагу', has: false });
  });

  it('an IT-help order without credentials; a refusal is explained (R-ACC-3 open orders limit)', async () => {
    const owner = await seedCaller(env.t, { role: 'OWNER' });
    await env.t.ok(
      `mutation { updateSetting(key: "MAX_OPEN_ORDERS_PER_CLIENT", value: "2") { __typename } }`,
      {},
      owner.as,
    );
    const create = async () => {
      await anna.send('/neworder');
      const categories = await anna.waitForMessage((m) => /выберите категорию/.test(m.text) && m.buttons.length > 0);
      await anna.press(categories, 'ИТ-помощь');
      const branches = await anna.waitForMessage(/Для какого филиала/);
      await anna.press(branches, 'Северный');
      await anna.waitForMessage(/Опишите, что нужно сделать/);
      await anna.send('Не печатает принтер');
      const summary = await anna.waitForMessage(/Проверьте заявку/);
      await anna.press(summary, '✅ Создать заявку');
    };
    await create();
    await anna.waitForMessage(/создана/);
    await create();
    const refusal = await waitFor(() => anna.messages().find((m) => /открытых заявок/.test(m.text)));
    // The repair order above and this one are open; the limit is 2.
    expect(refusal.text).toContain('У вас 2 открытых заявок (максимум 2)');
  });

  it('R-ACC-3 R-BIL-1 the order-limit refusal says when the next period starts: 00:00 in TIMEZONE for an account without its own zone', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'BILLING_DAY', '1');
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    env.t.clock.set(new Date('2031-02-10T00:00:00Z'));
    const tariffId = await seedTariff(env.t, { ordersPerPeriod: 1 });
    const limitedId = await seedAccount(env.t, { tariffId });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId: limitedId, firstName: 'Yana' });
    await seedOrder(env.t, { accountId: limitedId, authorId: client.id });
    const yana = env.user({ telegramId: client.telegramId, firstName: 'Yana' });

    await yana.press(await draftItHelpOrder(yana, 'Не работает почта'), '✅ Создать заявку');
    const refusal = await yana.waitForMessage(/Лимит заявок/);
    // The period [1 Feb, 1 Mar) in Vladivostok ends at 00:00 on 1 Mar there (17:00 on 28 Feb in Moscow).
    expect(refusal.text).toContain('Следующий период начнётся 01.03.2031, 00:00.');
  });

  it('R-SLA-6 the take-by time on the created order and on its card is in TIMEZONE for an account without its own zone, not in Moscow', async () => {
    // After the order-limit test: TIMEZONE is Asia/Vladivostok (set again here) and the server's clock is fixed.
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    env.t.clock.set(new Date('2031-02-10T00:00:00Z'));
    const zonelessId = await seedAccount(env.t, { name: 'Без зоны' });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId: zonelessId, firstName: 'Zoya' });
    const zoya = env.user({ telegramId: client.telegramId, firstName: 'Zoya' });

    await zoya.send('/neworder');
    await zoya.press(
      await zoya.waitForMessage((m) => /выберите категорию/.test(m.text) && m.buttons.length > 0),
      'ИТ-помощь',
    );
    await zoya.waitForMessage(/Опишите, что нужно сделать/);
    await zoya.send('Сломалась мышь');
    await zoya.press(await zoya.waitForMessage(/Проверьте заявку/), '✅ Создать заявку');
    const created = await zoya.waitForMessage(/создана/);
    const number = /(\d{4}-\d{6})/.exec(created.text)![1]!;
    const [order] = await env.t.sql<{ due: Date }>(
      'SELECT reaction_due_at AS due FROM service_order WHERE number = $1',
      [number],
    );
    const shown = (zone: string) => shownIn(zone, order!.due);
    expect(shown('Asia/Vladivostok')).not.toBe(shown('Europe/Moscow'));
    expect(created.text).toContain(`Взять до: ${shown('Asia/Vladivostok')}`);

    await zoya.send('/orders');
    const list = await zoya.waitForMessage(/Мои заявки/);
    await zoya.press(list, new RegExp(`^${number} `));
    const card = await zoya.waitForMessage(new RegExp(`Заявка ${number}</b> · новая`));
    expect(card.text).toContain(`Взять до: ${shown('Asia/Vladivostok')}`);
  });
});

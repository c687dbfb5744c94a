import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, seedCaller, seedSetting, sweep, type Caller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { shownIn } from './support/dates.js';
import type { TestUser } from './support/test-user.js';

const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id number } } }`;
const MINUTE = 60_000;

describe('MANAGER flows: SLA warnings with actions, assign / unassign, cancel with a reason, free contractors', () => {
  let env: BotTestEnv;
  let client: { id: string; telegramId: string; as: Caller };
  let maria: TestUser;
  let olga: TestUser;
  let ivan: TestUser;
  let anna: TestUser;
  let itHelp: string;

  const createOrder = async (description: string) =>
    (
      await env.t.ok<{ createOrder: { id: string; number: string } }>(
        CREATE,
        { input: { categoryId: itHelp, description } },
        client.as,
      )
    ).createOrder;

  beforeAll(async () => {
    env = await startBotTestEnv();
    const accountId = await seedAccount(env.t);
    client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const manager = await seedCaller(env.t, { role: 'MANAGER', firstName: 'Maria' });
    const owner = await seedCaller(env.t, { role: 'OWNER', firstName: 'Olga' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan', username: 'ivan_fixes' });
    maria = env.user({ telegramId: manager.telegramId, firstName: 'Maria' });
    olga = env.user({ telegramId: owner.telegramId, firstName: 'Olga' });
    ivan = env.user({ telegramId: contractor.telegramId, firstName: 'Ivan', username: 'ivan_fixes' });
    anna = env.user({ telegramId: client.telegramId, firstName: 'Anna' });
    const [row] = await env.t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    itHelp = row!.id;
  });
  afterAll(() => env?.stop());

  it('R-SLA-2 a not-taken warning arrives in chat when the clock passes 95%; R-ORD-8 the manager assigns from it', async () => {
    const order = await createOrder('Сломался сканер');
    env.t.clock.advance(58 * MINUTE);
    await sweep(env.t.system, env.t.clock);
    const warning = await maria.waitForMessage(new RegExp(`${order.number}</b> всё ещё не взяли`));
    expect(warning.text).toContain('https://t.me/ivan_fixes');
    await maria.press(warning, '👷 Ivan');
    const estimates = await maria.waitForMessage(
      (m) => m.messageId === warning.messageId && m.buttons.flat().length === 6,
    );
    await maria.press(estimates, '4 ч');
    await maria.waitForMessage(new RegExp(`Заявка ${order.number} назначена: Ivan`));
    const assigned = await ivan.waitForMessage(new RegExp(`Вам назначена заявка <b>${order.number}`));
    expect(assigned.text).toContain('4 ч');
    await ivan.press(assigned, '📋 Открыть заявку');
    const card = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}</b> · в работе`));
    expect(card.buttons.flat().map((b) => b.text)).toContain('✅ Выполнена');
    await anna.waitForMessage(new RegExp(`${order.number}</b> взял`));
    const [row] = await env.t.sql<{ status: string; estimate_hours: number }>(
      'SELECT status, estimate_hours FROM service_order WHERE id = $1',
      [order.id],
    );
    expect(row).toEqual({ status: 'IN_PROGRESS', estimate_hours: 4 });
  });

  it('R-ORD-7 unassign from the order card with a reason; the contractor is told', async () => {
    await maria.send('/orders');
    const list = await maria.waitForMessage(/Открытые заявки/);
    const line = list.buttons.flat().find((b) => / · в работе · /.test(b.text))!;
    const number = line.text.split(' ')[0]!;
    await maria.press(list, line.text);
    const card = await maria.waitForMessage(new RegExp(`Заявка ${number}</b> · в работе`));
    await maria.press(card, '↩️ Снять исполнителя');
    await maria.waitForMessage(/Почему вы снимаете исполнителя/);
    await maria.send('Срочно нужен на другом объекте');
    await maria.waitForMessage(new RegExp(`Заявка ${number} вернулась в очередь`));
    await ivan.waitForMessage(new RegExp(`${number}</b> снята с вас. Причина: Срочно нужен на другом объекте`));
  });

  it('R-ORD-6 staff cancel with a reason; R-SLA-4 a breach reaches owners and managers', async () => {
    const order = await createOrder('Не работает телефон');
    env.t.clock.advance(61 * MINUTE);
    await sweep(env.t.system, env.t.clock);
    await olga.waitForMessage(new RegExp(`${order.number}</b> не взяли вовремя`));
    const breach = await maria.waitForMessage(new RegExp(`${order.number}</b> не взяли вовремя`));
    expect(breach.buttons).toEqual([]);
    const warning = await maria.waitForMessage(new RegExp(`${order.number}</b> всё ещё не взяли`));
    await maria.press(warning, '✖️ Отменить заявку');
    await maria.waitForMessage(/Почему заявка отменяется/);
    await maria.send('Дубль');
    await maria.waitForMessage(new RegExp(`Заявка ${order.number} отменена`));
    const [row] = await env.t.sql<{ status: string; cancel_reason: string }>(
      'SELECT status, cancel_reason FROM service_order WHERE id = $1',
      [order.id],
    );
    expect(row).toEqual({ status: 'CANCELLED', cancel_reason: 'Дубль' });
    await anna.waitForMessage(new RegExp(`${order.number}</b> отменена. Причина: Дубль`));
  });

  it('free contractors with contact links; at-risk orders; a one-time admin sign-in link', async () => {
    await maria.send('/start');
    const menu = await maria.waitForMessage((m) => /Maria/.test(m.text) && m.buttons.length > 0);
    await maria.press(menu, '👷 Свободные исполнители');
    const free = await maria.waitForMessage(/самые свободные сверху/);
    expect(free.text).toMatch(/<a href="https:\/\/t.me\/ivan_fixes">Ivan<\/a>: в работе 0/);
    await maria.press(free, '⬅️ Назад');
    const back = await maria.waitForMessage((m) => m.messageId === free.messageId && m.text === 'Главное меню');
    await maria.press(back, '🔑 Ссылка в админку');
    const link = await maria.waitForMessage(/Одноразовая ссылка в админку/);
    expect(link.text).toMatch(/https?:\/\/\S+/);
    const [links] = await env.t.sql<{ n: number }>('SELECT count(*)::int AS n FROM login_link');
    expect(links!.n).toBe(1);
  });

  it('at-risk orders list what was warned about; R-ORD-8 assign from the order card; offers speak the contractor’s language', async () => {
    const emma = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Emma' });
    await env.t.sql(`UPDATE app_user SET language = 'en' WHERE id = $1`, [emma.id]);
    const order = await createOrder('Новый ноутбук');
    const offer = await env
      .user({ telegramId: emma.telegramId, firstName: 'Emma' })
      .waitForMessage(/Order \d{4}-\d{6}/);
    expect(offer.text).toContain(`<b>Order ${order.number}</b>, take by`);
    expect(offer.buttons.flat().map((b) => b.text)).toEqual(['✋ Take']);
    env.t.clock.advance(58 * MINUTE);
    await sweep(env.t.system, env.t.clock);
    await maria.waitForMessage(new RegExp(`${order.number}</b> всё ещё не взяли`));
    await maria.send('/start');
    const menu = await maria.waitForMessage((m) => /Maria/.test(m.text) && m.buttons.length > 0);
    await maria.press(menu, '⚠️ Заявки под угрозой');
    const atRisk = await maria.waitForMessage(/Заявки под угрозой/);
    const line = atRisk.buttons.flat().find((b) => b.text.startsWith(order.number))!;
    await maria.press(atRisk, line.text);
    const card = await maria.waitForMessage(new RegExp(`Заявка ${order.number}</b> · новая`));
    await maria.press(card, '👷 Назначить');
    const choices = await maria.waitForMessage(
      (m) => m.messageId === card.messageId && m.buttons.flat().some((b) => b.text === '👷 Emma'),
    );
    await maria.press(choices, '👷 Emma');
    const estimates = await maria.waitForMessage(
      (m) => m.messageId === card.messageId && m.buttons.flat().length === 6,
    );
    await maria.press(estimates, '8 ч');
    await maria.waitForMessage(new RegExp(`Заявка ${order.number} назначена: Emma`));
    const [row] = await env.t.sql<{ contractor_id: string; estimate_hours: number }>(
      'SELECT contractor_id, estimate_hours FROM service_order WHERE id = $1',
      [order.id],
    );
    expect(row).toEqual({ contractor_id: emma.id, estimate_hours: 8 });
  });

  it('R-SLA-3 a running-long warning arrives when 95% of the estimate has passed, with unassign and cancel', async () => {
    const order = await createOrder('Настроить сервер');
    const offer = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}</b>, взять до`));
    await ivan.press(offer, '✋ Взять');
    const estimates = await ivan.waitForMessage(
      (m) => m.messageId === offer.messageId && m.buttons.flat().length === 6,
    );
    await ivan.press(estimates, '1 ч');
    await ivan.waitForMessage((m) => m.messageId === offer.messageId && /Вы взяли/.test(m.text));
    env.t.clock.advance(58 * MINUTE);
    await sweep(env.t.system, env.t.clock);
    const warning = await maria.waitForMessage(new RegExp(`${order.number}</b> затягивается`));
    expect(warning.buttons.flat().map((b) => b.text)).toEqual(['↩️ Снять исполнителя', '✖️ Отменить заявку']);
  });

  it('the admin sign-in link’s expiry is shown in TIMEZONE (staff have no account zone), not in Moscow', async () => {
    // Last in this file: it changes TIMEZONE.
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    const sent = await maria.send('/login');
    const link = await maria.waitForMessage((m) => m.messageId > sent && /Одноразовая ссылка в админку/.test(m.text));
    const [row] = await env.t.sql<{ expires: Date }>(
      'SELECT expires_at AS expires FROM login_link ORDER BY created_at DESC LIMIT 1',
    );
    expect(shownIn('Asia/Vladivostok', row!.expires)).not.toBe(shownIn('Europe/Moscow', row!.expires));
    expect(link.text).toContain(`(действует до ${shownIn('Asia/Vladivostok', row!.expires)})`);
  });
});

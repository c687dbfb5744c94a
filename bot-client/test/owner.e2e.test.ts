import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTelegramId, seedAccount, seedCaller, seedInvoice, seedSetting, seedTariff } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';

describe('OWNER flows: users of every role, a client’s tariff, invoices paid, tariffs', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;
  let accountName: string;
  let accountId: string;

  beforeAll(async () => {
    // A fresh data directory with only BOOTSTRAP_OWNER_TELEGRAM_ID: that person's /start opens the owner menu.
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    accountName = 'ООО Ромашка';
    accountId = await seedAccount(env.t, { name: accountName });
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
  });
  afterAll(() => env?.stop());

  it('the bootstrap owner’s /start opens the owner menu', async () => {
    await olga.send('/start');
    const menu = await olga.waitForMessage(/владелец/);
    expect(menu.buttons.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(['👥 Пользователи', '🏢 Тарифы клиентов', '🧾 Неоплаченные счета', '💼 Тарифы']),
    );
  });

  it('R-USR-1 adds a user of every role by @username or Telegram id; the new person is greeted by role', async () => {
    const adds: { role: string; who: string; account?: boolean }[] = [
      { role: 'клиент', who: '@new_client_1 Клава', account: true },
      { role: 'исполнитель', who: '@new_contractor Пётр' },
      { role: 'менеджер', who: `${newTelegramId()} Мария` },
      { role: 'владелец', who: '@second_owner' },
    ];
    for (const add of adds) {
      await olga.send('/users');
      const users = await olga.waitForMessage(/Пользователи<\/b>/);
      await olga.press(users, `➕ ${add.role}`);
      await olga.waitForMessage(/отправьте @username или Telegram id/);
      await olga.send(add.who);
      if (add.account) {
        const accounts = await olga.waitForMessage(/К какому клиентскому аккаунту/);
        await olga.press(accounts, accountName);
      }
      await olga.waitForMessage(new RegExp(`добавлен \\(${add.role}\\)`));
    }
    const rows = await env.t.sql<{ username: string | null; role: string; account_id: string | null }>(
      `SELECT username, role, account_id FROM app_user WHERE username IN ('new_client_1', 'new_contractor', 'second_owner')
        ORDER BY username`,
    );
    expect(rows).toEqual([
      { username: 'new_client_1', role: 'CLIENT', account_id: accountId },
      { username: 'new_contractor', role: 'CONTRACTOR', account_id: null },
      { username: 'second_owner', role: 'OWNER', account_id: null },
    ]);
    // The pre-registered contractor writes for the first time: linked by @username, greeted as a contractor.
    const petr = env.user({ telegramId: newTelegramId(), firstName: 'Пётр', username: 'new_contractor' });
    await petr.send('/start');
    await petr.waitForMessage(/исполнитель/);
  });

  it('R-USR-3 deactivates and reactivates a user from the user card', async () => {
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Zakhar' });
    await olga.send('/users');
    const users = await olga.waitForMessage(/Пользователи<\/b>/);
    await olga.press(users, /^Zakhar/);
    const card = await olga.waitForMessage(/<b>Zakhar<\/b>/);
    await olga.press(card, '⛔ Деактивировать');
    const done = await olga.waitForMessage(/Zakhar деактивирован/);
    const [off] = await env.t.sql<{ active: boolean }>('SELECT active FROM app_user WHERE id = $1', [contractor.id]);
    expect(off!.active).toBe(false);
    const zakhar = env.user({ telegramId: contractor.telegramId, firstName: 'Zakhar' });
    await zakhar.send('/start');
    await zakhar.waitForMessage(/доступ отключён/);
    await olga.press(done, '⬅️ Назад');
    const menu = await olga.waitForMessage((m) => m.messageId === done.messageId && m.text === 'Главное меню');
    await olga.press(menu, '👥 Пользователи');
    const again = await olga.waitForMessage((m) => m.messageId === done.messageId && /Пользователи/.test(m.text));
    await olga.press(again, /^⛔ Zakhar/);
    const inactive = await olga.waitForMessage(/<b>Zakhar<\/b>/);
    await olga.press(inactive, '✅ Вернуть доступ');
    await olga.waitForMessage(/Zakhar снова активен/);
  });

  it('R-BIL-4 changes a client’s tariff; R-BIL-3 marks an invoice paid; toggles a tariff', async () => {
    const gold = await seedTariff(env.t, { name: 'Золото' });
    await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.text.includes('Olga') && m.buttons.length > 0);
    await olga.press(menu, '🏢 Тарифы клиентов');
    const accounts = await olga.waitForMessage(/Клиентские аккаунты/);
    await olga.press(accounts, accountName);
    const tariffs = await olga.waitForMessage(/Выберите новый тариф/);
    await olga.press(tariffs, 'Золото');
    const changed = await olga.waitForMessage(/теперь на тарифе Золото/);
    const [account] = await env.t.sql<{ tariff_id: string }>('SELECT tariff_id FROM client_account WHERE id = $1', [
      accountId,
    ]);
    expect(account!.tariff_id).toBe(gold);

    await env.t.sql(
      `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount)
       VALUES ($1, $2, now() - interval '40 days', now() - interval '10 days', 1500)`,
      [accountId, gold],
    );
    await olga.press(changed, '⬅️ Назад');
    const main = await olga.waitForMessage((m) => m.messageId === changed.messageId && m.text === 'Главное меню');
    await olga.press(main, '🧾 Неоплаченные счета');
    const invoices = await olga.waitForMessage(/Неоплаченные счета/);
    await olga.press(invoices, new RegExp(`^💳 ${accountName}`));
    const paidOn = await olga.waitForMessage(/Когда счёт оплачен/);
    await olga.press(paidOn, /^📅 Сегодня/);
    const note = await olga.waitForMessage(/Добавьте примечание/);
    await olga.press(note, 'Без примечания');
    await olga.waitForMessage(/отмечен оплаченным/);
    const [invoice] = await env.t.sql<{ status: string; payment_note: string | null }>(
      'SELECT status, payment_note FROM invoice WHERE account_id = $1',
      [accountId],
    );
    expect(invoice).toEqual({ status: 'PAID', payment_note: null });

    await olga.send('/start');
    const menu2 = await olga.waitForMessage((m) => m.text.includes('Olga') && m.buttons.length > 0);
    await olga.press(menu2, '💼 Тарифы');
    const list = await olga.waitForMessage(/<b>Тарифы<\/b>/);
    await olga.press(list, '⛔ Выключить Золото');
    await olga.waitForMessage((m) => m.messageId === list.messageId && /Золото: [^\n]*выключен/.test(m.text));
    const [tariff] = await env.t.sql<{ active: boolean }>('SELECT active FROM tariff WHERE id = $1', [gold]);
    expect(tariff!.active).toBe(false);
  });

  it('R-REP-1 reports as XLSX files: the owner picks a report and receives the file', async () => {
    await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.text.includes('Olga') && m.buttons.length > 0);
    await olga.press(menu, '📈 Отчёты (XLSX)');
    const reports = await olga.waitForMessage(/<b>Отчёты<\/b>/);
    await olga.press(reports, 'Заявки по клиентам');
    const periods = await olga.waitForMessage(/за какой расчётный период/);
    expect(await olga.press(periods, /^Текущий: /)).toBe('Готовлю файл…');
    const sent = await waitFor(() =>
      env.api.callsOf('sendDocument').find((c) => String(c.chat_id) === ownerTelegramId),
    );
    expect(sent.document.filename).toMatch(/^account-orders-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // An XLSX file is a ZIP archive.
    expect(sent.document.data.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(sent.caption).toMatch(/^Заявки по клиентам · \d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}$/);
    expect(env.api.callsOf('sendChatAction').some((c) => c.action === 'upload_document')).toBe(true);
  });

  it('R-TAR-1 creates a tariff and gives it a new price (kept as history)', async () => {
    await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.text.includes('Olga') && m.buttons.length > 0);
    await olga.press(menu, '💼 Тарифы');
    const list = await olga.waitForMessage(/<b>Тарифы<\/b>/);
    await olga.press(list, '➕ Новый тариф');
    await olga.waitForMessage(/одной строкой/);
    await olga.send('Серебро; 3000');
    await olga.waitForMessage(/Не получилось разобрать/);
    await olga.send('Серебро; 3000; 0; 120; да; нет');
    const created = await olga.waitForMessage(/Тариф Серебро создан/);
    const [tariff] = await env.t.sql<{
      id: string;
      orders_per_period: number | null;
      reaction_time_minutes: number;
      can_pin_contractors: boolean;
    }>(`SELECT id, orders_per_period, reaction_time_minutes, can_pin_contractors FROM tariff WHERE name = 'Серебро'`);
    expect(tariff).toMatchObject({ orders_per_period: null, reaction_time_minutes: 120, can_pin_contractors: true });
    await olga.press(created, '⬅️ Назад');
    const main = await olga.waitForMessage((m) => m.messageId === created.messageId && m.text === 'Главное меню');
    await olga.press(main, '💼 Тарифы');
    const tariffs = await olga.waitForMessage((m) => m.messageId === created.messageId && /Серебро: 3000/.test(m.text));
    const row = tariffs.buttons.find((r) => r.some((b) => b.text === '⛔ Выключить Серебро'))!;
    await olga.pressData(tariffs.messageId, row.find((b) => b.text === '💲 Цена')!.data!);
    await olga.waitForMessage(/новую цену/);
    // The server's test clock stands still and the tariff's first price is from the moment it was created: a price
    // "from now" (the server's) needs that clock to move on.
    env.t.clock.advance(60_000);
    await olga.send('3500,50');
    await olga.waitForMessage(/Серебро теперь стоит 3500.50 ₽/);
    const prices = await env.t.sql<{ price: string }>(
      'SELECT price::text FROM tariff_price WHERE tariff_id = $1 ORDER BY effective_from',
      [tariff!.id],
    );
    expect(prices.map((p) => p.price)).toEqual(['3000.00', '3500.50']);
  });

  it('R-TAR-1 R-BIL-1 a price refused for an invoiced period names the period’s first day in TIMEZONE, not in Moscow', async () => {
    // Last in this file: it changes TIMEZONE.
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    const tariffId = await seedTariff(env.t, { name: 'Восток' });
    const billedId = await seedAccount(env.t, { name: 'ООО Приморье', tariffId });
    // A period already invoiced from 1 Mar 2031 00:00 Vladivostok time (28 Feb 17:00 in Moscow): a price from now
    // would change it.
    await seedInvoice(env.t, {
      accountId: billedId,
      issuedAt: new Date('2031-02-28T15:00:00Z'),
      periodStart: new Date('2031-02-28T14:00:00Z'),
    });
    await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.text.includes('Olga') && m.buttons.length > 0);
    await olga.press(menu, '💼 Тарифы');
    const tariffs = await olga.waitForMessage((m) => /<b>Тарифы<\/b>/.test(m.text) && /Восток/.test(m.text));
    const row = tariffs.buttons.find((r) => r.some((b) => b.text === '⛔ Выключить Восток'))!;
    await olga.pressData(tariffs.messageId, row.find((b) => b.text === '💲 Цена')!.data!);
    await olga.waitForMessage(/новую цену/);
    await olga.send('5000');
    const refused = await olga.waitForMessage(/уже выставленный период/);
    expect(refused.text).toContain('(с 01.03.2031)');
  });

  it('R-TAR-1 R-BIL-1 once that period is closed, its first day stays the one of the zone it was closed in after TIMEZONE changes', async () => {
    // After the test above. The period from 1 Mar 2031 00:00 Vladivostok time is closed there; then TIMEZONE
    // becomes Moscow, where that moment is 28 Feb 17:00.
    await env.t.sql(
      `INSERT INTO billing_period (period_start, period_end, billing_day, time_zone, closed_at, invoice_count,
                                   invoice_total, payout_count, payout_total)
       VALUES ('2031-02-28T14:00:00Z', '2031-03-31T14:00:00Z', 1, 'Asia/Vladivostok', '2031-03-31T14:00:00Z', 1,
               1000, 0, 0)`,
    );
    await seedSetting(env.t, 'TIMEZONE', 'Europe/Moscow');
    const sent = await olga.send('/start');
    const menu = await olga.waitForMessage(
      (m) => m.messageId > sent && m.text.includes('Olga') && m.buttons.length > 0,
    );
    await olga.press(menu, '💼 Тарифы');
    const tariffs = await olga.waitForMessage(
      (m) => m.messageId > sent && /<b>Тарифы<\/b>/.test(m.text) && /Восток/.test(m.text),
    );
    const row = tariffs.buttons.find((r) => r.some((b) => b.text === '⛔ Выключить Восток'))!;
    await olga.pressData(tariffs.messageId, row.find((b) => b.text === '💲 Цена')!.data!);
    const ask = await olga.waitForMessage((m) => m.messageId === menu.messageId && /новую цену/.test(m.text));
    await olga.send('5000');
    const refused = await olga.waitForMessage(
      (m) => m.messageId > ask.messageId && /уже выставленный период/.test(m.text),
    );
    expect(refused.text).toContain('(с 01.03.2031)');
  });
});

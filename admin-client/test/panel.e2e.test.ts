import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { createOrder, loginLink, seedAccountWithPeople, type Seeded } from './support/seed';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];
let seeded: Seeded;
let assignedOrder: { id: string; number: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  seeded = await seedAccountWithPeople(server, 'Romashka LLC');
  ({ context, page, consoleErrors } = await openPage(browser));
  await page.goto(await loginLink(server));
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('admin panel pages against the real server', () => {
  it('R-TAR-1 creates a tariff and shows it in the list with its price history', async () => {
    await page.getByRole('link', { name: 'Тарифы' }).click();
    await page.getByLabel('Название').fill('Gold 24/7');
    await page.getByLabel('Заявок за период').fill('40');
    await page.getByLabel('Время реакции, мин').fill('30');
    await page.getByLabel('Цена за период, ₽').fill('15000');
    await page.getByRole('button', { name: 'Создать' }).click();
    const card = page.locator('details[data-tariff-name="Gold 24/7"]');
    await card.waitFor();
    await card.locator('summary').click();
    await expect(card.locator('table tbody tr').count()).resolves.toBe(1);
    expect(await card.locator('table').textContent()).toContain('15');
    const tariffs = await server.gql(`{ tariffs { name ordersPerPeriod reactionTimeMinutes currentPrice } }`);
    expect(tariffs.tariffs).toContainEqual({
      name: 'Gold 24/7',
      ordersPerPeriod: 40,
      reactionTimeMinutes: 30,
      currentPrice: expect.stringMatching(/^15000/),
    });
  });

  it('§9 an invalid setting is refused with its allowed range in the panel’s language and changes nothing', async () => {
    const refusal = await server.gql(
      `mutation { updateSetting(key: "BILLING_DAY", value: "40") { __typename ... on SettingValueRejected { message } } }`,
    );
    expect(refusal.updateSetting.__typename).toBe('SettingValueRejected');
    await page.getByRole('link', { name: 'Настройки' }).click();
    const form = page.locator('form[data-setting="BILLING_DAY"]');
    await form.locator('input').fill('40');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByRole('alert').waitFor();
    // The server's reason is English ("BILLING_DAY must be …"); the panel says the range in Russian.
    expect(refusal.updateSetting.message).toMatch(/^BILLING_DAY must be/);
    expect(await form.getByRole('alert').textContent()).toBe('Не сохранено: BILLING_DAY: от 1 до 28.');
    const settings = await server.gql(`{ settings { key value } }`);
    expect(settings.settings.find((s: { key: string }) => s.key === 'BILLING_DAY').value).toBe('1');
    await screenshot(page, 'settings-desktop');
  });

  it('an order created through the API appears in the open orders page without a reload', async () => {
    // The stream starts when the server takes the subscription; an order created before that is in the first
    // answer instead. Wait until the panel has subscribed, so the order can only arrive live.
    const subscribed = new Promise<void>((resolve) =>
      page.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).includes('OrdersLive') && resolve())),
    );
    await page.goto(`${server.url}/orders?status=NEW%2CIN_PROGRESS`);
    await page.getByRole('heading', { name: 'Заявки' }).waitFor();
    await subscribed;
    await page.waitForTimeout(300);
    expect(await page.locator('tr[data-order-number]').count()).toBe(0);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const order = await createOrder(server, seeded, 'Printer on the 2nd floor jams every page');
    await page.locator(`tr[data-order-number="${order.number}"]`).waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, 'orders-desktop');
  });

  it('R-ORD-8 assigns an order and its history shows the assignment at once', async () => {
    const order = await createOrder(server, seeded, 'Mail client does not sync');
    assignedOrder = order;
    const message = await server.gql(
      `mutation($id: ID!, $input: OrderMessageInput!) { sendOrderMessage(orderId: $id, input: $input) { __typename } }`,
      {
        id: order.id,
        input: {
          kind: 'DOCUMENT',
          text: 'Screenshot of the error',
          fileId: 'tg-file-1',
          fileName: 'error.pdf',
          fileSize: 20480,
        },
      },
      seeded.client,
    );
    expect(message.sendOrderMessage.__typename).toBe('OrderMessage');
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByRole('heading', { name: new RegExp(order.number) }).waitFor();
    expect(await page.locator('li[data-event-kind="ASSIGNED"]').count()).toBe(0);
    // R-ORD-9 the conversation shows the message with its attachment.
    expect(await page.locator('ul.conversation').textContent()).toMatch(
      /Screenshot of the error[\s\S]*error\.pdf 20 KB/,
    );
    await page.getByRole('combobox', { name: 'Исполнитель' }).selectOption({ label: seeded.contractor.displayName });
    await page.getByLabel('Оценка, ч').fill('3');
    await page.getByRole('button', { name: 'Назначить' }).click();
    await page.locator('li[data-event-kind="ASSIGNED"]').waitFor();
    expect(await page.getByTestId('order-contractor').textContent()).toBe(seeded.contractor.displayName);
    expect(await page.locator('li[data-event-kind="ASSIGNED"]').textContent()).toContain('3 ч');
    const data = await server.gql(`query($id: ID!) { order(id: $id) { status contractor { id } } }`, { id: order.id });
    expect(data.order).toEqual({ status: 'IN_PROGRESS', contractor: { id: seeded.contractor.userId } });
    await screenshot(page, 'order-detail-desktop');
  });

  it('R-ORD-3 shows each contractor’s load against capacity and sets the categories served', async () => {
    await page.getByRole('link', { name: 'Исполнители' }).click();
    const row = page.locator('tr', { hasText: seeded.contractor.displayName });
    // The assignment above: one order in work of the common limit (MAX_ACTIVE_ORDERS_PER_CONTRACTOR = 3).
    expect(await row.locator('td').nth(2).textContent()).toBe('1 / 3');
    await row.getByRole('checkbox', { name: 'ИТ-помощь' }).check();
    await row.locator('td').nth(4).getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено.').waitFor();
    const categories = await server.gql(`{ categories { id code } }`);
    const served = async (code: string) => {
      const id = categories.categories.find((c: { code: string }) => c.code === code).id;
      const data = await server.gql(
        `query($id: ID!) { contractors(filter: { categoryId: $id }) { contractor { id } } }`,
        { id },
      );
      return data.contractors.some((c: { contractor: { id: string } }) => c.contractor.id === seeded.contractor.userId);
    };
    expect(await served('IT_HELP')).toBe(true);
    expect(await served('REPAIR')).toBe(false);
    // The page reads each contractor's categories back from the server (ContractorLoad.categories).
    await page.reload();
    await row.getByRole('checkbox', { name: 'ИТ-помощь' }).waitFor();
    expect(await row.getByRole('checkbox', { name: 'ИТ-помощь' }).isChecked()).toBe(true);
    expect(await row.getByRole('checkbox', { name: 'Ремонт' }).isChecked()).toBe(false);
  });

  it('§6 a manager sees a notification arrive live with the unread count, and marks it read', async () => {
    const manager = { id: '7300000001', username: 'duty_manager' };
    await server.gql(`mutation($input: AddUserInput!) { addUser(input: $input) { __typename } }`, {
      input: { role: 'MANAGER', username: manager.username, telegramId: manager.id, firstName: 'Olga' },
    });
    const link = (await server.gql(`mutation { createLoginLink { url } }`, {}, manager)).createLoginLink.url;
    const m = await openPage(browser);
    // The header's unread badge subscribes to the ADMIN notifications as soon as the panel opens.
    const subscribed = new Promise<void>((resolve) =>
      m.page.on('websocket', (ws) =>
        ws.on('framesent', (f) => String(f.payload).includes('AdminNotifications') && resolve()),
      ),
    );
    await m.page.goto(link);
    await m.page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(await m.page.getByRole('link', { name: 'API-ключи' }).count()).toBe(0);
    await m.page.locator('nav#main-nav').getByRole('link', { name: 'Уведомления' }).click();
    await m.page.getByText('Пока ничего нет.').waitFor();
    await subscribed;
    await m.page.waitForTimeout(300);

    // The contractor gives the order back (in the bot): managers are told (R-ORD-7).
    const released = await server.gql(
      `mutation($id: ID!) { releaseOrder(orderId: $id, reason: "Need a part") { __typename } }`,
      { id: assignedOrder.id },
      seeded.contractor,
    );
    expect(released.releaseOrder.__typename).toBe('Order');
    const item = m.page.locator('ul.notifications li', { hasText: assignedOrder.number });
    await item.waitFor();
    expect(await item.textContent()).toContain('Заявка возвращена');
    await m.page.getByTestId('unread-count').waitFor();
    expect(await m.page.getByTestId('unread-count').textContent()).toBe('1');
    await item.getByRole('button', { name: 'Прочитано' }).click();
    await m.page.getByTestId('unread-count').waitFor({ state: 'detached' });
    expect(m.consoleErrors).toEqual([]);
    await m.context.close();
  });

  it('R-REP-1 exports the report on screen as an XLSX that opens and holds the same rows', async () => {
    await page.goto(`${server.url}/reports?kind=accounts`);
    const table = page.locator('table.report-table');
    await table.waitFor();
    const onScreen = await table
      .locator('tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent ?? '')));
    expect(onScreen.length).toBeGreaterThan(2);
    expect(onScreen.some((r) => r[0] === 'Romashka LLC')).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^orders-per-account-.*\.xlsx$/);
    const rows = await readSheet(await readFile((await download.path())!));
    expect(rows.map((r) => r.map((c) => (c == null ? '—' : String(c))))).toEqual(onScreen);
    await screenshot(page, 'reports-desktop');
  });

  it('R-BIL-1 R-REP-1 a chosen date range runs from 00:00 in TIMEZONE, not at the midnight of the browser’s zone', async () => {
    // TIMEZONE is Europe/Moscow (the default); this manager's browser is in Tokyo, six hours ahead of it.
    const tokyo = await openPage(browser, { timeZone: 'Asia/Tokyo' });
    await tokyo.page.goto(await loginLink(server));
    await tokyo.page.getByRole('heading', { name: 'Обзор' }).waitFor();
    const asked = tokyo.page.waitForRequest(
      (r) => r.url().endsWith('/graphql') && r.postDataJSON()?.operationName === 'AccountOrdersReport',
    );
    await tokyo.page.goto(`${server.url}/reports?kind=accounts&from=2027-03-10&to=2027-03-12`);
    // 10 March 00:00 to 13 March 00:00 in Moscow; Tokyo's midnights would be six hours earlier.
    expect((await asked).postDataJSON().variables.filter).toMatchObject({
      from: '2027-03-09T21:00:00.000Z',
      to: '2027-03-12T21:00:00.000Z',
    });
    await expect(tokyo.page.getByTestId('report-period').textContent()).resolves.toBe(
      'Период отчёта: 10.03.2027 – 12.03.2027',
    );
    const [download] = await Promise.all([
      tokyo.page.waitForEvent('download'),
      tokyo.page.getByRole('button', { name: 'Скачать XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('orders-per-account-2027-03-10-2027-03-13.xlsx');
    expect(tokyo.consoleErrors).toEqual([]);
    await tokyo.context.close();
  });

  it('an API key is shown once at creation and works; the list never shows it again', async () => {
    await page.getByRole('link', { name: 'API-ключи' }).click();
    await page.getByLabel('Название').fill('1C connector');
    await page.getByRole('checkbox', { name: 'ACCOUNTS_READ' }).check();
    await page.getByRole('button', { name: 'Создать' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^itsk_/);
    const viewer = await server.raw(`{ viewer { __typename } }`, {}, secret);
    expect(viewer.data.viewer.__typename).toBe('IntegrationCaller');
    await page.locator('tr[data-api-key="1C connector"]').waitFor();
    await page.reload();
    await page.locator('tr[data-api-key="1C connector"]').waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('takes screenshots of the main pages at desktop and phone width, without console errors', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('[data-counter="new"]').waitFor();
    await screenshot(page, 'dashboard-desktop');
    const phone = await openPage(browser, { width: 375, height: 740 });
    await phone.page.goto(await loginLink(server));
    await phone.page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await phone.page.locator('[data-counter="new"]').waitFor();
    await screenshot(phone.page, 'dashboard-phone');
    const { nodes } = (await server.gql(`{ orders(first: 1) { nodes { id } } }`)).orders;
    for (const [path, name, ready] of [
      ['/orders', 'orders-phone', 'tr[data-order-number]'],
      [`/orders/${nodes[0].id}`, 'order-detail-phone', 'ol.timeline li'],
      ['/settings', 'settings-phone', 'form[data-setting]'],
    ] as const) {
      await phone.page.goto(`${server.url}${path}`);
      await phone.page.locator(ready).first().waitFor();
      await screenshot(phone.page, name);
    }
    // The navigation is behind the menu button on a phone, and reachable by keyboard.
    expect(await phone.page.locator('nav#main-nav').isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: 'Меню' }).click();
    expect(await phone.page.locator('nav#main-nav').isVisible()).toBe(true);
    expect(phone.consoleErrors).toEqual([]);
    await phone.context.close();
    expect(consoleErrors).toEqual([]);
  });
});

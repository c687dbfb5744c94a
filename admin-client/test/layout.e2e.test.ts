import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { createOrder, loginLink, seedAccountWithPeople } from './support/seed';

// Names as long as real ones get: a legal name with its region, a tariff named for everything it includes.
const LONG_ACCOUNT = 'ООО «Ромашка» — Северо-Западный региональный филиал';
const LONG_TARIFF = 'Gold 24/7 extended premium support with on-site visits';

let server: RunningServer;
let browser: Browser;
let orderId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The order is on the dashboard's lists too: managers are warned at 1% of a one-minute reaction time (at risk,
  // later breached).
  await server.gql(
    `mutation { updateSetting(key: "INFORM_MANAGER_CREATED_PROJECT_LIMIT", value: "1") { __typename } }`,
  );
  const seeded = await seedAccountWithPeople(server, LONG_ACCOUNT, { reactionTimeMinutes: 1 });
  await server.gql(`mutation($input: CreateTariffInput!) { createTariff(input: $input) { __typename } }`, {
    input: {
      name: LONG_TARIFF,
      ordersPerPeriod: 40,
      reactionTimeMinutes: 30,
      price: '1234567.50',
      canPinContractors: true,
      canSeeContractorContacts: true,
    },
  });
  orderId = (await createOrder(server, seeded, 'Printer jams on every page')).id;
  for (let tries = 0; tries < 120; tries++) {
    const d = (await server.gql(`{ dashboard(days: 1) { atRisk breachedOpen } }`)).dashboard;
    if (d.atRisk + d.breachedOpen > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** How far anything on the page reaches past the screen's right edge, and which tables scroll sideways. */
function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll<HTMLElement>('.table-wrap')]
      .filter((w) => w.scrollWidth > w.clientWidth + 1)
      .map(
        (w) => `${w.scrollWidth}px in ${w.clientWidth}px: ${w.querySelector('tbody tr')?.textContent?.slice(0, 60)}`,
      ),
  }));
}

describe('the panel’s layout: usable on a phone, wide content kept in bounds, reachable by keyboard (PRODUCT.md §10)', () => {
  it('on a phone (375 px) no page and no list card reaches past the right edge, also with long names', async () => {
    const phone = await openPage(browser, { width: 375, height: 740 });
    const { page } = phone;
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    const pages: Array<[path: string, ready: string]> = [
      ['/accounts', `tr:has-text("${LONG_ACCOUNT}")`],
      ['/audit-log', 'table tbody tr'],
      ['/orders', 'tr[data-order-number]'],
      [`/orders/${orderId}`, 'ol.timeline li'],
      ['/users', 'table tbody tr'],
      ['/tariffs', `[data-tariff-name="${LONG_TARIFF}"]`],
      ['/contractors', 'table tbody tr'],
      ['/reports?kind=accounts', 'table.report-table tbody tr'],
    ];
    const wide: string[] = [];
    for (const [path, ready] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      const o = await overflow(page);
      if (o.page > 0) wide.push(`${path}: the page is ${o.page}px wider than the screen`);
      for (const table of o.tables) wide.push(`${path}: a list scrolls sideways, ${table}`);
    }
    await page.goto(`${server.url}/accounts`);
    await page.locator(`tr:has-text("${LONG_ACCOUNT}")`).waitFor();
    await screenshot(page, 'accounts-phone');
    expect(wide).toEqual([]);
    expect(phone.consoleErrors).toEqual([]);
    await phone.context.close();
  });

  it('on a desktop (1280 × 800) the lists fit the screen without scrolling sideways, also with long names', async () => {
    const desktop = await openPage(browser, { width: 1280, height: 800 });
    const { page } = desktop;
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    const wide: string[] = [];
    for (const [path, ready] of [
      ['/users', 'table tbody tr'],
      ['/contractors', 'table tbody tr'],
      ['/accounts', `tr:has-text("${LONG_ACCOUNT}")`],
      ['/orders', 'tr[data-order-number]'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      const o = await overflow(page);
      if (o.page > 0) wide.push(`${path}: the page is ${o.page}px wider than the screen`);
      for (const table of o.tables) wide.push(`${path}: a list scrolls sideways, ${table}`);
    }
    expect(wide).toEqual([]);
    expect(desktop.consoleErrors).toEqual([]);
    await desktop.context.close();
  });

  it('on a desktop too, the audit log wraps a long detail instead of pushing the table past the screen', async () => {
    const desktop = await openPage(browser);
    await desktop.page.goto(await loginLink(server));
    await desktop.page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await desktop.page.goto(`${server.url}/audit-log`);
    await desktop.page.locator('table tbody tr').first().waitFor();
    await expect(overflow(desktop.page)).resolves.toEqual({ page: 0, tables: [] });
    expect(desktop.consoleErrors).toEqual([]);
    await desktop.context.close();
  });

  it('a keyboard user skips the navigation with the first Tab and lands in the page; pager buttons are named', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.goto(`${server.url}/orders`);
    await page.locator('tr[data-order-number]').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Перейти к содержимому' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // The next stop is the page's own first control, not the first of the eighteen navigation links.
    await expect(page.evaluate(() => document.activeElement?.closest('main') != null)).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Фильтры');
    // The pagers' buttons say where they lead (not "←" or "⟲" to a screen reader).
    for (const name of ['Предыдущая страница', 'Следующая страница'])
      await page.locator('.pager').getByRole('button', { name, exact: true }).waitFor();
    await page.goto(`${server.url}/audit-log`);
    for (const name of ['Первая страница', 'Следующая страница'])
      await page.locator('.pager').getByRole('button', { name, exact: true }).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an order’s number and status badges each stay on one line in the lists', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    for (const path of ['/', '/orders']) {
      await page.goto(`${server.url}${path}`);
      const row = page.locator('tr[data-order-number]').first();
      await row.waitFor();
      // An inline box broken across lines has one rectangle per line.
      const lines = await row
        .locator('td a, td .status')
        .evaluateAll((els) => els.map((e) => `${e.textContent}: ${e.getClientRects().length}`));
      expect(lines.length, path).toBeGreaterThan(1);
      expect(
        lines.filter((l) => !l.endsWith(': 1')),
        path,
      ).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('a checkbox sits on the line of its label’s text', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    for (const [path, name] of [
      ['/billing', 'Только неоплаченные'],
      ['/notifications', 'Только непрочитанные'],
      ['/contractors', 'Показать деактивированных'],
      ['/orders', 'Только архивные'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      const box = page.getByRole('checkbox', { name });
      await box.waitFor();
      // How far the box's middle is from the middle of the text beside it, in pixels.
      const offset = await box.evaluate((input) => {
        const text = [...input.parentElement!.childNodes].find(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
        )!;
        const range = document.createRange();
        range.selectNodeContents(text);
        const t = range.getBoundingClientRect();
        const b = input.getBoundingClientRect();
        return Math.abs(b.top + b.height / 2 - (t.top + t.height / 2));
      });
      expect(offset, path).toBeLessThan(3);
    }
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { createOrder, loginLink, seedAccountWithPeople } from './support/seed';

// The dashboard's "at risk" table is the server's at-risk set (warned, not breached), the soonest due first —
// not a pick from the newest open orders, which lost the oldest, most urgent ones once more than a page was open.

let server: RunningServer;
let browser: Browser;
let oldest: { number: string };
let newest: { number: string };

const setSetting = (key: string, value: string) =>
  server.gql(`mutation($k: String!, $v: String!) { updateSetting(key: $k, value: $v) { __typename } }`, {
    k: key,
    v: value,
  });

/**
 * More than a page of open orders (105 calm ones between two urgent ones); the two urgent ones are at risk —
 * the oldest and the newest order of all.
 */
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await setSetting('MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  // Managers are warned at 1% of the reaction time: 1.8 s into a 3-minute one, 14 minutes into a day.
  await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '1');
  const urgent = await seedAccountWithPeople(server, 'Urgent LLC', { reactionTimeMinutes: 3 });
  const calm = await seedAccountWithPeople(server, 'Calm LLC', { reactionTimeMinutes: 24 * 60 });
  oldest = await createOrder(server, urgent, 'The server room is flooding');
  for (let i = 0; i < 105; i++) await createOrder(server, calm, `Routine request ${i}`);
  newest = await createOrder(server, urgent, 'The printer is on fire');
  // The SLA job warns within seconds (R-SLA-5).
  const deadline = Date.now() + 30_000;
  while ((await server.gql(`{ dashboard(days: 1) { atRisk } }`)).dashboard.atRisk !== 2) {
    if (Date.now() > deadline) throw new Error('the SLA warnings did not fire within 30 s');
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard: at-risk and breached orders', () => {
  it('lists the oldest at-risk order first among more than 100 open ones, as many as the counter says', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    // The table under the "at risk" heading (found as a user would, so the old dashboard is checked alike).
    const heading = page.getByRole('heading', { name: 'Под угрозой', exact: true });
    const table = heading.locator('xpath=following-sibling::div[contains(@class, "table-wrap")][1]');
    await table.locator('tr[data-order-number]').first().waitFor();
    const rows = await table
      .locator('tr[data-order-number]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order-number')));
    const counter = Number(await page.locator('[data-counter="at-risk"] .value').textContent());
    expect(counter).toBe(2);
    expect(rows).toEqual([oldest.number, newest.number]);
    const hint = heading.locator('xpath=following-sibling::p[1]');
    expect(await hint.locator('[data-total]').textContent()).toBe(`Всего: ${counter}`);
    expect(await hint.textContent()).toContain('«Под угрозой»');
    // Nothing is breached yet: the breached table has no rows.
    expect(await page.locator('[data-orders="breached"] tr[data-order-number]').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('orders page: sort order in the address bar', () => {
  const numbers = (page: Page) =>
    page.locator('tr[data-order-number]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order-number')));

  it('sorts by the select, keeps it in the address bar across a reload and pages on in the same order', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.goto(`${server.url}/orders`);
    const sort = page.getByLabel('Порядок');
    await page.locator('tr[data-order-number]').first().waitFor();
    expect(await sort.inputValue()).toBe('NEWEST_FIRST');
    expect((await numbers(page))[0]).toBe(newest.number);

    await sort.selectOption({ label: 'Сначала с ближайшим сроком' });
    await page.waitForURL(/sort=DUE_SOONEST/);
    await page.waitForFunction(
      (n) => document.querySelector('tr[data-order-number]')?.getAttribute('data-order-number') === n,
      oldest.number,
    );
    expect((await numbers(page)).slice(0, 2)).toEqual([oldest.number, newest.number]);

    await sort.selectOption({ label: 'Сначала старые' });
    await page.waitForURL(/sort=OLDEST_FIRST/);
    await page.reload();
    await page.locator('tr[data-order-number]').first().waitFor();
    expect(await page.getByLabel('Порядок').inputValue()).toBe('OLDEST_FIRST');
    const first = await numbers(page);
    expect(first[0]).toBe(oldest.number);
    expect(first).toEqual([...first].sort());
    // The next page continues in the same order: its cursor belongs to this sort order.
    await page.getByRole('button', { name: 'Следующая страница' }).click();
    await page.waitForFunction(
      (n) => document.querySelector('tr[data-order-number]')?.getAttribute('data-order-number') !== n,
      first[0],
    );
    const second = await numbers(page);
    expect(second[0]! > first[first.length - 1]!).toBe(true);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('the dashboard’s link to all at-risk orders lists the counter’s set, soonest due first', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.goto(`${server.url}/orders?atRisk=1&sort=DUE_SOONEST`);
    await page.locator('tr[data-order-number]').first().waitFor();
    expect(await numbers(page)).toEqual([oldest.number, newest.number]);
    expect(await page.getByLabel('Под угрозой (с предупреждением, не просрочены)').isChecked()).toBe(true);
    await context.close();
  });

  it('§10 admin panel: Reset clears the filters and keeps the sort the user chose', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.goto(`${server.url}/orders?atRisk=1&sort=DUE_SOONEST`);
    await page.locator('tr[data-order-number]').first().waitFor();
    expect(await numbers(page)).toEqual([oldest.number, newest.number]);

    await page.getByRole('button', { name: 'Сбросить' }).click();
    await page.waitForURL((url) => !url.searchParams.has('atRisk'));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('DUE_SOONEST');
    expect(await page.getByLabel('Порядок').inputValue()).toBe('DUE_SOONEST');
    expect(await page.getByLabel('Под угрозой (с предупреждением, не просрочены)').isChecked()).toBe(false);
    // Every order now, not only the two at risk, and still the soonest due first.
    await page.waitForFunction(() => document.querySelectorAll('tr[data-order-number]').length > 2);
    expect((await numbers(page)).slice(0, 2)).toEqual([oldest.number, newest.number]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

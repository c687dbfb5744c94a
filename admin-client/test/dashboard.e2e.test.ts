import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { createOrder, loginLink, seedAccountWithPeople } from './support/seed';

// The dashboard's "at risk" table is the server's at-risk set (warned, not breached), the soonest due first —
// not a pick from the newest open orders, which lost the oldest, most urgent ones once more than a page was open.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const setSetting = (key: string, value: string) =>
  server.gql(`mutation($k: String!, $v: String!) { updateSetting(key: $k, value: $v) { __typename } }`, {
    k: key,
    v: value,
  });

describe('dashboard: at-risk and breached orders', () => {
  it('lists the oldest at-risk order first among more than 100 open ones, as many as the counter says', async () => {
    await setSetting('MAX_OPEN_ORDERS_PER_CLIENT', '1000');
    // Managers are warned at 1% of the reaction time: 1.8 s into a 3-minute one, 14 minutes into a day.
    await setSetting('INFORM_MANAGER_CREATED_PROJECT_LIMIT', '1');
    const urgent = await seedAccountWithPeople(server, 'Urgent LLC', { reactionTimeMinutes: 3 });
    const calm = await seedAccountWithPeople(server, 'Calm LLC', { reactionTimeMinutes: 24 * 60 });
    const oldest = await createOrder(server, urgent, 'The server room is flooding');
    for (let i = 0; i < 105; i++) await createOrder(server, calm, `Routine request ${i}`);
    const newest = await createOrder(server, urgent, 'The printer is on fire');

    // The SLA job warns within seconds (R-SLA-5).
    const deadline = Date.now() + 30_000;
    let counted = 0;
    while (Date.now() < deadline) {
      counted = (await server.gql(`{ dashboard(days: 1) { atRisk } }`)).dashboard.atRisk;
      if (counted === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(counted).toBe(2);

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
    // Nothing is breached yet: the breached table is empty and says so.
    expect(await page.locator('[data-orders="breached"] tr[data-order-number]').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

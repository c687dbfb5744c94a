import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer, type TelegramPerson } from './support/server-process';
import { seedAccountWithPeople, type Seeded } from './support/seed';

// R-USR-2: an owner can do everything a manager can, and more. The server refuses a manager every change to
// users, contractors' limits, clients, branches, tariffs, settings and invoices; the panel must not offer them.

let server: RunningServer;
let browser: Browser;
let seeded: Seeded;
let manager: { context: BrowserContext; page: Page; consoleErrors: string[] };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  seeded = await seedAccountWithPeople(server, 'Romashka LLC');
  await server.gql(
    `mutation($a: ID!, $input: CreateBranchInput!) { createBranch(accountId: $a, input: $input) { __typename } }`,
    { a: seeded.accountId, input: { kind: 'BRANCH', name: 'Nevsky 28' } },
  );
  const person: TelegramPerson = { id: '7300000009', username: 'night_manager' };
  await server.gql(`mutation($input: AddUserInput!) { addUser(input: $input) { __typename } }`, {
    input: { role: 'MANAGER', username: person.username, telegramId: person.id, firstName: 'Olga' },
  });
  manager = await openPage(browser);
  await manager.page.goto((await server.gql(`mutation { createLoginLink { url } }`, {}, person)).createLoginLink.url);
  await manager.page.getByRole('heading', { name: 'Обзор' }).waitFor();
});
afterAll(async () => {
  await manager?.context.close();
  await browser?.close();
  await server?.stop();
});

/** The controls in the page's content, each by its kind and name (its label's own text, else its text). */
async function controls(page: Page): Promise<string[]> {
  return page
    .locator('main')
    .locator('input, select, textarea, button')
    .evaluateAll((els) =>
      els.map((e) => {
        const label = e.closest('label');
        const labelText = label
          ? [...label.childNodes]
              .filter((n) => n.nodeType === Node.TEXT_NODE)
              .map((n) => n.textContent?.trim())
              .join(' ')
              .trim()
          : '';
        return `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') || labelText || e.textContent?.trim()}`;
      }),
    );
}

describe('a manager’s panel: everything to see, nothing the server would refuse (R-USR-2)', () => {
  it('tells a manager who opens an owner’s page by its address that it is for owners, without asking the server', async () => {
    const { page } = manager;
    const asked: string[] = [];
    const record = (r: { url(): string; postDataJSON(): any }) =>
      r.url().endsWith('/graphql') && asked.push(r.postDataJSON()?.operationName);
    page.on('request', record);
    for (const path of ['/api-keys', '/audit-log', '/categories']) {
      await page.goto(`${server.url}${path}`);
      await page.getByText('Эта страница — только для владельца.').waitFor();
      // Nothing to fill in or retry that the server would refuse.
      expect(await controls(page), path).toEqual([]);
    }
    page.off('request', record);
    expect(asked.filter((op) => ['ApiKeys', 'AuditLog', 'CategoryList'].includes(op))).toEqual([]);
  });

  it('shows users, contractors, clients with their branches, tariffs and settings read-only', async () => {
    const { page } = manager;
    await page.goto(`${server.url}/users`);
    const worker = page.locator(`tr[data-username="${seeded.contractor.username}"]`);
    await worker.waitFor();
    expect(await worker.textContent()).toContain('Исполнитель');
    // The filters above the list are the page's only controls.
    expect(await controls(page)).toEqual(['input Поиск по имени', 'select Роль']);

    await page.goto(`${server.url}/contractors`);
    const load = page.locator('tr', { hasText: seeded.contractor.displayName });
    await load.waitFor();
    expect(await load.textContent()).toContain('0 / 3');
    expect(await controls(page)).toEqual(['input Показать деактивированных']);

    await page.goto(`${server.url}/accounts`);
    await page.getByRole('button', { name: 'Romashka LLC' }).click();
    await page.getByText('Nevsky 28').waitFor();
    expect(await page.locator('main table').textContent()).toContain('Romashka LLC tariff');
    expect(await controls(page)).toEqual(['button Romashka LLC']);

    await page.goto(`${server.url}/tariffs`);
    const tariff = page.locator('details[data-tariff-name="Romashka LLC tariff"]');
    await tariff.locator('summary').click();
    await tariff.locator('table tbody tr').waitFor();
    expect(await controls(page)).toEqual([]);

    await page.goto(`${server.url}/settings`);
    await page.locator('[data-setting="BILLING_DAY"]').waitFor();
    expect(await page.locator('[data-setting="BILLING_DAY"]').textContent()).toContain('1');
    expect(await controls(page)).toEqual([]);
    expect(manager.consoleErrors).toEqual([]);
  });
});

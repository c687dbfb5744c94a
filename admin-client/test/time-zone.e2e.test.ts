import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { createOrder, loginLink, seedAccountWithPeople, type Seeded } from './support/seed';

// TIMEZONE is Europe/Moscow (the default); these browsers are in New York, eight hours behind it in November and
// seven in summer — no day or time reads the same in both.
const SERVER_ZONE = 'Europe/Moscow';
const BROWSER_ZONE = 'America/New_York';

let server: RunningServer;
let browser: Browser;
let seeded: Seeded;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  seeded = await seedAccountWithPeople(server, 'Zone Test LLC');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const operation = (r: Request): string | undefined =>
  r.url().endsWith('/graphql') && r.method() === 'POST' ? r.postDataJSON()?.operationName : undefined;

/** A time as the panel shows it in Russian (formatDateTime), on the wall clock of `zone`. */
const shown = (iso: string, zone: string) =>
  new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short', timeZone: zone });

/**
 * A signed-in page in BROWSER_ZONE whose answer to the panel's TIMEZONE query is held back until `release`: what
 * the panel draws meanwhile is what a user sees when that answer is slow. Every date-and-time the page ever
 * draws in <main> is collected in `window.seenTimes`, so a time drawn in the wrong zone and then redrawn is caught.
 */
async function pageWithSlowZone(): Promise<{
  page: Page;
  consoleErrors: string[];
  zoneAsked: Promise<void>;
  release: () => void;
  close: () => Promise<void>;
}> {
  const p = await openPage(browser, { timeZone: BROWSER_ZONE });
  await p.page.goto(await loginLink(server));
  await p.page.getByRole('heading', { name: 'Обзор' }).waitFor();
  await p.context.addInitScript(() => {
    const seen = new Set<string>();
    (window as unknown as { seenTimes: Set<string> }).seenTimes = seen;
    new MutationObserver(() => {
      const text = document.querySelector('main')?.textContent ?? '';
      for (const m of text.matchAll(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/g)) seen.add(m[0]);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const zoneAsked = new Promise<void>((resolve) => (asked = resolve));
  await p.page.route('**/graphql', async (route) => {
    if (operation(route.request()) === 'DisplayTimeZone') {
      asked();
      await released;
    }
    await route.continue();
  });
  return { page: p.page, consoleErrors: p.consoleErrors, zoneAsked, release, close: () => p.context.close() };
}

/** Resolves once the page shows that it waits (main marked busy) or once `otherwise` — whichever comes first. */
function waitingOr(page: Page, otherwise: Promise<unknown>): Promise<unknown> {
  const waiting = page.locator('main[aria-busy="true"]').waitFor();
  // The loser of the race is left to time out on its own; its failure is not this test's.
  for (const p of [waiting, otherwise]) p.catch(() => undefined);
  return Promise.race([waiting, otherwise]);
}

describe('times and days in TIMEZONE from the first paint (PRODUCT.md §9, R-BIL-1)', () => {
  it('an order’s times are never drawn in the browser’s zone, also while TIMEZONE is still loading', async () => {
    const order = await createOrder(server, seeded, 'Scanner offline');
    const { createdAt, reactionDueAt } = (
      await server.gql(`query($id: ID!) { order(id: $id) { createdAt reactionDueAt } }`, { id: order.id })
    ).order;
    const { page, consoleErrors, zoneAsked, release, close } = await pageWithSlowZone();
    await page.goto(`${server.url}/orders/${order.id}`);
    await zoneAsked;
    // Either the panel waits for the zone, or it draws the order without it (in New York time).
    await waitingOr(page, page.getByRole('heading', { name: new RegExp(order.number) }).waitFor());
    release();
    await page.getByRole('heading', { name: new RegExp(order.number) }).waitFor();
    const created = shown(createdAt, SERVER_ZONE);
    expect(shown(createdAt, BROWSER_ZONE)).not.toBe(created);
    await page.locator('dl.facts', { hasText: created }).waitFor();
    const seen = await page.evaluate(() => [...(window as unknown as { seenTimes: Set<string> }).seenTimes]);
    expect(seen).toContain(created);
    expect(
      seen.every((s) => [created, shown(reactionDueAt, SERVER_ZONE)].includes(s)),
      seen.join(' | '),
    ).toBe(true);
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('the orders list asks for the chosen days in TIMEZONE from its very first request', async () => {
    const { page, consoleErrors, zoneAsked, release, close } = await pageWithSlowZone();
    const asked: Array<Record<string, unknown>> = [];
    page.on('request', (r) => operation(r) === 'Orders' && asked.push(r.postDataJSON().variables.filter));
    await page.goto(`${server.url}/orders?from=2027-03-10&to=2027-03-12`);
    await zoneAsked;
    await waitingOr(
      page,
      page.waitForRequest((r) => operation(r) === 'Orders'),
    );
    release();
    await page.getByText('Пока ничего нет.').waitFor();
    // 10 March 00:00 to 13 March 00:00 in Moscow; New York's midnights would be eight hours later.
    expect(asked.length).toBeGreaterThan(0);
    for (const filter of asked)
      expect(filter).toEqual({ createdFrom: '2027-03-09T21:00:00.000Z', createdTo: '2027-03-12T21:00:00.000Z' });
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('an owner who changes TIMEZONE sees the panel’s times in the new zone at once, without a reload', async () => {
    const order = await createOrder(server, seeded, 'Projector has no signal');
    const { createdAt } = (await server.gql(`query($id: ID!) { order(id: $id) { createdAt } }`, { id: order.id }))
      .order;
    const { page, consoleErrors, context } = await openPage(browser, { timeZone: BROWSER_ZONE });
    try {
      await page.goto(await loginLink(server));
      await page.getByRole('heading', { name: 'Обзор' }).waitFor();
      await page.getByRole('link', { name: 'Заявки' }).click();
      const row = page.locator(`tr[data-order-number="${order.number}"]`);
      await row.locator('td', { hasText: shown(createdAt, SERVER_ZONE) }).waitFor();
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

      await page.getByRole('link', { name: 'Настройки' }).click();
      const form = page.locator('form[data-setting="TIMEZONE"]');
      await form.locator('input').fill('Asia/Vladivostok');
      await form.getByRole('button', { name: 'Сохранить' }).click();
      await form.getByText('Сохранено.').waitFor();
      await page.getByRole('link', { name: 'Заявки' }).click();
      // Vladivostok is seven hours ahead of Moscow.
      await row.locator('td', { hasText: shown(createdAt, 'Asia/Vladivostok') }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(consoleErrors).toEqual([]);
    } finally {
      await server.gql(`mutation { updateSetting(key: "TIMEZONE", value: "${SERVER_ZONE}") { __typename } }`);
      await context.close();
    }
  });
});

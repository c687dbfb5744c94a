import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { loginLink } from './support/seed';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('admin panel sign-in (README "Who can call the API")', () => {
  it('signs the owner in with a one-time link from the bot; the link works only once', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    const link = await loginLink(server);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'itsupport_session')?.httpOnly).toBe(true);

    const { context: other, page: second } = await openPage(browser);
    await second.goto(link);
    await second.getByText('Ссылка уже использована').waitFor();
    expect(consoleErrors).toEqual([]);
    await other.close();
    await context.close();
  });

  it('signs in with a password and lands on the page that was asked for', async () => {
    await server.gql(`mutation { setMyPassword(newPassword: "correct horse battery") { __typename } }`);
    const { context, page, consoleErrors } = await openPage(browser);
    await page.goto(`${server.url}/settings`);
    await page.waitForURL(/\/login\?next=%2Fsettings/);
    await page.getByLabel('Имя пользователя Telegram').fill(`@${server.owner.username}`);
    await page.getByLabel('Пароль').fill('wrong password!!');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверное имя пользователя или пароль.').waitFor();
    await page.getByLabel('Пароль').fill('correct horse battery');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('returns to sign-in when the session has ended, keeping the page asked for, and signs out', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    // The session ends behind the panel's back (expired or revoked): the next request is refused.
    await context.clearCookies();
    await page.getByRole('link', { name: 'Тарифы' }).click();
    await page.waitForURL(/\/login\?expired=1&next=%2Ftariffs/);
    await page.getByText('Сессия завершилась. Войдите снова.').waitFor();

    await page.goto(await loginLink(server));
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/login$/);
    expect((await context.cookies()).find((c) => c.name === 'itsupport_session')).toBeUndefined();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

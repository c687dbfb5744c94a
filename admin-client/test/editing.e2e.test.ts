/**
 * The panel's edit forms against the real server: client accounts and their branch trees, users, order categories
 * and one's own account (password, sessions, e-mail notifications) — what each form changes is read back from the
 * API, and each refusal shows the server's answer.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server-process';
import { loginLink, seedAccountWithPeople, type Seeded } from './support/seed';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];
let seeded: Seeded;
const branches: Record<string, string> = {};

const CREATE_BRANCH = `mutation($accountId: ID!, $input: CreateBranchInput!) {
  createBranch(accountId: $accountId, input: $input) { __typename ... on Branch { id } }
}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  seeded = await seedAccountWithPeople(server, 'Vasilek');
  for (const [name, kind, parent] of [
    ['North', 'ZONE', null],
    ['South', 'ZONE', null],
    ['Murmansk', 'BRANCH', 'North'],
    ['Accounting', 'DEPARTMENT', 'Murmansk'],
    ['Helpdesk', 'DEPARTMENT', null],
  ] as const) {
    const input = { name, kind, parentId: parent ? branches[parent] : null };
    branches[name] = (await server.gql(CREATE_BRANCH, { accountId: seeded.accountId, input })).createBranch.id;
  }
  ({ context, page, consoleErrors } = await openPage(browser));
  await page.goto(await loginLink(server));
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const account = async () =>
  (
    await server.gql(
      `query($id: ID!) { account(id: $id) { name contactEmail timeZone branches { id name parentId code } } }`,
      { id: seeded.accountId },
    )
  ).account;

describe('editing clients, users and categories in the panel', () => {
  it('R-ACC-1 edits a client’s name, contact e-mail and time zone; a bad zone shows the server’s refusal', async () => {
    await page.getByRole('link', { name: 'Клиенты' }).click();
    await page.getByRole('button', { name: 'Vasilek' }).click();
    const form = page.getByRole('form', { name: 'Данные клиента «Vasilek»' });
    await form.getByLabel('Часовой пояс').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toBe(
      'timeZone must be an IANA time zone such as Europe/Moscow',
    );

    await form.getByLabel('Название').fill('Vasilek Group');
    await form.getByLabel('E-mail для счетов').fill('billing@vasilek.ru');
    await form.getByLabel('Часовой пояс').fill('Asia/Omsk');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('heading', { name: 'Данные клиента «Vasilek Group»' }).waitFor();
    await page.getByRole('form', { name: 'Данные клиента «Vasilek Group»' }).getByText('Сохранено.').waitFor();
    expect(await account()).toMatchObject({
      name: 'Vasilek Group',
      contactEmail: 'billing@vasilek.ru',
      timeZone: 'Asia/Omsk',
    });
    await page.getByRole('button', { name: 'Vasilek Group' }).waitFor();
  });

  it('R-ACC-2 moves a branch by keyboard; a move the levels forbid shows the server’s reason', async () => {
    await page.getByRole('button', { name: 'Изменить: Murmansk' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Узел «Murmansk»' });
    // The form takes the focus; Accounting (inside Murmansk) is no choice of parent.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('Murmansk');
    const parents = await form.getByLabel('Входит в').locator('option').allTextContents();
    expect(parents).not.toContain('Accounting (Отдел)');
    await form.getByLabel('Входит в').selectOption({ label: 'Helpdesk (Отдел)' });
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toMatch(/^a BRANCH cannot sit under a DEPARTMENT/);

    await form.getByLabel('Входит в').selectOption({ label: 'South (Зона)' });
    await form.getByLabel('Название').fill('Murmansk-1');
    await form.getByLabel('Код').fill('MUR');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(/Murmansk-1.*MUR/).waitFor();
    const tree = (await account()).branches;
    expect(tree.find((b: { id: string }) => b.id === branches.Murmansk)).toMatchObject({
      name: 'Murmansk-1',
      code: 'MUR',
      parentId: branches.South,
    });
    // Escape closes a form without saving.
    await page.getByRole('button', { name: 'Изменить: Helpdesk' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'Узел «Helpdesk»' }).waitFor({ state: 'detached' });
  });

  it('§6 R-ORD-3 edits a user’s names, e-mail, e-mail notifications and capacity', async () => {
    await page.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('button', { name: `Изменить: ${seeded.contractor.displayName}` }).click();
    const form = page.getByRole('form', { name: `Пользователь ${seeded.contractor.displayName}` });
    await form.getByLabel('Фамилия').fill('Masterov');
    await form.getByLabel('E-mail', { exact: true }).fill('ivan@nowhere');
    await form.getByLabel('Уведомления на e-mail').check();
    await form.getByLabel('Лимит заявок в работе').fill('5');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toBe('email must be an e-mail address');

    await form.getByLabel('E-mail', { exact: true }).fill('ivan@fixers.ru');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('tr', { hasText: 'Ivan Masterov' }).waitFor();
    const user = await server.gql(
      `query($id: ID!) { user(id: $id) { lastName email emailNotifications maxActiveOrders } }`,
      { id: seeded.contractor.userId },
    );
    expect(user.user).toEqual({
      lastName: 'Masterov',
      email: 'ivan@fixers.ru',
      emailNotifications: true,
      maxActiveOrders: 5,
    });
  });

  it('R-ORD-1 the owner adds a category, edits it and retires it; a taken code is refused', async () => {
    await page.getByRole('link', { name: 'Категории' }).click();
    const create = page.getByRole('form', { name: 'Новая категория' });
    await create.getByLabel('Код').fill('IT_HELP');
    await create.getByLabel('Название по-русски').fill('Дубль');
    await create.getByLabel('Название по-английски').fill('Duplicate');
    await create.getByRole('button', { name: 'Создать' }).click();
    await create.getByText('Код IT_HELP уже занят.').waitFor();

    await create.getByLabel('Код').fill('network');
    await create.getByLabel('Название по-русски').fill('Сеть');
    await create.getByLabel('Название по-английски').fill('Network');
    await create.getByLabel('Поля заявки').selectOption('EQUIPMENT');
    await create.getByRole('button', { name: 'Создать' }).click();
    const row = page.locator('tr[data-category="NETWORK"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Оборудование и неисправность');

    await row.getByRole('button', { name: 'Изменить: NETWORK' }).click();
    const edit = page.getByRole('form', { name: 'Категория NETWORK' });
    expect(await edit.getByLabel('Поля заявки').isDisabled()).toBe(true);
    await edit.getByLabel('Название по-английски').fill('Networks');
    await edit.getByLabel('Место в меню').fill('0');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.locator('tbody tr').first().and(row).waitFor();

    await row.getByRole('button', { name: 'Убрать из меню: NETWORK' }).click();
    await row.getByRole('button', { name: 'Вернуть в меню: NETWORK' }).waitFor();
    const all = (await server.gql(`{ categories(includeInactive: true) { code nameEn kind position active } }`))
      .categories;
    expect(all.find((c: { code: string }) => c.code === 'NETWORK')).toEqual({
      code: 'NETWORK',
      nameEn: 'Networks',
      kind: 'EQUIPMENT',
      position: 0,
      active: false,
    });
  });
});

describe('my account', () => {
  it('lists my sessions and ends another one, which sends that browser to sign-in', async () => {
    const other = await openPage(browser);
    await other.page.goto(await loginLink(server));
    await other.page.getByRole('heading', { name: 'Обзор' }).waitFor();

    await page.getByRole('link', { name: 'Мой профиль' }).first().click();
    const rows = page.locator('tr[data-session]');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.locator('tr[data-current="true"]').textContent()).toContain('Этот сеанс');
    await page
      .locator('tr[data-session]:not([data-current])')
      .getByRole('button', { name: /^Завершить/ })
      .click();
    await page.getByText('Сеанс завершён.').waitFor();
    await rows.nth(1).waitFor({ state: 'detached' });

    await other.page.getByRole('link', { name: 'Тарифы' }).click();
    await other.page.waitForURL(/\/login\?expired=1/);
    await other.context.close();
  });

  it('sets a password, then changes it only with the current one; the new one signs in', async () => {
    const form = page.getByRole('form', { name: 'Пароль для входа' });
    await form.getByText('Пароля нет').waitFor();
    await form.getByLabel(/^Новый пароль(?! ещё раз)/).fill('first password 2026');
    await form.getByLabel('Новый пароль ещё раз').fill('first password 2026');
    await form.getByRole('button', { name: 'Задать пароль' }).click();
    await form.getByText('Пароль сохранён; другие сеансы завершены.').waitFor();
    await form.getByText('Пароль задан').waitFor();

    await form.getByLabel('Текущий пароль').fill('not my password');
    await form.getByLabel(/^Новый пароль(?! ещё раз)/).fill('second password 2026');
    await form.getByLabel('Новый пароль ещё раз').fill('second password 2026');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.getByText('Текущий пароль неверен.').waitFor();
    await form.getByLabel('Текущий пароль').fill('first password 2026');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.getByText('Пароль сохранён; другие сеансы завершены.').waitFor();

    const signIn = async (password: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { __typename } }`,
          variables: { u: server.owner.username, p: password },
        }),
      });
      return ((await res.json()) as { data: { signIn: { __typename: string } } }).data.signIn.__typename;
    };
    expect(await signIn('first password 2026')).toBe('InvalidCredentials');
    expect(await signIn('second password 2026')).toBe('Session');
  });

  it('§6 turns my e-mail notifications on with an address', async () => {
    const form = page.getByRole('form', { name: 'Уведомления на e-mail' });
    await form.getByLabel('Адрес e-mail').fill('owner@itsupport.example');
    await form.getByLabel('Присылать мои уведомления на e-mail').check();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('Сохранено.').waitFor();
    const me = await server.gql(`{ viewer { ... on User { email emailNotifications } } }`);
    expect(me.viewer).toEqual({ email: 'owner@itsupport.example', emailNotifications: true });
    await screenshot(page, 'my-account-desktop');
    expect(consoleErrors).toEqual([]);
  });

  it('the new pages fit a 375 px phone and read in English too', async () => {
    const phone = await openPage(browser, { width: 375, height: 740 });
    await phone.page.goto(await loginLink(server));
    await phone.page.getByRole('heading', { name: 'Обзор' }).waitFor();
    for (const [path, name, ready] of [
      ['/categories', 'categories-phone', 'tr[data-category]'],
      ['/my-account', 'my-account-phone', 'tr[data-session]'],
    ] as const) {
      await phone.page.goto(`${server.url}${path}`);
      await phone.page.locator(ready).first().waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(phone.page, name);
    }
    await phone.page.goto(`${server.url}/accounts`);
    await phone.page.getByRole('button', { name: 'Vasilek Group' }).click();
    await phone.page.getByRole('button', { name: 'Изменить: South' }).click();
    await phone.page.getByRole('form', { name: 'Узел «South»' }).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'account-edit-phone');

    await phone.page.goto(`${server.url}/my-account`);
    await phone.page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
    await phone.page.getByRole('heading', { name: 'My account' }).waitFor();
    await phone.page.getByRole('form', { name: 'Sign-in password' }).getByText('A password is set').waitFor();
    expect(phone.consoleErrors).toEqual([]);
    await phone.context.close();
  });
});

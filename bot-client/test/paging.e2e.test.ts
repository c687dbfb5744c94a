import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTelegramId, seedAccount, seedCaller, seedInvoice, seedOrder } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import type { BotMessage, TestUser } from './support/test-user.js';

const NEXT = 'Ещё ▶️';
const PREV = '◀️ Назад';
const PAGING = new Set([NEXT, PREV, '⬅️ Назад']);

/** The item buttons of a list page (not paging, not back, not "add …"). */
const itemButtons = (m: BotMessage) => m.buttons.flat().filter((b) => !PAGING.has(b.text) && !b.text.startsWith('➕'));
const items = (m: BotMessage) => itemButtons(m).map((b) => b.text);

describe('PRODUCT.md §10 lists longer than a page: "more" / back buttons over the API’s cursor pagination', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;

  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
  });
  afterAll(() => env?.stop());

  /** Walks a list from its first page to its last with "more"; returns every page as shown. */
  async function walk(user: TestUser, first: BotMessage): Promise<BotMessage[]> {
    const pages = [first];
    for (;;) {
      const page = pages[pages.length - 1]!;
      if (!page.buttons.flat().some((b) => b.text === NEXT)) return pages;
      await user.press(page, NEXT);
      pages.push(await user.waitForMessage((m) => m.messageId === page.messageId && m.text !== page.text));
    }
  }

  it('a client’s 23 orders: 10 a page with "1–10 of 23", more and back, each order exactly once; stale pages refused', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Vera' });
    for (let i = 0; i < 23; i++) await seedOrder(env.t, { accountId, authorId: client.id });
    const numbers = (
      await env.t.sql<{ number: string }>('SELECT number FROM service_order WHERE account_id = $1', [accountId])
    ).map((r) => r.number);
    const vera = env.user({ telegramId: client.telegramId, firstName: 'Vera' });
    await vera.send('/orders');
    const first = await vera.waitForMessage(/Мои заявки/);
    expect(first.text).toContain('1–10 из 23');
    expect(first.buttons.slice(-2).map((r) => r.map((b) => b.text))).toEqual([[NEXT], ['⬅️ Назад']]);

    const pages = await walk(vera, first);
    expect(pages.map((p) => /\d+–\d+ из 23/.exec(p.text)?.[0])).toEqual(['1–10 из 23', '11–20 из 23', '21–23 из 23']);
    expect(pages.map((p) => items(p).length)).toEqual([10, 10, 3]);
    expect(
      pages[1]!.buttons
        .flat()
        .filter((b) => b.text === PREV || b.text === NEXT)
        .map((b) => b.text),
    ).toEqual([PREV, NEXT]);
    expect(pages[2]!.buttons.flat().some((b) => b.text === NEXT)).toBe(false);
    const listed = pages.flatMap(items).map((text) => text.split(' ')[0]!);
    expect([...listed].sort()).toEqual([...numbers].sort());

    // Back one page: the same orders as on the way forward.
    await vera.press(pages[2]!, PREV);
    const back = await vera.waitForMessage((m) => m.messageId === first.messageId && m.text.includes('11–20 из 23'));
    expect(items(back)).toEqual(items(pages[1]!));
    // Pages the session does not know, or another list's pages, are stale, not acted on.
    expect(await vera.pressData(first.messageId, 'pg:myOrders:9')).toMatch(/устарела/);
    expect(await vera.pressData(first.messageId, 'pg:users:1')).toMatch(/устарела/);
    // An older menu's paging button is stale too.
    await vera.send('/orders');
    await vera.waitForMessage((m) => m.messageId > first.messageId && /Мои заявки/.test(m.text));
    expect(await vera.press(back, NEXT)).toMatch(/устарела/);
  });

  it('R-ORD-3 a contractor’s available orders page too (most urgent first, 10 a page)', async () => {
    const accountId = await seedAccount(env.t);
    const author = await seedCaller(env.t, { role: 'CLIENT', accountId });
    const worker = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Gena' });
    const before = (
      await env.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM service_order WHERE status = 'NEW'`)
    )[0]!.n;
    for (let i = 0; i < 12; i++) await seedOrder(env.t, { accountId, authorId: author.id });
    const gena = env.user({ telegramId: worker.telegramId, firstName: 'Gena' });
    await gena.send('/available');
    const first = await gena.waitForMessage(/Заявки, которые можно взять/);
    const total = before + 12;
    expect(first.text).toContain(`1–10 из ${total}`);
    const pages = await walk(gena, first);
    const data = pages.flatMap(itemButtons).map((b) => b.data);
    expect(new Set(data).size).toBe(total);
  });

  it('owner lists: users, client accounts and unpaid invoices page through all of their items', async () => {
    for (let i = 0; i < 11; i++) await seedCaller(env.t, { role: 'CONTRACTOR', firstName: `Worker${i}` });
    for (let i = 0; i < 12; i++) {
      const accountId = await seedAccount(env.t, { name: `Клиент ${String(i).padStart(2, '0')}` });
      await seedInvoice(env.t, { accountId, issuedAt: new Date(Date.now() - 86_400_000) });
    }
    const count = async (sql: string) => (await env.t.sql<{ n: number }>(sql))[0]!.n;
    const checks: { label: string; title: RegExp; total: number }[] = [
      {
        label: '👥 Пользователи',
        title: /Пользователи<\/b>/,
        total: await count('SELECT count(*)::int AS n FROM app_user'),
      },
      {
        label: '🏢 Тарифы клиентов',
        title: /Клиентские аккаунты/,
        total: await count('SELECT count(*)::int AS n FROM client_account'),
      },
      {
        label: '🧾 Неоплаченные счета',
        title: /Неоплаченные счета/,
        total: await count(`SELECT count(*)::int AS n FROM invoice WHERE status = 'UNPAID'`),
      },
    ];
    for (const check of checks) {
      expect(check.total).toBeGreaterThan(10);
      const sent = await olga.send('/start');
      const menu = await olga.waitForMessage((m) => m.messageId > sent && m.text.includes('Olga'));
      await olga.press(menu, check.label);
      const first = await olga.waitForMessage((m) => m.messageId === menu.messageId && check.title.test(m.text));
      expect(first.text).toContain(`1–10 из ${check.total}`);
      const pages = await walk(olga, first);
      // Every item once: as many distinct buttons as the list has items.
      const data = pages.flatMap(itemButtons).map((b) => b.data);
      expect(data).toHaveLength(check.total);
      expect(new Set(data).size).toBe(check.total);
    }
  });

  it('R-USR-1 adding a client: the account can be picked from a later page of accounts', async () => {
    const sent = await olga.send('/users');
    const users = await olga.waitForMessage((m) => m.messageId > sent && /Пользователи<\/b>/.test(m.text));
    await olga.press(users, '➕ клиент');
    await olga.waitForMessage(/отправьте @username или Telegram id/);
    await olga.send('@paged_client Лиза');
    const accounts = await olga.waitForMessage(/К какому клиентскому аккаунту/);
    const pages = await walk(olga, accounts);
    const last = pages[pages.length - 1]!;
    const pick = items(last)[0]!;
    await olga.press(last, pick);
    await olga.waitForMessage(/Лиза добавлен \(клиент\)/);
    const [row] = await env.t.sql<{ name: string }>(
      `SELECT a.name FROM app_user u JOIN client_account a ON a.id = u.account_id WHERE u.username = 'paged_client'`,
    );
    expect(row!.name).toBe(pick);
  });
});

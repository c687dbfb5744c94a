import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, seedCaller, seedOrder, seedTariff } from '../../server/test/seed.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import type { TestUser } from './support/test-user.js';

describe('CLIENT account: contractors (pin/unpin, contacts per tariff), tariff usage; CONTRACTOR earnings', () => {
  let env: BotTestEnv;
  let kira: TestUser;
  let contractorId: string;

  beforeAll(async () => {
    env = await startBotTestEnv();
    const tariffId = await seedTariff(env.t, {
      name: 'Премиум',
      ordersPerPeriod: 5,
      canPinContractors: true,
      canSeeContractorContacts: true,
    });
    const accountId = await seedAccount(env.t, { tariffId, name: 'Kira & Co' });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Kira' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Lev', username: 'lev_admin' });
    contractorId = contractor.id;
    await seedOrder(env.t, { accountId, authorId: client.id, status: 'DONE', contractorId });
    kira = env.user({ telegramId: client.telegramId, firstName: 'Kira' });
  });
  afterAll(() => env?.stop());

  it('R-ACC-4 pins and unpins a contractor who worked for the account; R-ACC-5 sees the contact link', async () => {
    await kira.send('/start');
    const menu = await kira.waitForMessage(/Kira/);
    await kira.press(menu, '👷 Исполнители');
    const list = await kira.waitForMessage(/Исполнители, работавшие с вами/);
    expect(list.text).toContain('<a href="https://t.me/lev_admin">Lev</a>: выполнено заявок 1');
    await kira.press(list, '📌 Закрепить Lev');
    const pinned = await kira.waitForMessage((m) => m.messageId === list.messageId && /📌 <a/.test(m.text));
    const [row] = await env.t.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM pinned_contractor WHERE contractor_id = $1',
      [contractorId],
    );
    expect(row!.n).toBe(1);
    await kira.press(pinned, 'Открепить Lev');
    await kira.waitForMessage(
      (m) => m.messageId === list.messageId && m.buttons.flat().some((b) => b.text === '📌 Закрепить Lev'),
    );
    const [after] = await env.t.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM pinned_contractor WHERE contractor_id = $1',
      [contractorId],
    );
    expect(after!.n).toBe(0);
  });

  it('R-ACC-3 tariff usage this period: used / allowed, open orders, reaction time', async () => {
    await kira.send('/start');
    const menu = await kira.waitForMessage((m) => /Kira/.test(m.text) && m.buttons.length > 0);
    await kira.press(menu, '📊 Тариф и лимиты');
    const usage = await kira.waitForMessage(/тариф Премиум/);
    expect(usage.text).toContain('Kira &amp; Co');
    expect(usage.text).toMatch(/Заявок в этом периоде: \d+ из 5/);
    expect(usage.text).toContain('Время реакции: 60 мин');
  });

  it('a contractor sees earnings of the current billing period', async () => {
    const lev = env.user({
      telegramId: (
        await env.t.sql<{ telegram_id: string }>('SELECT telegram_id FROM app_user WHERE id = $1', [contractorId])
      )[0]!.telegram_id,
      firstName: 'Lev',
      username: 'lev_admin',
    });
    await lev.send('/start');
    const menu = await lev.waitForMessage(/Lev/);
    await lev.press(menu, '💰 Заработок');
    const earnings = await lev.waitForMessage(/Текущий расчётный период/);
    expect(earnings.text).toMatch(/заявок 1, [\d.]+ ₽/);
  });
});

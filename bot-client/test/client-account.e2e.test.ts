import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, seedAccount, seedCaller, seedOrder, seedSetting, seedTariff } from './support/server.js';

const CLOSE = `mutation($orderId: ID!) { closeOrder(orderId: $orderId) { __typename } }`;
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';

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

  it('R-ACC-4 "order done" offers to pin the contractor on every tariff that allows pinning, also without contacts (R-ACC-5)', async () => {
    const pinOnly = await seedTariff(env.t, { canPinContractors: true, canSeeContractorContacts: false });
    const noPin = await seedTariff(env.t, { canPinContractors: false, canSeeContractorContacts: false });
    const oleg = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Oleg', username: 'oleg_fixes' });
    const doneFor = async (tariffId: string, firstName: string) => {
      const accountId = await seedAccount(env.t, { tariffId });
      const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName });
      const orderId = await seedOrder(env.t, {
        accountId,
        authorId: client.id,
        status: 'IN_PROGRESS',
        contractorId: oleg.id,
      });
      await env.t.ok(CLOSE, { orderId }, oleg.as);
      const person = env.user({ telegramId: client.telegramId, firstName });
      return { accountId, person, done: await person.waitForMessage(/выполнена/) };
    };

    const nina = await doneFor(pinOnly, 'Nina');
    // The contractor's contacts stay hidden on this tariff: the first name only, no link.
    expect(nina.done.text).toContain('Oleg');
    expect(nina.done.text).not.toContain('oleg_fixes');
    expect(nina.done.buttons.map((r) => r.map((b) => b.text))).toEqual([
      ['★', '★★', '★★★', '★★★★', '★★★★★'],
      ['📌 Закрепить Oleg'],
    ]);
    expect(await nina.person.press(nina.done, '📌 Закрепить Oleg')).toMatch(/Исполнитель закреплён/);
    const [pinned] = await env.t.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM pinned_contractor WHERE account_id = $1 AND contractor_id = $2',
      [nina.accountId, oleg.id],
    );
    expect(pinned!.n).toBe(1);
    // The offer is gone from the message; the rating stays.
    await waitFor(() => {
      const now = nina.person.messages().find((m) => m.messageId === nina.done.messageId)!;
      return now.buttons.length === 1 && now.buttons[0]!.length === 5 ? now : undefined;
    });

    const pavel = await doneFor(noPin, 'Pavel');
    expect(pavel.done.buttons.flat().map((b) => b.text)).toEqual(['★', '★★', '★★★', '★★★★', '★★★★★']);
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

  it('R-BIL-1 tariff usage and earnings name each period by its first and last day in TIMEZONE, not in Moscow', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'BILLING_DAY', '1');
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    const accountId = await seedAccount(env.t, { name: 'Vostok' });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Vera' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Mira' });
    await seedOrder(env.t, {
      accountId,
      authorId: client.id,
      status: 'DONE',
      contractorId: contractor.id,
      createdAt: new Date('2031-02-10T00:00:00Z'),
    });
    // Closes [1 Feb 00:00, 1 Mar 00:00) Vladivostok time = [31 Jan 14:00, 28 Feb 14:00) UTC; the current
    // period is then [1 Mar, 1 Apr) Vladivostok time, which starts on 28 Feb in Moscow.
    env.t.clock.set(new Date('2031-03-01T06:00:00Z'));
    await env.t.system.services.billingClose.closeDuePeriods(jobCtx(env.t));

    const vera = env.user({ telegramId: client.telegramId, firstName: 'Vera' });
    await vera.send('/start');
    await vera.press(
      await vera.waitForMessage((m) => /Vera/.test(m.text) && m.buttons.length > 0),
      '📊 Тариф и лимиты',
    );
    const usage = await vera.waitForMessage(/тариф/);
    expect(usage.text).toContain('Период: 01.03.2031 – 31.03.2031');

    const mira = env.user({ telegramId: contractor.telegramId, firstName: 'Mira' });
    await mira.send('/start');
    await mira.press(await mira.waitForMessage((m) => /Mira/.test(m.text) && m.buttons.length > 0), '💰 Заработок');
    const earnings = await mira.waitForMessage(/Закрытые периоды/);
    expect(earnings.text).toMatch(/Текущий расчётный период.*\n01\.03\.2031 – 31\.03\.2031: заявок 0/);
    expect(earnings.text).toMatch(/\n01\.02\.2031 – 28\.02\.2031: заявок 1, [\d.]+ ₽/);
  });
});

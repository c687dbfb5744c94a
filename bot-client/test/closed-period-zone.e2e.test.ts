import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCtx, newTelegramId, seedAccount, seedCaller, seedOrder, seedSetting } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';

/**
 * R-BIL-1: a closed billing period keeps the TIMEZONE it was closed under — its invoices and payouts were cut at
 * 00:00 there. February 2031 is closed in Moscow ([31 Jan 21:00, 28 Feb 21:00) UTC), then TIMEZONE becomes
 * Asia/Vladivostok (+10): read in the new zone, February would end on 1 March.
 */
describe('R-BIL-1 after a TIMEZONE change, the bot shows a closed period by the days it was billed with', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;
  let gleb: TestUser;
  let vera: TestUser;
  let veraId: string;

  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    await seedSetting(env.t, 'BILLING_DAY', '1'); // TIMEZONE: Europe/Moscow (the default)
    const accountId = await seedAccount(env.t, { name: 'ООО Закат' });
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Vera' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Gleb' });
    await seedOrder(env.t, {
      accountId,
      authorId: client.id,
      status: 'DONE',
      contractorId: contractor.id,
      createdAt: new Date('2031-02-10T00:00:00Z'),
    });
    env.t.clock.set(new Date('2031-03-10T00:00:00Z'));
    await env.t.system.services.billingClose.closeDuePeriods(jobCtx(env.t));
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
    gleb = env.user({ telegramId: contractor.telegramId, firstName: 'Gleb' });
    vera = env.user({ telegramId: client.telegramId, firstName: 'Vera' });
    veraId = client.id;
  });
  afterAll(() => env?.stop());

  const openMenu = async (user: TestUser, name: string, label: string, title: RegExp) => {
    // The menu this /start sends (an older one may still be on screen for a moment).
    const sent = await user.send('/start');
    const menu = await user.waitForMessage((m) => m.messageId > sent && m.text.includes(name) && m.buttons.length > 0);
    await user.press(menu, label);
    return user.waitForMessage(title);
  };

  it('R-BIL-3 the unpaid invoice of the closed period names its days in the zone it was closed in', async () => {
    const invoices = await openMenu(olga, 'Olga', '🧾 Неоплаченные счета', /Неоплаченные счета/);
    expect(invoices.buttons.flat().map((b) => b.text)).toContainEqual(
      expect.stringMatching(/^💳 ООО Закат · 01\.02\.2031 – 28\.02\.2031 · /),
    );
  });

  it('R-REP-5 the previous period’s report is named by its own days; the period in progress by TIMEZONE now', async () => {
    const reports = await openMenu(olga, 'Olga', '📈 Отчёты (XLSX)', /<b>Отчёты<\/b>/);
    await olga.press(reports, 'Счета');
    const periods = await olga.waitForMessage(
      (m) => m.messageId === reports.messageId && /за какой расчётный период/.test(m.text),
    );
    expect(periods.buttons.flat().map((b) => b.text)).toEqual([
      'Текущий: 01.03.2031 – 31.03.2031',
      'Предыдущий: 01.02.2031 – 28.02.2031',
      '⬅️ Назад',
    ]);
    const documents = () => env.api.callsOf('sendDocument').filter((c) => String(c.chat_id) === ownerTelegramId);
    const sentBefore = documents().length;
    await olga.press(periods, /^Предыдущий: /);
    const file = await waitFor(() => documents()[sentBefore]);
    expect(file.caption).toBe('Счета · 01.02.2031 – 28.02.2031');
  });

  it('R-REP-2 a contractor’s payout of the closed period is named by its own days, the current period by TIMEZONE now', async () => {
    const earnings = await openMenu(gleb, 'Gleb', '💰 Заработок', /Закрытые периоды/);
    expect(earnings.text).toMatch(/Текущий расчётный период.*\n01\.03\.2031 – 31\.03\.2031: заявок 0/);
    expect(earnings.text).toMatch(/\n01\.02\.2031 – 28\.02\.2031: заявок 1, [\d.]+ ₽/);
  });

  it('R-ACC-3 the client’s usage names the period in progress by its days in TIMEZONE now', async () => {
    const usage = await openMenu(vera, 'Vera', '📊 Тариф и лимиты', /тариф/);
    expect(usage.text).toContain('Период: 01.03.2031 – 31.03.2031');
  });

  it('R-BIL-1 a notification whose payload names no zone (written before payloads carried it) is shown in TIMEZONE now, not in Moscow', async () => {
    // The bot asks TIMEZONE when its notification stream opens: it opened before the change above.
    await env.restartBot();
    // April 2031 in Vladivostok: [31 Mar 14:00, 30 Apr 14:00) UTC. Read in Moscow it would be 31.03 – 29.04.
    await env.t.sql(
      `INSERT INTO notification (recipient_id, channel, kind, payload, created_at)
       VALUES ($1, 'TELEGRAM', 'INVOICE_ISSUED', $2, now())`,
      [
        veraId,
        {
          account: { name: 'ООО Закат' },
          amount: '1500.00',
          periodStart: '2031-03-31T14:00:00.000Z',
          periodEnd: '2031-04-30T14:00:00.000Z',
          graceDays: 10,
        },
      ],
    );
    const notice = await vera.waitForMessage(/Счёт для ООО Закат: 1500\.00/);
    expect(notice.text).toContain('01.04.2031 – 30.04.2031');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTelegramId, seedSetting, seedTariff } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import type { TestUser } from './support/test-user.js';

describe('OWNER sets a tariff price in the bot: "from now" is the server’s now (R-TAR-1, R-BIL-1)', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;
  let tariffId: string;

  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
    // Periods start on the 1st at 00:00 UTC, so the test knows where the server's period in progress begins.
    await seedSetting(env.t, 'TIMEZONE', 'UTC');
    await seedSetting(env.t, 'BILLING_DAY', '1');
    tariffId = await seedTariff(env.t, { name: 'Опора' });
  });
  afterAll(() => env?.stop());

  it('a bot clock behind the server’s across a period start: the price is set from the server’s moment, not refused', async () => {
    // The server is a minute into the next billing period; the bot's own clock (the wall clock) is still in the
    // one before, so a moment taken from it is before the period in progress — which the server refuses.
    const wall = new Date();
    const periodStart = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 1));
    const serverNow = new Date(periodStart.getTime() + 60_000);
    env.t.clock.set(serverNow);

    const sent = await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.messageId > sent && m.text.includes('Olga'));
    await olga.press(menu, '💼 Тарифы');
    const list = await olga.waitForMessage((m) => m.messageId === menu.messageId && /<b>Тарифы<\/b>/.test(m.text));
    const row = list.buttons.find((r) => r.some((b) => b.text === '⛔ Выключить Опора'))!;
    await olga.pressData(list.messageId, row.find((b) => b.text === '💲 Цена')!.data!);
    await olga.waitForMessage(/новую цену/);
    await olga.send('4200');
    // Saved, or refused naming the price's start date (what a moment from the bot's clock got).
    const reply = await olga.waitForMessage(/теперь стоит|дата начала действия цены/);
    expect(reply.text).toMatch(/Опора теперь стоит 4200.00 ₽/);

    const prices = await env.t.sql<{ price: string; effective_from: Date }>(
      'SELECT price::text, effective_from FROM tariff_price WHERE tariff_id = $1 ORDER BY effective_from',
      [tariffId],
    );
    expect(prices.map((p) => p.price)).toEqual(['1000.00', '4200.00']);
    expect(new Date(prices[1]!.effective_from).toISOString()).toBe(serverNow.toISOString());
  });
});

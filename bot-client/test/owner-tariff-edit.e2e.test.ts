import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTelegramId, seedTariff } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import type { BotMessage, TestUser } from './support/test-user.js';

interface TariffRow {
  name: string;
  orders_per_period: number | null;
  reaction_time_minutes: number;
  can_pin_contractors: boolean;
  can_see_contractor_contacts: boolean;
}

describe('OWNER edits a tariff in the bot (R-TAR-1, R-BIL-4 "manage tariffs, also from the bot")', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;
  let tariffId: string;

  const row = async () =>
    (
      await env.t.sql<TariffRow>(
        `SELECT name, orders_per_period, reaction_time_minutes, can_pin_contractors, can_see_contractor_contacts
           FROM tariff WHERE id = $1`,
        [tariffId],
      )
    )[0]!;

  /** The tariff's card, opened from the tariff list by its ✏️ button. */
  const openCard = async (name: string): Promise<BotMessage> => {
    const sent = await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.messageId > sent && m.text.includes('Olga'));
    await olga.press(menu, '💼 Тарифы');
    const list = await olga.waitForMessage((m) => m.messageId === menu.messageId && /<b>Тарифы<\/b>/.test(m.text));
    const tariffRow = list.buttons.find((r) => r.some((b) => b.text.endsWith(` ${name}`)))!;
    await olga.pressData(list.messageId, tariffRow.find((b) => b.text === '✏️')!.data!);
    return olga.waitForMessage((m) => m.messageId === list.messageId && m.text.startsWith(`<b>${name}</b>`));
  };

  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
    tariffId = await seedTariff(env.t, { name: 'Базовый', ordersPerPeriod: 10, reactionTimeMinutes: 60 });
    await seedTariff(env.t, { name: 'Бизнес' });
  });
  afterAll(() => env?.stop());

  it('the card shows every field of the tariff', async () => {
    const card = await openCard('Базовый');
    expect(card.text).toBe(
      [
        '<b>Базовый</b> (активен)',
        'Цена: 1000.00 ₽ за период',
        'Заявок за период: 10',
        'Время реакции: 60 мин',
        'Закрепление исполнителей: нет',
        'Контакты исполнителей: нет',
      ].join('\n'),
    );
    expect(card.buttons.map((r) => r.map((b) => b.text))).toEqual([
      ['✏️ Название', '📦 Заявок', '⏱ Реакция'],
      ['📌 Закрепление: нет'],
      ['👤 Контакты: нет'],
      ['⬅️ К тарифам'],
    ]);
  });

  it('R-TAR-1 renames it; a name another tariff has is refused (TariffNameTaken) and nothing changes', async () => {
    let card = await openCard('Базовый');
    await olga.press(card, '✏️ Название');
    await olga.waitForMessage(/новое название тарифа/);
    await olga.send('Бизнес');
    card = await olga.waitForMessage(/Тариф Бизнес уже есть/);
    expect(card.text).toContain('<b>Базовый</b>');
    expect((await row()).name).toBe('Базовый');
    await olga.press(card, '✏️ Название');
    await olga.waitForMessage(/новое название тарифа/);
    await olga.send('Базовый+');
    card = await olga.waitForMessage(/✅ Сохранено/);
    expect(card.text).toContain('<b>Базовый+</b>');
    expect((await row()).name).toBe('Базовый+');
  });

  it('R-TAR-1 orders per period: a number (out of range explained), then unlimited by the button', async () => {
    let card = await openCard('Базовый+');
    await olga.press(card, '📦 Заявок');
    const prompt = await olga.waitForMessage(/Сколько заявок за расчётный период/);
    await olga.send('0');
    await olga.waitForMessage(/целое число от 1 до 100\s000/);
    await olga.send('25');
    card = await olga.waitForMessage((m) => /Сохранено/.test(m.text) && /Заявок за период: 25/.test(m.text));
    expect((await row()).orders_per_period).toBe(25);
    expect(prompt.buttons.flat().map((b) => b.text)).toEqual(['∞ Без лимита', '✖️ Отмена']);

    await olga.press(card, '📦 Заявок');
    const again = await olga.waitForMessage(
      (m) => m.messageId !== prompt.messageId && /Сколько заявок за расчётный период/.test(m.text),
    );
    await olga.press(again, '∞ Без лимита');
    await olga.waitForMessage((m) => m.messageId === again.messageId && /Заявок за период: без лимита/.test(m.text));
    expect((await row()).orders_per_period).toBeNull();
  });

  it('R-TAR-1 reaction time in minutes (non-numbers explained) and both flags switched by buttons', async () => {
    let card = await openCard('Базовый+');
    await olga.press(card, '⏱ Реакция');
    await olga.waitForMessage(/Время реакции в минутах/);
    await olga.send('час');
    await olga.waitForMessage(/целое число минут от 1 до 525\s600/);
    await olga.send('90');
    card = await olga.waitForMessage((m) => /Сохранено/.test(m.text) && /Время реакции: 90 мин/.test(m.text));
    await olga.press(card, '📌 Закрепление: нет');
    card = await olga.waitForMessage(
      (m) => m.messageId === card.messageId && /Закрепление исполнителей: да/.test(m.text),
    );
    await olga.press(card, '👤 Контакты: нет');
    card = await olga.waitForMessage((m) => m.messageId === card.messageId && /Контакты исполнителей: да/.test(m.text));
    expect(card.buttons.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(['📌 Закрепление: да', '👤 Контакты: да']),
    );
    expect(await row()).toEqual({
      name: 'Базовый+',
      orders_per_period: null,
      reaction_time_minutes: 90,
      can_pin_contractors: true,
      can_see_contractor_contacts: true,
    });
    await olga.press(card, '📌 Закрепление: да');
    await olga.waitForMessage((m) => m.messageId === card.messageId && /Закрепление исполнителей: нет/.test(m.text));
    expect((await row()).can_pin_contractors).toBe(false);
    // Back to the list: it shows the edited tariff.
    const latest = olga.messages().find((m) => m.messageId === card.messageId)!;
    await olga.press(latest, '⬅️ К тарифам');
    await olga.waitForMessage(
      (m) => m.messageId === card.messageId && /Базовый\+: 1000.00 ₽, заявок ∞, реакция 90 мин/.test(m.text),
    );
  });
});

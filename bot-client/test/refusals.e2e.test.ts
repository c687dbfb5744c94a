import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, seedCaller, seedSetting, type Caller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import type { TestUser } from './support/test-user.js';

const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id number } } }`;

describe('a server refusal reaches the person in their language, never in the server’s English', () => {
  let env: BotTestEnv;
  let client: Caller;
  let ivan: TestUser;
  let itHelp: string;

  beforeAll(async () => {
    env = await startBotTestEnv();
    const accountId = await seedAccount(env.t);
    client = (await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' })).as;
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    ivan = env.user({ telegramId: contractor.telegramId, firstName: 'Ivan' });
    const [row] = await env.t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    itHelp = row!.id;
  });
  afterAll(() => env?.stop());

  it('R-ORD-3 an estimate over MAX_ESTIMATE_HOURS (lowered after the buttons were drawn) is refused with the field and range in Russian', async () => {
    // The estimate buttons offer up to 24 hours; the owner has since allowed at most 2.
    await seedSetting(env.t, 'MAX_ESTIMATE_HOURS', '2');
    const order = (
      await env.t.ok<{ createOrder: { number: string } }>(
        CREATE,
        { input: { categoryId: itHelp, description: 'Принтер не печатает' } },
        client,
      )
    ).createOrder;
    const card = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}`));
    await ivan.press(card, '✋ Взять');
    const estimates = await ivan.waitForMessage(
      (m) => m.messageId === card.messageId && m.buttons.flat().some((b) => b.text === '4 ч'),
    );
    const fourHours = estimates.buttons.flat().find((b) => b.text === '4 ч')!;
    const answer = await ivan.pressData(card.messageId, fourHours.data!);
    expect(answer).toBe('Не принято: оценка в часах — допустимо от 1 до 2.');
    const [row] = await env.t.sql<{ status: string }>('SELECT status FROM service_order WHERE number = $1', [
      order.number,
    ]);
    expect(row).toEqual({ status: 'NEW' });
  });
});

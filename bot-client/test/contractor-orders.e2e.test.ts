import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../src/bot/callback-data.js';
import { seedAccount, seedCaller, seedSetting, seedTariff, type Caller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';
import { shownIn } from './support/dates.js';

const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id number } } }`;

describe('CONTRACTOR flows: offers, take with estimate, credentials, conversation, close, rate, release', () => {
  let env: BotTestEnv;
  let client: { id: string; telegramId: string; as: Caller };
  let anna: TestUser;
  let ivan: TestUser;
  let petr: TestUser;
  let itHelp: string;

  const createOrder = async (description: string, credentials?: string) => {
    const data = await env.t.ok<{ createOrder: { id: string; number: string } }>(
      CREATE,
      { input: { categoryId: itHelp, description, ...(credentials ? { credentials } : {}) } },
      client.as,
    );
    return data.createOrder;
  };

  beforeAll(async () => {
    env = await startBotTestEnv();
    const accountId = await seedAccount(env.t);
    client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const a = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    const b = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Petr' });
    anna = env.user({ telegramId: client.telegramId, firstName: 'Anna' });
    ivan = env.user({ telegramId: a.telegramId, firstName: 'Ivan' });
    petr = env.user({ telegramId: b.telegramId, firstName: 'Petr' });
    const [row] = await env.t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    itHelp = row!.id;
  });
  afterAll(() => env?.stop());

  it('R-ORD-3 offers arrive as cards with Take; one wins, a double press is told the order is gone, the other card says so', async () => {
    const order = await createOrder('VPN не подключается', 'vpn: anna / pa$$');
    const ivanCard = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}`));
    const petrCard = await petr.waitForMessage(new RegExp(`Заявка ${order.number}`));
    expect(await ivan.press(ivanCard, '✋ Взять')).toBe('Сколько часов займёт работа?');
    const estimates = await ivan.waitForMessage(
      (m) => m.messageId === ivanCard.messageId && m.buttons.flat().length === 6,
    );
    const twoHours = estimates.buttons.flat().find((b) => b.text === '2 ч')!;
    const [first, second] = await Promise.all([
      ivan.pressData(ivanCard.messageId, twoHours.data!),
      petr.pressData(petrCard.messageId, twoHours.data!),
    ]);
    const answers = [first, second];
    expect(answers.filter((a) => a.startsWith('✅ Вы взяли')).length).toBe(1);
    expect(answers.filter((a) => /уже взял кто-то другой/.test(a)).length).toBe(1);
    const winner = first.startsWith('✅') ? ivan : petr;
    const loser = winner === ivan ? petr : ivan;
    const [row] = await env.t.sql<{ status: string; estimate_hours: number }>(
      'SELECT status, estimate_hours FROM service_order WHERE id = $1',
      [order.id],
    );
    expect(row).toEqual({ status: 'IN_PROGRESS', estimate_hours: 2 });
    await loser.waitForMessage((m) => /уже взял кто-то другой/.test(m.text) && m.buttons.length === 0);
    const takenCard = await winner.waitForMessage(/Вы взяли заявку/);
    expect(takenCard.buttons.flat().map((b) => b.text)).toEqual([
      '🔒 Доступы',
      '💬 Написать',
      '✅ Выполнена',
      '↩️ Отказаться',
    ]);
    await anna.waitForMessage(new RegExp(`${order.number}</b> взял`));
    // The loser's press again on the stale card: refused, nothing changes.
    expect(await loser.pressData(petrCard.messageId, twoHours.data!)).toMatch(/уже взял|устарела/);
  });

  it('R-ORD-4 credentials only after taking; R-ORD-9 text and media relayed both ways with a reply button; close and rate', async () => {
    const order = await createOrder('Настроить почту', 'mail: anna@x / 123');
    const card = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}`));
    await ivan.press(card, '✋ Взять');
    const estimates = await ivan.waitForMessage((m) => m.messageId === card.messageId && m.buttons.flat().length === 6);
    await ivan.press(estimates, '1 ч');
    const taken = await ivan.waitForMessage((m) => m.messageId === card.messageId && /Вы взяли/.test(m.text));
    await ivan.send('/orders');
    const mine = await ivan.waitForMessage(/Мои заявки/);
    expect(mine.buttons.flat().some((b) => b.text.startsWith(`${order.number} · в работе`))).toBe(true);
    await ivan.press(taken, '🔒 Доступы');
    const credentials = await ivan.waitForMessage(new RegExp(`Доступы к заявке ${order.number}`));
    expect(credentials.text).toContain('mail: anna@x / 123');

    await ivan.press(taken, '💬 Написать');
    await ivan.waitForMessage(new RegExp(`Напишите по заявке ${order.number}`));
    await ivan.send('Пришлите скриншот ошибки');
    await ivan.waitForMessage(/Отправлено/);
    const relayed = await anna.waitForMessage(/Пришлите скриншот ошибки/);
    expect(relayed.text).toContain('Ivan');
    await anna.press(relayed, '↩️ Ответить');
    await anna.waitForMessage(new RegExp(`Напишите по заявке ${order.number}`));
    await anna.sendMedia('photo', 'photo-file-1', 'вот');
    await anna.waitForMessage(/Отправлено/);
    const photo = await ivan.waitForMessage((m) => m.method === 'sendPhoto');
    expect(photo).toMatchObject({ fileId: 'photo-file-1' });
    expect(photo.text).toContain('вот');
    expect(photo.buttons.flat().map((b) => b.text)).toEqual(['↩️ Ответить']);
    await ivan.press(photo, '↩️ Ответить');
    await ivan.waitForMessage(new RegExp(`Напишите по заявке ${order.number}`));
    await ivan.sendMedia('document', 'doc-file-1');
    await anna.waitForMessage((m) => m.method === 'sendDocument' && m.fileId === 'doc-file-1');
    await ivan.sendMedia('voice', 'voice-file-1');
    await anna.waitForMessage((m) => m.method === 'sendVoice' && m.fileId === 'voice-file-1');
    const stored = await env.t.sql<{ kind: string; file_id: string | null }>(
      'SELECT kind, file_id FROM order_message WHERE order_id = $1 ORDER BY created_at, id',
      [order.id],
    );
    expect(stored.map((m) => m.kind).sort()).toEqual(['DOCUMENT', 'PHOTO', 'TEXT', 'VOICE']);
    expect(
      stored
        .map((m) => m.file_id)
        .filter(Boolean)
        .sort(),
    ).toEqual(['doc-file-1', 'photo-file-1', 'voice-file-1']);

    await ivan.send('/cancel');
    await ivan.press(taken, '✅ Выполнена');
    await ivan.waitForMessage(new RegExp(`Заявка ${order.number} выполнена`));
    const done = await anna.waitForMessage(new RegExp(`${order.number}</b> выполнена`));
    await anna.press(done, '★★★★★');
    const comment = await anna.waitForMessage(/Добавьте комментарий/);
    expect(comment.text).toContain('★★★★★');
    await anna.send('Быстро и чётко');
    await anna.waitForMessage(/оценена: ★★★★★/);
    const [rated] = await env.t.sql<{ rating: number; rating_comment: string; credentials: string | null }>(
      'SELECT rating, rating_comment, credentials FROM service_order WHERE id = $1',
      [order.id],
    );
    expect(rated).toEqual({ rating: 5, rating_comment: 'Быстро и чётко', credentials: null });
  });

  it('R-ORD-7 release with a reason: the order is back in the queue and the client is told; available orders list it', async () => {
    const order = await createOrder('Перенести файлы');
    const card = await petr.waitForMessage(new RegExp(`Заявка ${order.number}`));
    await petr.press(card, '✋ Взять');
    const estimates = await petr.waitForMessage((m) => m.messageId === card.messageId && m.buttons.flat().length === 6);
    await petr.press(estimates, '3 ч');
    const taken = await petr.waitForMessage((m) => m.messageId === card.messageId && /Вы взяли/.test(m.text));
    await petr.press(taken, '↩️ Отказаться');
    await petr.waitForMessage(/Почему вы отказываетесь/);
    await petr.send('Заболел');
    await petr.waitForMessage(new RegExp(`Заявка ${order.number} вернулась в очередь`));
    await anna.waitForMessage(new RegExp(`${order.number}</b> вернулась в очередь. Причина: Заболел`));
    await ivan.send('/available');
    const available = await ivan.waitForMessage(/Заявки, которые можно взять/);
    expect(available.buttons.flat().some((b) => b.text.startsWith(order.number))).toBe(true);
    await waitFor(async () => {
      const [row] = await env.t.sql<{ status: string }>('SELECT status FROM service_order WHERE id = $1', [order.id]);
      return row!.status === 'NEW' || undefined;
    });
  });

  it('R-SLA-6 the taken order’s work deadline is in TIMEZONE when the account has no zone of its own, not in Moscow', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    env.t.clock.set(new Date('2031-02-10T00:00:00Z'));
    const order = await createOrder('Настроить принтер');
    const card = await ivan.waitForMessage(new RegExp(`Заявка ${order.number}`));
    await ivan.press(card, '✋ Взять');
    const estimates = await ivan.waitForMessage((m) => m.messageId === card.messageId && m.buttons.flat().length === 6);
    await ivan.press(estimates, '2 ч');
    const taken = await ivan.waitForMessage((m) => m.messageId === card.messageId && /Вы взяли/.test(m.text));
    const [row] = await env.t.sql<{ due: Date }>('SELECT work_due_at AS due FROM service_order WHERE id = $1', [
      order.id,
    ]);
    const shown = (zone: string) => shownIn(zone, row!.due);
    expect(shown('Asia/Vladivostok')).not.toBe(shown('Europe/Moscow'));
    expect(taken.text).toContain(`Оценка: 2 ч, срок ${shown('Asia/Vladivostok')}`);
  });

  it('R-SLA-1 R-SLA-6 one who is not pinned is told when the window ends in the account’s zone, else TIMEZONE, not Moscow', async () => {
    // After the test above: TIMEZONE is Asia/Vladivostok.
    const tariffId = await seedTariff(env.t, { canPinContractors: true, ordersPerPeriod: null });
    const accountId = await seedAccount(env.t, { tariffId });
    const kira = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Kira' });
    const lev = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Lev' });
    await env.t.sql('INSERT INTO pinned_contractor (account_id, contractor_id) VALUES ($1, $2)', [accountId, lev.id]);
    /** Petr presses "2 h" on a stale copy of an offer of a new order of Kira's, inside the pinned window. */
    const refusal = async () => {
      const { createOrder: order } = await env.t.ok<{ createOrder: { id: string } }>(
        CREATE,
        { input: { categoryId: itHelp, description: 'Только для закреплённых' } },
        kira.as,
      );
      const [row] = await env.t.sql<{ until: Date }>('SELECT pinned_until AS until FROM service_order WHERE id = $1', [
        order.id,
      ]);
      const stale = petr.messages().at(-1)!;
      const answer = await petr.pressData(stale.messageId, callbacks.estimate.encode({ orderId: order.id, hours: 2 }));
      return { answer, until: row!.until };
    };
    const inTimeZone = await refusal();
    expect(shownIn('Asia/Vladivostok', inTimeZone.until)).not.toBe(shownIn('Europe/Moscow', inTimeZone.until));
    expect(inTimeZone.answer).toBe(
      `До ${shownIn('Asia/Vladivostok', inTimeZone.until)} взять заявку могут только закреплённые исполнители клиента.`,
    );
    await env.t.sql(`UPDATE client_account SET time_zone = 'Asia/Yekaterinburg' WHERE id = $1`, [accountId]);
    const inAccountZone = await refusal();
    expect(inAccountZone.answer).toContain(`До ${shownIn('Asia/Yekaterinburg', inAccountZone.until)} взять`);
  });
});

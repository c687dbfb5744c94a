import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../src/bot/callback-data.js';
import { newTelegramId, seedAccount, seedCaller, seedOrder } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { telegramLengthLimits } from './support/test-bot-api.js';
import { waitFor, type BotMessage, type TestChat, type TestUser } from './support/test-user.js';

/**
 * Updates real Telegram users and chats send that the happy paths do not: stickers and locations where text is
 * expected, edits, blank and huge texts, odd button data, group chats and channels, commands with suffixes.
 */
describe('odd updates: the bot neither crashes, hangs, stays silent, answers in groups nor leaks', () => {
  let env: BotTestEnv;
  let accountId: string;

  beforeAll(async () => {
    env = await startBotTestEnv();
    // Telegram refuses texts over 4096 characters; telegram-test-api does not.
    env.api.faults.push(telegramLengthLimits);
    accountId = await seedAccount(env.t);
  });
  afterAll(() => env?.stop());

  const client = async (firstName: string, ownAccount = false) => {
    // Tests that create orders use an account of their own: the shared one's tariff limits are for the others.
    const caller = await seedCaller(env.t, {
      role: 'CLIENT',
      accountId: ownAccount ? await seedAccount(env.t) : accountId,
      firstName,
    });
    return { caller, user: env.user({ telegramId: caller.telegramId, firstName }) };
  };

  /** Everything the bot has sent to a chat (text messages, as the Bot API received them). */
  const sentTo = (chatId: number) =>
    env.api.calls.filter((c) => c.body.chat_id !== undefined && String(c.body.chat_id) === String(chatId));

  /** Opens the main menu and starts a new GENERAL order up to the description prompt. */
  const toDescription = async (user: TestUser, name: string): Promise<BotMessage> => {
    await user.send('/start');
    const menu = await user.waitForMessage(new RegExp(name));
    await user.press(menu, '🆕 Новая заявка');
    const categories = await user.waitForMessage(/выберите категорию/);
    await user.press(categories, 'ИТ-помощь');
    return user.waitForMessage(/Опишите, что нужно сделать/);
  };

  const NON_TEXT: Record<string, Record<string, unknown>> = {
    sticker: {
      sticker: {
        file_id: 'stk-1',
        file_unique_id: 'u-stk-1',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
    photo: { photo: [{ file_id: 'ph-1', file_unique_id: 'u-ph-1', width: 90, height: 90 }] },
    document: { document: { file_id: 'doc-1', file_unique_id: 'u-doc-1', file_name: 'a.pdf' } },
    voice: { voice: { file_id: 'vc-1', file_unique_id: 'u-vc-1', duration: 2 } },
    location: { location: { latitude: 55.75, longitude: 37.62 } },
    contact: { contact: { phone_number: '+70000000000', first_name: 'Someone' } },
  };

  it('non-text messages in the description step are answered with what is expected; the wizard goes on', async () => {
    const { user } = await client('Stick');
    await toDescription(user, 'Stick');
    // Counted by the answers themselves: the prompt's own delivery may still be under way (a new prompt is sent,
    // then the old menu removed), and a call counted from here would be taken for the answer.
    const asked = () => user.messages().filter((m) => /отправьте текст/.test(m.text)).length;
    for (const [kind, content] of Object.entries(NON_TEXT)) {
      const before = asked();
      await user.sendRaw(content);
      await waitFor(() => asked() > before || undefined);
      expect(asked(), kind).toBe(before + 1);
      expect(user.messages().at(-1)?.text, kind).toMatch(/отправьте текст/);
    }
    // A forwarded text is text: it is taken as the description.
    await user.sendRaw({
      text: 'Forwarded: принтер не печатает',
      forward_origin: { type: 'hidden_user', sender_user_name: 'Colleague', date: 1 },
    });
    const summary = await user.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('Forwarded: принтер не печатает');
  });

  it('spaces only, HTML-like text, emoji and RTL text in the wizard: asked again, escaped, kept as typed', async () => {
    const { user } = await client('Html');
    await toDescription(user, 'Html');
    await user.send('    ');
    await user.waitForMessage(/отправьте текст/);
    await user.send('<b>&</b> 🖨️ لا يعمل الطابعة');
    const summary = await user.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('&lt;b&gt;&amp;&lt;/b&gt; 🖨️ لا يعمل الطابعة');
  });

  it('an edited message is neither taken as an answer nor breaks anything', async () => {
    const { user } = await client('Edit');
    await toDescription(user, 'Edit');
    env.api.pushUpdate({
      edited_message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        edit_date: Math.floor(Date.now() / 1000),
        chat: { id: Number(user.person.telegramId), type: 'private', first_name: 'Edit' },
        from: user.from(),
        text: 'edited text',
      },
    });
    await user.send('the real description');
    const summary = await user.waitForMessage(/Проверьте заявку/);
    expect(summary.text).toContain('the real description');
    expect(summary.text).not.toContain('edited text');
  });

  it('/start with a payload and with the bot’s @suffix open the menu; an unknown command gets a hint', async () => {
    const { user } = await client('Suffix');
    await user.send('/start payload-123');
    const first = await user.waitForMessage(/Suffix/);
    await user.send('/start@itsupport_test_bot');
    await user.waitForMessage((m) => m.messageId !== first.messageId && /Suffix/.test(m.text));
    await user.send('/frobnicate');
    await user.waitForMessage(/Воспользуйтесь меню/);
  });

  it('R-USR-1 an unknown person gets the polite refusal for every command, not silence', async () => {
    const stranger = env.user({ telegramId: newTelegramId(), firstName: 'Nobody' });
    for (const command of ['/orders', '/neworder', '/help', '/cancel', '/language', '/users']) {
      const before = stranger.messages().length;
      await stranger.send(command);
      await waitFor(() => stranger.messages().length > before || undefined);
      expect(stranger.messages().at(-1)!.text, command).toMatch(/не знаю/);
    }
  });

  it('/cancel at every step of the new-order wizard leaves it; the wizard’s old buttons are then stale', async () => {
    const { user } = await client('Cancel');
    await user.send('/start');
    const menu = await user.waitForMessage(/Cancel/);
    await user.press(menu, '🆕 Новая заявка');
    const categories = await user.waitForMessage(/выберите категорию/);
    const itHelp = categories.buttons.flat().find((b) => b.text === 'ИТ-помощь')!;
    await user.send('/cancel');
    await user.waitForMessage(/Отменено/);
    expect(await user.pressData(categories.messageId, itHelp.data!)).toMatch(/устарела/);
    // In the description and confirm steps too.
    await toDescription(user, 'Cancel');
    await user.send('/cancel');
    await waitFor(() => user.messages().filter((m) => /Отменено/.test(m.text)).length >= 2 || undefined);
    await toDescription(user, 'Cancel');
    await user.send('описание');
    const summary = await user.waitForMessage(/Проверьте заявку/);
    const confirm = summary.buttons.flat().find((b) => /Создать/.test(b.text))!;
    await user.send('/cancel');
    await waitFor(() => user.messages().filter((m) => /Отменено/.test(m.text)).length >= 3 || undefined);
    expect(await user.pressData(summary.messageId, confirm.data!)).toMatch(/устарела/);
    const [{ n }] = await env.t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM service_order o JOIN app_user u ON u.id = o.author_id WHERE u.telegram_id = $1`,
      [user.person.telegramId],
    );
    expect(n).toBe(0);
  });

  it('malformed, unknown and over-long button data are stale, never an error', async () => {
    const { user } = await client('Data');
    await user.send('/start');
    const menu = await user.waitForMessage(/Data/);
    for (const data of [
      'lang:xx',
      'lang:',
      'm:nothing',
      'cat:not-a-uuid',
      'pg:orders:-1',
      'x'.repeat(200),
      '',
      ':::',
      'rt:AAAAAAAAAAAAAAAAAAAAAA:9',
    ]) {
      expect(await user.pressData(menu.messageId, data), data).toMatch(/устарела/);
    }
  });

  describe('group chats and channels: the bot works in private chats only', () => {
    let group: TestChat;
    let owner: TestUser;
    beforeAll(async () => {
      group = { id: -Number(newTelegramId()), type: 'supergroup', title: 'Office' };
      const o = await seedCaller(env.t, { role: 'OWNER', firstName: 'Boss' });
      owner = env.user({ telegramId: o.telegramId, firstName: 'Boss' });
      const { caller } = await client('Member');
      await seedOrder(env.t, { accountId, authorId: caller.id });
    });

    const groupSends = () => sentTo(group.id).filter((c) => c.method !== 'setMyCommands');

    it('commands in a group get one line pointing to the private chat: no menu, no order list, nothing to press', async () => {
      for (const command of ['/start', '/orders', '/start@itsupport_test_bot', '/users', '/help']) {
        const before = groupSends().length;
        await owner.sendRaw(
          { text: command, entities: [{ offset: 0, length: command.length, type: 'bot_command' }] },
          group,
        );
        await waitFor(() => groupSends().length > before || undefined);
      }
      const sends = groupSends();
      expect(sends.map((c) => c.method)).toEqual(Array(5).fill('sendMessage'));
      for (const c of sends) {
        expect(c.body.text).toMatch(/личн/);
        expect(c.body.reply_markup).toBeUndefined();
      }
      // Nothing about the group was kept as if it were a person's chat (no wizard, no menu).
      const sessions = await env.t.sql<{ key: string }>(
        `SELECT key FROM bot_state WHERE store = 'sessions' AND key = $1`,
        [String(group.id)],
      );
      expect(sessions).toEqual([]);
    });

    it('plain messages in a group are ignored; a button pressed in a group is answered, not acted on', async () => {
      const before = groupSends().length;
      await owner.sendRaw({ text: 'всем привет' }, group);
      await owner.sendRaw(
        { text: '/start@OtherBot', entities: [{ offset: 0, length: 15, type: 'bot_command' }] },
        group,
      );
      const menuData = callbacks.menu.encode({ screen: 'openOrders' });
      expect(await owner.pressData(4242, menuData, group)).toMatch(/личн/);
      expect(groupSends().length).toBe(before);
    });

    it('the bot added to a group says once that it works in private chats; a channel post is ignored', async () => {
      const added = { id: -Number(newTelegramId()), type: 'group' as const, title: 'New group' };
      const me = { id: 123456789, is_bot: true, first_name: 'ITSupport', username: 'itsupport_test_bot' };
      env.api.pushUpdate({
        my_chat_member: {
          chat: added,
          from: owner.from(),
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { user: me, status: 'left' },
          new_chat_member: { user: me, status: 'member' },
        },
      });
      const said = await waitFor(() => sentTo(added.id).find((c) => c.method === 'sendMessage'));
      expect(said.body.text).toMatch(/личн/);
      const channel = { id: -Number(newTelegramId()), type: 'channel' as const, title: 'News' };
      env.api.pushUpdate({
        channel_post: { message_id: 7, date: Math.floor(Date.now() / 1000), chat: channel, text: '/start' },
      });
      // An update the bot handles after the channel post shows the post was handled (and skipped) without harm.
      const { user } = await client('AfterPost');
      await user.send('/start');
      await user.waitForMessage(/AfterPost/);
      expect(sentTo(channel.id)).toEqual([]);
      expect(sentTo(added.id).filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    });
  });

  it('R-ORD-1 a description over 4000 characters is asked for again, never cut; one of 4000 is kept whole, created once, and its card opens (Telegram’s 4096 limit)', async () => {
    const { user } = await client('Long');
    await toDescription(user, 'Long');
    const long = `${'<b>&</b> '.repeat(555)}конец`;
    await user.send(long.slice(0, 4001));
    await user.waitForMessage(/Это 4\s001 символов, а можно не больше 4\s000/);
    const description = long.slice(0, 4000);
    await user.send(description);
    const summary = await user.waitForMessage(/Проверьте заявку/);
    await user.press(summary, '✅ Создать заявку');
    const created = await user.waitForMessage(/создана/);
    expect(created.buttons.flat().length).toBeGreaterThan(0);
    const rows = await env.t.sql<{ id: string; number: string; length: number }>(
      `SELECT o.id, o.number, length(o.description)::int AS length FROM service_order o JOIN app_user u ON u.id = o.author_id
        WHERE u.telegram_id = $1`,
      [user.person.telegramId],
    );
    expect(rows).toHaveLength(1);
    const [stored] = await env.t.sql<{ description: string }>(`SELECT description FROM service_order WHERE id = $1`, [
      rows[0]!.id,
    ]);
    expect(stored!.description).toBe(description);
    // A second press of the confirm button (the person saw no confirmation) must not create a second order.
    const confirm = summary.buttons.flat().find((b) => /Создать/.test(b.text))!;
    expect(await user.pressData(summary.messageId, confirm.data!)).toMatch(/устарела/);
    // The card of the order opens from the list, cut to what Telegram can show.
    await user.send('/orders');
    const list = await user.waitForMessage(/Мои заявки/);
    await user.press(list, new RegExp(rows[0]!.number));
    const card = await user.waitForMessage(new RegExp(`Заявка ${rows[0]!.number}</b>`));
    expect(card.text).toMatch(/Взять до/);
    expect(card.text).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    const [{ n }] = await env.t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM service_order o JOIN app_user u ON u.id = o.author_id WHERE u.telegram_id = $1`,
      [user.person.telegramId],
    );
    expect(n).toBe(1);
  });

  it('R-ORD-4 credentials over 2000 characters leave the chat and are asked for again; nothing is created until they fit', async () => {
    const { caller, user } = await client('Keys', true);
    await toDescription(user, 'Keys');
    await user.send('Настроить VPN');
    const summary = await user.waitForMessage(/Проверьте заявку/);
    await user.press(summary, '🔒 Добавить доступы');
    await user.waitForMessage(/логины и пароли/);
    const tooMany = await user.send(`vpn / ${'p'.repeat(2000)}`);
    await user.waitForMessage(/Это 2\s006 символов, а можно не больше 2\s000/);
    expect(user.stillHas(tooMany)).toBe(false);
    expect(user.messages().some((m) => /Доступы сохранены/.test(m.text))).toBe(false);
    expect(await env.t.sql(`SELECT id FROM service_order WHERE author_id = $1`, [caller.id])).toEqual([]);
    const fits = await user.send('vpn / S3cret');
    await user.waitForMessage(/создана/);
    expect(user.stillHas(fits)).toBe(false);
    const orders = await env.t.sql<{ has: boolean }>(
      `SELECT credentials IS NOT NULL AS has FROM service_order WHERE author_id = $1`,
      [caller.id],
    );
    expect(orders).toEqual([{ has: true }]);
  });

  it('R-ORD-9 R-ORD-10 a 4096-character message to an order is kept whole; a rating comment over 1000 is asked again', async () => {
    const { caller, user } = await client('Whole', true);
    const worker = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Worker' });
    const [category] = await env.t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    const { createOrder: order } = await env.t.ok<{ createOrder: { id: string; number: string } }>(
      `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { ... on Order { id number } } }`,
      { input: { categoryId: category!.id, description: 'Почта' } },
      caller.as,
    );
    await env.t.ok(
      `mutation ($id: ID!) { takeOrder(orderId: $id, estimateHours: 2) { __typename } }`,
      { id: order.id },
      worker.as,
    );

    // Telegram's longest text: the order's conversation keeps all of it.
    await user.send('/orders');
    const list = await user.waitForMessage(/Мои заявки/);
    await user.press(list, new RegExp(order.number));
    const card = await user.waitForMessage(new RegExp(`Заявка ${order.number}</b>`));
    await user.press(card, '💬 Написать');
    await user.waitForMessage(new RegExp(`Напишите по заявке ${order.number}`));
    const longest = `${'Очень длинное сообщение. '.repeat(163)}конец`.slice(0, 4096);
    await user.send(longest);
    await user.waitForMessage(/Отправлено/);
    const [message] = await env.t.sql<{ text: string }>(`SELECT text FROM order_message WHERE order_id = $1`, [
      order.id,
    ]);
    expect(message!.text).toBe(longest);

    await user.send('/cancel');
    await env.t.ok(`mutation ($id: ID!) { closeOrder(orderId: $id) { __typename } }`, { id: order.id }, worker.as);
    const done = await user.waitForMessage(new RegExp(`${order.number}</b> выполнена`));
    await user.press(done, '★★★★');
    await user.waitForMessage(/Добавьте комментарий/);
    await user.send('х'.repeat(1001));
    await user.waitForMessage(/Это 1\s001 символов, а можно не больше 1\s000/);
    const [unrated] = await env.t.sql<{ rating: number | null }>(`SELECT rating FROM service_order WHERE id = $1`, [
      order.id,
    ]);
    expect(unrated!.rating).toBeNull();
    await user.send('х'.repeat(1000));
    await user.waitForMessage(/оценена: ★★★★/);
    const [rated] = await env.t.sql<{ rating: number; length: number }>(
      `SELECT rating, length(rating_comment)::int AS length FROM service_order WHERE id = $1`,
      [order.id],
    );
    expect(rated).toEqual({ rating: 4, length: 1000 });
  });

  it('R-ORD-1 a cartridge quantity over the server’s 1000 is refused at once, not by an error at “Create”', async () => {
    const { user } = await client('Carts');
    await user.send('/start');
    const menu = await user.waitForMessage(/Carts/);
    await user.press(menu, '🆕 Новая заявка');
    await user.press(await user.waitForMessage(/выберите категорию/), 'Картриджи');
    await user.waitForMessage(/по одному в сообщении/);
    await user.send('CE285A 5000');
    await user.waitForMessage(/от 1 до 1\D?000/);
    await user.send('CE285A 1000');
    const items = await user.waitForMessage(/CE285A × 1000/);
    expect(items.text).not.toContain('5000');
    await user.press(items, '✅ Готово');
    await user.waitForMessage(/Опишите, что нужно сделать/);
    await user.send('тонер');
    await user.press(await user.waitForMessage(/Проверьте заявку/), '✅ Создать заявку');
    await user.waitForMessage(/создана/);
  });

  it('R-ORD-7 the release reason prompt: a sticker or blank text is asked again, an over-long one is told the limit', async () => {
    const { caller } = await client('ReleaseClient');
    const c = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Holder' });
    const holder = env.user({ telegramId: c.telegramId, firstName: 'Holder' });
    const orderId = await seedOrder(env.t, {
      accountId,
      authorId: caller.id,
      status: 'IN_PROGRESS',
      contractorId: c.id,
    });
    await holder.send('/start');
    const menu = await holder.waitForMessage(/Holder/);
    await holder.pressData(menu.messageId, callbacks.release.encode({ orderId }));
    await holder.waitForMessage(/Почему вы отказываетесь/);
    await holder.sendRaw(NON_TEXT.sticker!);
    await holder.waitForMessage(/отправьте текст/);
    await holder.send('   ');
    await holder.waitForMessage(/от 1 до 500 символов/);
    const count = holder.messages().filter((m) => /от 1 до 500 символов/.test(m.text)).length;
    await holder.send('x'.repeat(600));
    await waitFor(
      () => holder.messages().filter((m) => /от 1 до 500 символов/.test(m.text)).length > count || undefined,
    );
    const [still] = await env.t.sql<{ status: string }>('SELECT status FROM service_order WHERE id = $1', [orderId]);
    expect(still!.status).toBe('IN_PROGRESS');
    await holder.send('заболел');
    await holder.waitForMessage(/вернулась в очередь/);
    const [row] = await env.t.sql<{ status: string }>('SELECT status FROM service_order WHERE id = $1', [orderId]);
    expect(row!.status).toBe('NEW');
  });

  it('R-ORD-3 a double press of the estimate takes the order once and never tells the taker it is gone', async () => {
    const { caller } = await client('TakeClient');
    const c = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Twice' });
    const twice = env.user({ telegramId: c.telegramId, firstName: 'Twice' });
    const orderId = await seedOrder(env.t, { accountId, authorId: caller.id });
    await twice.send('/start');
    const menu = await twice.waitForMessage(/Twice/);
    await twice.pressData(menu.messageId, callbacks.orderCard.encode({ orderId }));
    const card = await twice.waitForMessage((m) => m.messageId === menu.messageId && /Заявка/.test(m.text));
    await twice.press(card, '✋ Взять');
    const estimates = await twice.waitForMessage(
      (m) => m.messageId === card.messageId && m.buttons.flat().some((b) => b.text === '2 ч'),
    );
    const twoHours = estimates.buttons.flat().find((b) => b.text === '2 ч')!;
    const answers = await Promise.all([
      twice.pressData(card.messageId, twoHours.data!),
      twice.pressData(card.messageId, twoHours.data!),
    ]);
    expect(answers.filter((a) => a.startsWith('✅ Вы взяли'))).toHaveLength(1);
    expect(answers.join(' ')).not.toMatch(/кто-то другой/);
    const taken = await twice.waitForMessage((m) => m.messageId === card.messageId && /Вы взяли/.test(m.text));
    expect(taken.buttons.flat().length).toBeGreaterThan(0);
    const [row] = await env.t.sql<{ status: string; contractor_id: string }>(
      'SELECT status, contractor_id FROM service_order WHERE id = $1',
      [orderId],
    );
    expect(row).toEqual({ status: 'IN_PROGRESS', contractor_id: c.id });
  });
});

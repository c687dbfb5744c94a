import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type BotRuntime } from '../src/bot-runtime.js';
import { createBotLogger } from '../src/logger.js';
import { jobCtx, seedAccount, seedCaller, seedSetting } from './support/server.js';
import { FAST_PACING, FAST_RETRY, startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { pending } from './support/notifications.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { telegramLengthLimits } from './support/test-bot-api.js';
import { waitFor } from './support/test-user.js';

const numbersIn = (texts: string[]) =>
  texts
    .map((t) => /n=(\d+)/.exec(t)?.[1])
    .filter(Boolean)
    .map(Number);

describe('notifications consumer (README "Live events and notifications")', () => {
  let env: BotTestEnv;
  beforeAll(async () => {
    env = await startBotTestEnv();
    env.api.faults.push(telegramLengthLimits);
  });
  afterAll(() => env?.stop());

  it('a bot restart in the middle of 200 pending notifications: every recipient gets each exactly once, in order', async () => {
    const accountId = await seedAccount(env.t);
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => seedCaller(env.t, { role: 'CLIENT', accountId })));
    await env.stopBot();
    await pending(env, people, 200);
    await env.startBot();
    await waitFor(() => env.api.callsOf('sendMessage').filter((c) => /n=\d+/.test(c.text)).length >= 60 || undefined);
    await env.restartBot();
    const delivered = await waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE channel = 'TELEGRAM' AND delivered_at IS NULL`,
      );
      return row!.n === 0 || undefined;
    }, 40_000);
    expect(delivered).toBe(true);
    for (const [i, person] of people.entries()) {
      const sent = env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId);
      const expected = Array.from({ length: 40 }, (_, k) => i + 1 + k * 5);
      expect(numbersIn(sent.map((c) => c.text))).toEqual(expected);
    }
  });

  it('Telegram flood control (429): waits retry_after and sends once', async () => {
    const accountId = await seedAccount(env.t);
    const person = await seedCaller(env.t, { role: 'CLIENT', accountId });
    let refused = 0;
    env.api.faults.push((method, body) => {
      if (method !== 'sendMessage' || String(body.chat_id) !== person.telegramId || refused++ > 0) return undefined;
      return {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        },
      };
    });
    const started = Date.now();
    await pending(env, [person], 1);
    await waitFor(
      () =>
        env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId && /n=1/.test(c.text))
          .length === 2 || undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
        [person.id],
      );
      return row!.n === 1 || undefined;
    });
    // Two calls: the refused one and the retry; the person's chat shows the message once.
    const chat = env.user({ telegramId: person.telegramId });
    expect(chat.messages().filter((m) => /n=1/.test(m.text))).toHaveLength(1);
  });

  it('a person who blocked the bot is marked and skipped, never retried forever; writing again unmarks', async () => {
    const accountId = await seedAccount(env.t);
    const person = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Gleb' });
    let blocked = true;
    env.api.faults.push((method, body) =>
      blocked && method === 'sendMessage' && String(body.chat_id) === person.telegramId
        ? { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } }
        : undefined,
    );
    await pending(env, [person], 3);
    await waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
        [person.id],
      );
      return row!.n === 3 || undefined;
    });
    // One attempt: the first refusal marks the chat; the other two are skipped and acknowledged.
    expect(env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId)).toHaveLength(1);
    blocked = false;
    const gleb = env.user({ telegramId: person.telegramId, firstName: 'Gleb' });
    await gleb.send('/start');
    await gleb.waitForMessage(/Gleb/);
    await pending(env, [person], 1);
    await gleb.waitForMessage(/n=1/);
  });

  it('a message Telegram refuses (400, e.g. a person who never opened the bot) is acknowledged, not retried forever', async () => {
    const accountId = await seedAccount(env.t);
    const person = await seedCaller(env.t, { role: 'CLIENT', accountId });
    env.api.faults.push((method, body) =>
      method === 'sendMessage' && String(body.chat_id) === person.telegramId
        ? { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } }
        : undefined,
    );
    await pending(env, [person], 2);
    await waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
        [person.id],
      );
      return row!.n === 2 || undefined;
    });
    expect(env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId)).toHaveLength(2);
  });

  it('§6 a notification whose sends fail for a while (Telegram 502) is delivered once Telegram is back, while the bot runs, before that chat’s later ones; other chats go on', async () => {
    const accountId = await seedAccount(env.t);
    const [person, other] = await Promise.all([1, 2].map(() => seedCaller(env.t, { role: 'CLIENT', accountId })));
    let down = true;
    let refused = 0;
    env.api.faults.push((method, body) => {
      if (!down || method !== 'sendMessage' || String(body.chat_id) !== person!.telegramId) return undefined;
      refused++;
      return { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
    });
    const deliveredCount = async (recipientId: string) => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
        [recipientId],
      );
      return row!.n;
    };
    await pending(env, [person!], 1); // n=1
    // More failed tries than the bot used to make before giving up until its next restart.
    await waitFor(() => refused >= 6 || undefined, 20_000);
    await pending(env, [other!, person!], 2); // n=1 to the other chat, n=2 to the person
    await waitFor(async () => ((await deliveredCount(other!.id)) === 1 ? true : undefined));
    expect(await deliveredCount(person!.id)).toBe(0);
    down = false; // Telegram answers again; the bot keeps its connection to the server all along.
    await waitFor(async () => ((await deliveredCount(person!.id)) === 2 ? true : undefined));
    const chat = env.user({ telegramId: person!.telegramId });
    expect(numbersIn(chat.messages().map((m) => m.text))).toEqual([1, 2]);
  }, 40_000);

  const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id number } } }`;
  const deliveredAt = async (recipientId: string, orderId: string, kind: string) => {
    const [row] = await env.t.sql<{ delivered_at: Date | null }>(
      `SELECT delivered_at FROM notification WHERE recipient_id = $1 AND order_id = $2 AND kind = $3 AND channel = 'TELEGRAM'`,
      [recipientId, orderId, kind],
    );
    return row?.delivered_at ?? undefined;
  };
  const categoryId = async (code: string) =>
    (await env.t.sql<{ id: string }>(`SELECT id FROM category WHERE code = $1`, [code]))[0]!.id;

  it('R-ORD-9 §6 a relayed photo whose caption passes Telegram’s 1024 characters with the bot’s prefix arrives: the photo, then the caption as text', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    const { createOrder: order } = await env.t.ok<{ createOrder: { id: string; number: string } }>(
      CREATE,
      { input: { categoryId: await categoryId('IT_HELP'), description: 'screen' } },
      client.as,
    );
    const taken = await env.t.ok(
      `mutation ($orderId: ID!) { takeOrder(orderId: $orderId, estimateHours: 1) { __typename } }`,
      { orderId: order.id },
      contractor.as,
    );
    expect(taken.takeOrder.__typename).toBe('Order');
    // A caption a Telegram user can send (≤ 1024), relayed with the bot's "💬 number · sender:" prefix.
    const caption = 'Скриншот ошибки: '.padEnd(1010, 'x');
    const sent = await env.t.ok(
      `mutation ($orderId: ID!, $input: OrderMessageInput!) { sendOrderMessage(orderId: $orderId, input: $input) { __typename } }`,
      { orderId: order.id, input: { kind: 'PHOTO', fileId: 'photo-long-caption', text: caption } },
      client.as,
    );
    expect(sent.sendOrderMessage.__typename).toBe('OrderMessage');
    await waitFor(() => deliveredAt(contractor.id, order.id, 'ORDER_MESSAGE'));
    const photos = env.api.media.filter((m) => m.chatId === contractor.telegramId);
    expect(photos.map((p) => [p.method, p.body.photo, p.body.caption])).toEqual([
      ['sendPhoto', 'photo-long-caption', undefined],
    ]);
    const texts = env
      .user({ telegramId: contractor.telegramId })
      .messages()
      .filter((m) => m.text.includes('Скриншот ошибки'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain(order.number);
    expect(texts[0]!.text).toContain(caption);
  });

  it('R-SLA-1 §6 an offer card of a cartridge order with 50 long lines arrives as one card, the lines that do not fit as "…and N more"; marked gone when taken', async () => {
    const accountId = await seedAccount(env.t);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const contractor = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Ivan' });
    const other = await seedCaller(env.t, { role: 'CONTRACTOR', firstName: 'Petr' });
    // 50 lines (the API's maximum) of 100-character model names (the longest allowed).
    const items = Array.from({ length: 50 }, (_, i) => ({
      model: `Картридж №${String(i + 1).padStart(2, '0')} HP LaserJet Pro M404dn/M428fdw CF259X`.padEnd(100, '.'),
      quantity: 1,
    }));
    const { createOrder: order } = await env.t.ok<{ createOrder: { id: string; number: string } }>(
      CREATE,
      { input: { categoryId: await categoryId('CARTRIDGE'), description: 'toner', items } },
      client.as,
    );
    await waitFor(() => deliveredAt(contractor.id, order.id, 'ORDER_OFFERED'));
    const ivan = env.user({ telegramId: contractor.telegramId });
    const cards = ivan.messages().filter((m) => m.text.includes(order.number));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text).toMatch(/• …и ещё \d+/);
    expect(cards[0]!.text).toContain('Описание: toner');
    // Someone else takes it: this card is the one marked gone.
    await env.t.ok(
      `mutation ($orderId: ID!) { takeOrder(orderId: $orderId, estimateHours: 1) { __typename } }`,
      { orderId: order.id },
      other.as,
    );
    await waitFor(() => deliveredAt(contractor.id, order.id, 'OFFER_GONE'));
    await waitFor(() => {
      const now = ivan.messages().filter((m) => m.text.includes(order.number));
      return now.length === 1 && !now[0]!.text.includes('Описание') ? true : undefined;
    });
  });

  it('R-BIL-1 §6 billing notifications name the period’s days in TIMEZONE (its first and last day), not in the account’s zone', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'BILLING_DAY', '1');
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    const accountId = await seedAccount(env.t, { name: 'Moscow office' });
    await env.t.sql(`UPDATE client_account SET time_zone = 'Europe/Moscow' WHERE id = $1`, [accountId]);
    const client = await seedCaller(env.t, { role: 'CLIENT', accountId, firstName: 'Anna' });
    const owner = await seedCaller(env.t, { role: 'OWNER', firstName: 'Olga' });
    const ctx = jobCtx(env.t);
    // Closes [1 Feb 00:00, 1 Mar 00:00) Vladivostok time = [31 Jan 14:00, 28 Feb 14:00) UTC.
    env.t.clock.set(new Date('2031-03-01T06:00:00Z'));
    await env.t.system.services.billingClose.closeDuePeriods(ctx);
    const invoice = await env.user({ telegramId: client.telegramId }).waitForMessage(/Счёт для/);
    const period = await env.user({ telegramId: owner.telegramId }).waitForMessage(/Расчётный период/);
    expect(invoice.text).toContain('за 01.02.2031 – 28.02.2031');
    expect(period.text).toContain('Расчётный период 01.02.2031 – 28.02.2031');
  });
});

describe('§11 several bot instances (README "Several bot instances")', () => {
  let env: BotTestEnv;
  let second: BotRuntime | undefined;
  let secondDir: string;
  // A lease of two minutes: a handover within seconds can only come from the stopping instance's release.
  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { TELEGRAM_DELIVERY_LEASE_SECONDS: '120' } });
    secondDir = await mkdtemp(path.join(tmpdir(), 'itsupport-bot-second-'));
  });
  afterAll(async () => {
    await second?.stop();
    await env?.stop();
    await rm(secondDir, { recursive: true, force: true });
  });

  /** Waits until the Telegram channel has nothing left to deliver. */
  const allDelivered = () =>
    waitFor(async () => {
      const [row] = await env.t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE channel = 'TELEGRAM' AND delivered_at IS NULL`,
      );
      return row!.n === 0 || undefined;
    }, 40_000);

  /**
   * Another bot instance with its own data directory. It receives updates by webhook (two long pollers on one
   * token are refused by Telegram).
   */
  const startSecond = (graphqlUrl = env.config.graphqlUrl) =>
    startBot(
      {
        ...env.config,
        graphqlUrl,
        dataDir: secondDir,
        webhook: {
          url: 'https://bot.example.com/telegram',
          secret: 'second-instance-secret',
          port: 0,
          host: '127.0.0.1',
        },
      },
      createBotLogger(env.config.logLevel),
      { pacing: FAST_PACING, retry: FAST_RETRY, registerWebhook: false },
    );

  /** Waits until the instance named `consumerId` holds the Telegram channel. */
  const holding = (consumerId: string) =>
    waitFor(async () => {
      const [lease] = await env.t.sql<{ consumer: string }>(`SELECT consumer FROM notification_delivery_lease`);
      return lease?.consumer === consumerId || undefined;
    });

  it('§11 §6 two bot instances on one server: every notification is sent once, in order; when the delivering one stops, the other takes over at once', async () => {
    second = await startSecond();
    const accountId = await seedAccount(env.t);
    const people = await Promise.all([1, 2, 3, 4].map(() => seedCaller(env.t, { role: 'CLIENT', accountId })));
    const numbersTo = (person: { telegramId: string }) =>
      numbersIn(
        env.api
          .callsOf('sendMessage')
          .filter((c) => String(c.chat_id) === person.telegramId)
          .map((c) => c.text),
      );

    await pending(env, people, 80);
    await allDelivered();
    await new Promise((r) => setTimeout(r, 500));
    for (const [i, person] of people.entries()) {
      expect(numbersTo(person)).toEqual(Array.from({ length: 20 }, (_, k) => i + 1 + k * 4));
    }

    // The first instance stops (a deploy): it releases the channel and the second goes on with no wait.
    await env.stopBot();
    const stopped = Date.now();
    await pending(env, people, 40);
    await allDelivered();
    expect(Date.now() - stopped).toBeLessThan(60_000);
    for (const [i, person] of people.entries()) {
      const before = Array.from({ length: 20 }, (_, k) => i + 1 + k * 4);
      expect(numbersTo(person)).toEqual([...before, ...Array.from({ length: 10 }, (_, k) => i + 1 + k * 4)]);
    }
  });

  it('§11 §6 an instance cut off from the server gives up what it had not sent: the instance taking over sends it, once, in order', async () => {
    // A second instance goes through a proxy the test can cut; the first waits for the channel.
    await second?.stop();
    second = undefined;
    await env.stopBot();
    const proxy = await TcpProxy.start(env.config.graphqlUrl);
    let cutOff: BotRuntime | undefined;
    try {
      cutOff = await startSecond(proxy.url(env.config.graphqlUrl));
      await holding(cutOff!.consumer.consumerId);
      await env.startBot(); // waits for the channel

      const accountId = await seedAccount(env.t);
      const person = await seedCaller(env.t, { role: 'CLIENT', accountId });
      let down = true;
      let refused = 0;
      const sent: string[] = [];
      env.api.faults.push((method, body) => {
        if (method !== 'sendMessage' || String(body.chat_id) !== person.telegramId) return undefined;
        if (!down) return void sent.push(String(body.text));
        refused++;
        return { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
      });
      await pending(env, [person], 3);
      // The cut-off instance has n=1 waiting for its next try and n=2, n=3 queued behind it.
      await waitFor(() => refused >= 2 || undefined, 20_000);
      proxy.cut({ refuse: true });
      // Its lease would lapse in two minutes; the test lets it lapse now. The first instance takes over.
      await env.t.sql(`DELETE FROM notification_delivery_lease`);
      await holding(env.bot.consumer.consumerId);
      down = false; // Telegram answers again: only the instance holding the channel may send.
      await allDelivered();
      // Longer than the cut-off instance's longest wait between tries (2 s here).
      await new Promise((r) => setTimeout(r, 3000));
      expect(numbersIn(sent)).toEqual([1, 2, 3]);
    } finally {
      await cutOff?.stop();
      await proxy.stop();
    }
  }, 60_000);
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Translations } from '../src/i18n/i18n.js';
import { newTelegramId, seedAccount, seedCaller } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { pending } from './support/notifications.js';
import type { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/test-user.js';

/**
 * A server that accepts the bot's connections and never answers (BOT_API_TIMEOUT_SECONDS=1 here). Without the
 * deadline the person below waits forever and the stops never end: the bounds (10 s) are far above the deadline
 * and far below the tests' own limits.
 */
describe('a server that accepts and never answers (BOT_API_TIMEOUT_SECONDS)', () => {
  const BOUND_MS = 10_000;
  let env: BotTestEnv;
  let proxy: TcpProxy;
  let botStopped = false;
  const unexpected = new Translations().for('en')('error-unexpected');

  beforeAll(async () => {
    env = await startBotTestEnv({
      throughProxy: true,
      botEnv: { BOT_API_TIMEOUT_SECONDS: '1' },
      // An instance whose releaseNotifications never arrived: the next one takes over after 2 s, not 15.
      serverEnv: { TELEGRAM_DELIVERY_LEASE_SECONDS: '2' },
    });
    proxy = env.proxy!;
  });
  afterAll(() => env?.stop());
  // Each test starts with the server answering and the bot running.
  beforeEach(async () => {
    proxy.cut({ refuse: false });
    if (botStopped) await env.startBot();
    botStopped = false;
  });
  const stopBot = async () => {
    botStopped = true;
    const started = Date.now();
    await env.stopBot();
    return Date.now() - started;
  };

  it('a person who writes or presses a button gets the usual "try again a bit later" within the deadline', async () => {
    proxy.hold();
    const person = env.user({ telegramId: newTelegramId(), languageCode: 'en' });

    const wrote = Date.now();
    await person.send('/start');
    const answer = await person.waitForMessage((m) => m.text === unexpected);
    expect(Date.now() - wrote).toBeLessThan(BOUND_MS);

    const pressed = Date.now();
    expect(await person.pressData(answer.messageId, 'menu')).toBe(unexpected);
    expect(Date.now() - pressed).toBeLessThan(BOUND_MS);
  }, 40_000);

  it('the bot stops within the deadline while the server holds the reopening notification stream and releaseNotifications', async () => {
    const heldBefore = proxy.held;
    proxy.cut({ refuse: false }); // the stream drops and the bot opens it again …
    proxy.hold(); // … on a server that never answers
    await waitFor(() => proxy.held > heldBefore || undefined);

    expect(await stopBot()).toBeLessThan(BOUND_MS);
  }, 40_000);

  it('a notification whose acknowledgement the server holds is sent once; the bot still stops within the deadline, and the replay after a restart is acknowledged, not sent again', async () => {
    const accountId = await seedAccount(env.t);
    const person = await seedCaller(env.t, { role: 'CLIENT', accountId });
    const sends = () => env.api.callsOf('sendMessage').filter((c) => String(c.chat_id) === person.telegramId);
    const acknowledged = async () =>
      (
        await env.t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM notification
            WHERE recipient_id = $1 AND channel = 'TELEGRAM' AND delivered_at IS NOT NULL`,
          [person.id],
        )
      )[0]!.n;
    // The server goes quiet as the bot sends the notification: its acknowledgement is held.
    const holdOnSend = (method: string, body: Record<string, unknown>) => {
      if (method === 'sendMessage' && String(body.chat_id) === person.telegramId) proxy.hold();
      return undefined;
    };
    env.api.faults.push(holdOnSend);
    try {
      await pending(env, [person], 1);
      await waitFor(() => sends().length === 1 || undefined);

      expect(await stopBot()).toBeLessThan(BOUND_MS);
      expect(await acknowledged()).toBe(0);

      proxy.cut({ refuse: false });
      await env.startBot();
      botStopped = false;
      await waitFor(async () => (await acknowledged()) === 1 || undefined, 30_000);
      expect(sends()).toHaveLength(1);
    } finally {
      env.api.faults.splice(env.api.faults.indexOf(holdOnSend), 1);
    }
  }, 60_000);
});

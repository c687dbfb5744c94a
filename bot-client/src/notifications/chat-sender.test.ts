import { describe, expect, it } from 'vitest';
import { createBotLogger } from '../logger.js';
import { GrammyError } from 'grammy';
import { ChatSender, retryDelay, SenderStoppedError, TELEGRAM_RETRY } from './chat-sender.js';

const logger = createBotLogger('silent');

describe('ChatSender pacing (Telegram limits)', () => {
  it('keeps the order per chat and leaves the per-chat interval between two messages to one chat', async () => {
    const sender = new ChatSender(logger, { perSecond: 1000, perChatIntervalMs: 100 });
    const sent: { n: number; at: number }[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        sender.enqueue('chat', async () => {
          sent.push({ n, at: Date.now() });
        }),
      ),
    );
    expect(sent.map((s) => s.n)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(95);
  });

  it('stays under the overall rate across chats', async () => {
    const sender = new ChatSender(logger, { perSecond: 25, perChatIntervalMs: 0 });
    const at: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sender.enqueue(`chat-${i}`, async () => {
          at.push(Date.now());
        }),
      ),
    );
    // 50 messages at ≤ 25/s need at least ~2 s (the first goes at once).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const firstSecond = at.filter((t) => t - started < 1000).length;
    expect(firstSecond).toBeLessThanOrEqual(26);
  });
});

/** What grammY throws for a Bot API error answer. */
const apiError = (code: number, description: string) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${code}: ${description})`,
    {
      ok: false,
      error_code: code,
      description,
    },
    'sendMessage',
    {},
  );

describe('ChatSender retries (§6: delivered at least once, in order per chat)', () => {
  const quick = { perSecond: 1000, perChatIntervalMs: 0 };

  it('waits 1 s, 2 s, 4 s … between tries, never more than a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((a) => retryDelay(a, TELEGRAM_RETRY))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('keeps retrying a send that fails (network, 5xx) while running; that chat’s later sends wait, other chats go on', async () => {
    const sender = new ChatSender(logger, quick, { firstDelayMs: 10, maxDelayMs: 40 });
    const log: string[] = [];
    let failures = 12; // far more than a handful of tries
    const head = sender.enqueue('a', async () => {
      if (failures-- > 0) throw apiError(502, 'Bad Gateway');
      log.push('a1');
    });
    const later = sender.enqueue('a', async () => void log.push('a2'));
    const other = sender.enqueue('b', async () => void log.push('b1'));
    await expect(other).resolves.toBe('sent');
    expect(log).toEqual(['b1']);
    await expect(head).resolves.toBe('sent');
    await expect(later).resolves.toBe('sent');
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('keeps the existing answers: 403 is "blocked", 400 "rejected", neither retried', async () => {
    const sender = new ChatSender(logger, quick, { firstDelayMs: 10, maxDelayMs: 40 });
    let calls = 0;
    await expect(
      sender.enqueue('a', async () => {
        calls++;
        throw apiError(403, 'Forbidden: bot was blocked by the user');
      }),
    ).resolves.toBe('blocked');
    await expect(
      sender.enqueue('a', async () => {
        calls++;
        throw apiError(400, 'Bad Request: chat not found');
      }),
    ).resolves.toBe('rejected');
    expect(calls).toBe(2);
  });

  it('on stop, a send waiting for its next try and what waits behind it are left undelivered (replayed later)', async () => {
    const sender = new ChatSender(logger, quick, { firstDelayMs: 60_000, maxDelayMs: 60_000 });
    let tries = 0;
    const sent: string[] = [];
    const head = sender.enqueue('a', async () => {
      tries++;
      throw new Error('socket hang up');
    });
    const behind = sender.enqueue('a', async () => void sent.push('a2'));
    const other = sender.enqueue('b', async () => void sent.push('b1'));
    await expect(other).resolves.toBe('sent');
    sender.stop();
    await expect(head).rejects.toBeInstanceOf(SenderStoppedError);
    await expect(behind).rejects.toBeInstanceOf(SenderStoppedError);
    await sender.idle();
    expect(tries).toBe(1);
    expect(sent).toEqual(['b1']);
  });

  it('§11 abandon() gives up what is queued or waiting for a retry (a send under way finishes); what is enqueued afterwards goes, in order', async () => {
    const sender = new ChatSender(logger, quick, { firstDelayMs: 60_000, maxDelayMs: 60_000 });
    const sent: string[] = [];
    let finishSending: () => void = () => undefined;
    const underWay = sender.enqueue('b', () =>
      new Promise<void>((r) => (finishSending = r)).then(() => void sent.push('b1')),
    );
    const queuedBehind = sender.enqueue('b', async () => void sent.push('b2'));
    let tries = 0;
    const retrying = sender.enqueue('a', async () => {
      if (++tries === 1) throw new Error('socket hang up');
      sent.push('a1 again');
    });
    const behindRetry = sender.enqueue('a', async () => void sent.push('a2'));
    await new Promise((r) => setTimeout(r, 50));

    sender.abandon();
    const replayed = sender.enqueue('a', async () => void sent.push('a1 replayed'));
    const replayedNext = sender.enqueue('a', async () => void sent.push('a2 replayed'));
    await expect(retrying).rejects.toBeInstanceOf(SenderStoppedError);
    await expect(behindRetry).rejects.toBeInstanceOf(SenderStoppedError);
    await expect(queuedBehind).rejects.toBeInstanceOf(SenderStoppedError);
    await expect(replayed).resolves.toBe('sent');
    await expect(replayedNext).resolves.toBe('sent');
    finishSending();
    await expect(underWay).resolves.toBe('sent');
    await sender.idle();
    expect(tries).toBe(1);
    expect(sent).toEqual(['a1 replayed', 'a2 replayed', 'b1']);
  });
});

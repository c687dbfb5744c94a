import { describe, expect, it } from 'vitest';
import { createBotLogger } from '../logger.js';
import { ChatSender } from './chat-sender.js';

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

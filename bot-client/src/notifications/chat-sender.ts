import { GrammyError } from 'grammy';
import type { Logger } from '../logger.js';

/** Telegram's limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export interface PacingOptions {
  /** Messages per second over all chats (Telegram: about 30; we stay below). */
  perSecond: number;
  /** Milliseconds between two messages to one chat (Telegram: about one per second). */
  perChatIntervalMs: number;
}

export const TELEGRAM_PACING: PacingOptions = { perSecond: 25, perChatIntervalMs: 1000 };

/** What happened to one delivery: sent; the chat blocked the bot (403); Telegram refused this message (400). */
export type DeliveryOutcome = 'sent' | 'blocked' | 'rejected';

/** Waits between tries of a send that failed in a way that may pass (network, Telegram 5xx). */
export interface RetryOptions {
  /** The wait after the first failure; each further failure doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
}

export const TELEGRAM_RETRY: RetryOptions = { firstDelayMs: 1000, maxDelayMs: 60_000 };

/** The wait before try `attempt + 1` after `attempt` failed tries: doubling from `firstDelayMs`, capped. */
export function retryDelay(attempt: number, retry: RetryOptions): number {
  return Math.min(retry.firstDelayMs * 2 ** Math.min(attempt - 1, 30), retry.maxDelayMs);
}

/** Thrown for sends still queued or waiting to be retried when the sender stops (they stay unacknowledged). */
export class SenderStoppedError extends Error {
  constructor() {
    super('the sender stopped before this was delivered');
  }
}

type Job = {
  run: () => Promise<void>;
  resolve: (o: DeliveryOutcome) => void;
  reject: (e: unknown) => void;
  /** Aborted when the sender abandons what it was given before (`abandon()`). */
  abandoned: AbortSignal;
};

/**
 * Sends to Telegram in order per chat, within the rate limits: one queue per chat (order preserved), a
 * global pace of `perSecond`, `perChatIntervalMs` between messages to one chat. A 429 waits `retry_after`
 * and retries the same call; a chat that blocked the bot (403) resolves as "blocked" and a message Telegram
 * refuses (400: chat not found, message to edit gone…) as "rejected" — neither is retried. Any other failure
 * (network, Telegram 5xx) is retried for as long as the sender runs, with a doubling wait capped at
 * `maxDelayMs`; meanwhile that chat's later sends wait behind it (its order is kept), other chats go on. On
 * `stop()` what is still waiting rejects with `SenderStoppedError` (unacknowledged, replayed on the next start);
 * `abandon()` does the same at once for everything not being sent at that moment, and the sender goes on.
 */
export class ChatSender {
  private readonly queues = new Map<string, Job[]>();
  private readonly lastSentToChat = new Map<string, number>();
  private nextGlobalSlot = 0;
  private pausedUntil = 0;
  private readonly stopping = new AbortController();
  private generation = new AbortController();

  constructor(
    private readonly logger: Logger,
    private readonly pacing: PacingOptions = TELEGRAM_PACING,
    private readonly retry: RetryOptions = TELEGRAM_RETRY,
  ) {}

  /**
   * Runs `send` for `chatId` after everything queued for that chat before it. `send` may be called again after
   * a failure, so a send of several messages must skip those it already sent.
   */
  enqueue(chatId: string, send: () => Promise<void>): Promise<DeliveryOutcome> {
    return new Promise((resolve, reject) => {
      if (this.stopping.signal.aborted) return reject(new SenderStoppedError());
      const queue = this.queues.get(chatId);
      const job = { run: send, resolve, reject, abandoned: this.generation.signal };
      if (queue) return void queue.push(job);
      this.queues.set(chatId, [job]);
      void this.drain(chatId);
    });
  }

  /** Resolves when every queue is empty. */
  async idle(): Promise<void> {
    while (this.queues.size) await sleep(20);
  }

  /**
   * Stops retrying: a send waiting for its next try rejects with `SenderStoppedError`, and so does everything
   * queued behind it for that chat (sending those would put them before it). Sends that do not fail still go.
   */
  stop(): void {
    this.stopping.abort();
  }

  /**
   * Gives up everything enqueued so far that is not being sent at this moment: queued sends and sends waiting
   * for their next try or their turn reject with `SenderStoppedError` (a send under way finishes). Sends
   * enqueued afterwards go as usual. For a consumer whose stream ended: what it was given may be another's now.
   */
  abandon(): void {
    const previous = this.generation;
    this.generation = new AbortController();
    previous.abort();
    for (const queue of this.queues.values()) {
      for (const later of queue.splice(1)) later.reject(new SenderStoppedError());
    }
  }

  private async drain(chatId: string): Promise<void> {
    const queue = this.queues.get(chatId)!;
    while (queue.length) {
      const job = queue[0]!;
      try {
        job.resolve(await this.deliver(chatId, job));
      } catch (error) {
        job.reject(error);
        if (error instanceof SenderStoppedError) {
          // Sending what waited behind it would put those first: they are given up too — except, after an
          // abandon(), those enqueued since (they come in order again).
          const stopped = this.stopping.signal.aborted;
          const kept = queue.slice(1).filter((later) => !stopped && !later.abandoned.aborted);
          for (const later of queue.slice(1)) if (!kept.includes(later)) later.reject(new SenderStoppedError());
          queue.splice(1, queue.length - 1, ...kept);
        }
      }
      queue.shift();
    }
    this.queues.delete(chatId);
  }

  private async deliver(chatId: string, job: Job): Promise<DeliveryOutcome> {
    const givenUp = AbortSignal.any([this.stopping.signal, job.abandoned]);
    for (let attempt = 1; ; attempt++) {
      await this.waitForSlot(chatId);
      if (job.abandoned.aborted) throw new SenderStoppedError();
      try {
        await job.run();
        return 'sent';
      } catch (error) {
        if (error instanceof GrammyError && error.error_code === 429) {
          const seconds = error.parameters.retry_after ?? 1;
          this.logger.warn({ chatId, retryAfter: seconds }, 'Telegram asks to slow down');
          // Flood control applies to the bot as a whole: everyone waits.
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + seconds * 1000);
          continue;
        }
        if (error instanceof GrammyError && error.error_code === 403) {
          this.logger.info({ chatId, reason: error.description }, 'chat unreachable (blocked the bot)');
          return 'blocked';
        }
        if (error instanceof GrammyError && error.error_code === 400) {
          this.logger.warn({ chatId, reason: error.description }, 'Telegram refused the message');
          return 'rejected';
        }
        if (givenUp.aborted) throw new SenderStoppedError();
        const delay = retryDelay(attempt, this.retry);
        this.logger.warn(
          { chatId, attempt, retryInMs: delay, err: error instanceof Error ? error.message : error },
          'send failed; retrying (later messages to this chat wait)',
        );
        if (!(await sleepUnlessAborted(delay, givenUp))) throw new SenderStoppedError();
      }
    }
  }

  private async waitForSlot(chatId: string): Promise<void> {
    const chatReady = (this.lastSentToChat.get(chatId) ?? 0) + this.pacing.perChatIntervalMs;
    if (chatReady > Date.now()) await sleep(chatReady - Date.now());
    for (;;) {
      if (this.pausedUntil > Date.now()) await sleep(this.pausedUntil - Date.now());
      const now = Date.now();
      const slot = Math.max(now, this.nextGlobalSlot);
      this.nextGlobalSlot = slot + 1000 / this.pacing.perSecond;
      if (slot > now) await sleep(slot - now);
      // A 429 that arrived while this one waited for its slot pushes it further.
      if (this.pausedUntil <= Date.now()) break;
    }
    this.lastSentToChat.set(chatId, Date.now());
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sleeps `ms`; false when `signal` aborted first. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve(!signal.aborted);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

import type { DataSource } from 'typeorm';
import { invalidInput } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { queryRows } from '../../common/sql.js';
import type { NotificationChannel } from './notification.entity.js';

/** A consumer id: what a bot process names itself with (1–64 of A-Z a-z 0-9 _ -). */
const CONSUMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkConsumerId(consumer: string): string {
  if (!CONSUMER_ID.test(consumer)) {
    throw invalidInput('consumer', 'must be 1–64 characters of A-Z, a-z, 0-9, _ and -');
  }
  return consumer;
}

/**
 * Which consumer delivers a channel (table `notification_delivery_lease`, one row per channel): several bot
 * instances subscribe to TELEGRAM, one of them sends and the others wait (PRODUCT.md §6, §11). A lease
 * lasts `ttlMs` from its last renewal; the server renews it while the holder's subscription is open, so a
 * holder that reconnects (its server restarted, a network blip) within that time keeps it, and a holder that
 * died is replaced once it lapses. Times are the database's clock: the same for every instance.
 */
export class DeliveryLease {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a lease lasts without renewal. */
    readonly ttlMs: number,
  ) {}

  /** Takes the channel if it is free, lapsed or already this consumer's; true when the consumer holds it. */
  async acquire(channel: NotificationChannel, consumer: string): Promise<boolean> {
    const rows = await queryRows<{ consumer: string }>(
      this.dataSource.manager,
      `INSERT INTO notification_delivery_lease AS l (channel, consumer, acquired_at, expires_at)
       VALUES ($1, $2, clock_timestamp(), clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (channel) DO UPDATE
          SET consumer = EXCLUDED.consumer,
              acquired_at = CASE WHEN l.consumer = EXCLUDED.consumer THEN l.acquired_at ELSE EXCLUDED.acquired_at END,
              expires_at = EXCLUDED.expires_at
        WHERE l.consumer = EXCLUDED.consumer OR l.expires_at <= clock_timestamp()
       RETURNING l.consumer`,
      [channel, consumer, this.ttlMs],
    );
    return rows.length === 1;
  }

  /**
   * Extends the consumer's lease; false when it no longer holds it (released, or lapsed and taken over).
   * Never takes a channel: a subscription left open after its consumer released the channel must not get it
   * back.
   */
  async renew(channel: NotificationChannel, consumer: string): Promise<boolean> {
    const rows = await queryRows<{ consumer: string }>(
      this.dataSource.manager,
      `UPDATE notification_delivery_lease SET expires_at = clock_timestamp() + $3 * interval '1 millisecond'
        WHERE channel = $1 AND consumer = $2 RETURNING consumer`,
      [channel, consumer, this.ttlMs],
    );
    return rows.length === 1;
  }

  /** Gives the channel up at once (a stopping consumer); false when the consumer did not hold it. */
  async release(channel: NotificationChannel, consumer: string): Promise<boolean> {
    const rows = await queryRows<{ consumer: string }>(
      this.dataSource.manager,
      `DELETE FROM notification_delivery_lease WHERE channel = $1 AND consumer = $2 RETURNING consumer`,
      [channel, consumer],
    );
    return rows.length === 1;
  }
}

/**
 * A consumer's stream of a leased channel: it yields nothing until the consumer holds the lease (trying
 * again every `retryMs`), then opens the real stream (replay, then live) and renews the lease every third
 * of its length. Losing the lease (another consumer took over after it lapsed, or the consumer released it)
 * ends the stream: the client subscribes again and waits. Ending a named consumer's stream does not release
 * the lease, so the same consumer reconnecting keeps the channel; it lapses by itself if the consumer does not
 * come back. An anonymous consumer (`releaseOnClose`) can never come back: its stream's end releases it.
 */
export class LeasedStream<T> implements AsyncIterableIterator<T> {
  private inner: AsyncIterableIterator<T> | undefined;
  private closed = false;
  private renewal: NodeJS.Timeout | undefined;
  private retry: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private readonly retryMs: number;

  constructor(
    private readonly lease: DeliveryLease,
    private readonly channel: NotificationChannel,
    private readonly consumer: string,
    private readonly open: () => AsyncIterableIterator<T>,
    private readonly log: Logger,
    private readonly releaseOnClose = false,
  ) {
    this.retryMs = Math.max(50, Math.min(1000, Math.floor(lease.ttlMs / 4)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    if (!this.inner) {
      await this.waitForLease();
      if (this.closed) return { value: undefined, done: true };
      this.log.info({ channel: this.channel, consumer: this.consumer }, 'delivery lease held; delivering');
      this.inner = this.open();
      this.renewal = setInterval(() => void this.renew(), Math.max(20, Math.floor(this.lease.ttlMs / 3)));
      this.renewal.unref();
    }
    const result = await this.inner.next();
    return this.closed ? { value: undefined, done: true } : result;
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  private async waitForLease(): Promise<void> {
    let waiting = false;
    while (!this.closed) {
      try {
        if (await this.lease.acquire(this.channel, this.consumer)) return;
      } catch (error) {
        this.log.warn({ err: error, channel: this.channel }, 'delivery lease not readable; trying again');
      }
      if (!waiting) {
        waiting = true;
        this.log.info({ channel: this.channel, consumer: this.consumer }, 'another consumer delivers; waiting');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        timer.unref();
        this.retry = { timer, wake: resolve };
      });
      this.retry = undefined;
    }
  }

  private async renew(): Promise<void> {
    try {
      if (this.closed || (await this.lease.renew(this.channel, this.consumer))) return;
      this.log.warn({ channel: this.channel, consumer: this.consumer }, 'delivery lease lost; stream ended');
      this.close();
    } catch (error) {
      // The database is unreachable: the stream's own reads fail too. Kept; the next renewal decides.
      this.log.warn({ err: error, channel: this.channel }, 'delivery lease not renewed; trying again');
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renewal);
    if (this.retry) {
      clearTimeout(this.retry.timer);
      this.retry.wake();
    }
    void this.inner?.return?.();
    if (this.inner && this.releaseOnClose) {
      this.lease.release(this.channel, this.consumer).catch((error: unknown) => {
        this.log.warn({ err: error, channel: this.channel }, 'delivery lease not released; it lapses by itself');
      });
    }
  }
}

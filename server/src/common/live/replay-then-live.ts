import { TAIL_PAGE, type StreamRow, type TailSink } from './table-tail.js';

/** Where live rows come from (a TableTail). */
export interface LiveRows<R extends StreamRow> {
  attach(sink: TailSink<R>): () => void;
}

export interface ReplayThenLiveOptions<R extends StreamRow, T> {
  live: LiveRows<R>;
  /** Deliver rows with ids above this one ("0": from the start). */
  after: string;
  /** The rows after an id that this subscriber may receive, oldest first, at most `limit` (from the table). */
  replay: (afterId: string, limit: number) => Promise<R[]>;
  /** Of some live rows (in id order), those this subscriber may receive — the same rule as `replay`. */
  admit: (rows: R[]) => Promise<R[]>;
  /** Turns a row into what the subscriber receives. */
  map: (row: R) => T;
  /** Live rows held while the subscriber is slow; beyond that it catches up from the table instead. */
  maxBuffered?: number;
}

/**
 * One subscriber's stream: first every row after its cursor (from the table, in pages, in id order), then
 * live rows — without a gap or a repeat at the seam. It attaches to the live rows before it replays and
 * buffers them; after the replay it drains the buffer, skipping every id it has delivered already. Ids only
 * grow, so "skip ids ≤ the last delivered" is the whole of deduplication. A subscriber that falls too far
 * behind drops its buffer and reads from the table again (the table is the source of truth).
 *
 * Implemented as a plain async iterator (not a generator) so that `return()` — the client unsubscribing or
 * disconnecting — ends it at once even while it waits for the next row.
 */
export class ReplayThenLive<R extends StreamRow, T> implements AsyncIterableIterator<T> {
  private last: bigint;
  private replaying = true;
  /** Overflows so far: a replay page whose read began before the latest one may lack the rows it dropped. */
  private overflows = 0;
  private buffered: R[] = [];
  private ready: T[] = [];
  private closed = false;
  private wakeWaiter: (() => void) | null = null;
  private readonly detach: () => void;
  private readonly maxBuffered: number;

  constructor(private readonly opts: ReplayThenLiveOptions<R, T>) {
    this.last = BigInt(opts.after);
    this.maxBuffered = opts.maxBuffered ?? 10_000;
    this.detach = opts.live.attach((rows) => this.receive(rows));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    try {
      while (!this.closed) {
        const item = this.ready.shift();
        if (item !== undefined) return { value: item, done: false };
        await this.fill();
      }
    } catch (error) {
      this.close();
      throw error;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.buffered = [];
    this.ready = [];
    this.wakeWaiter?.();
  }

  private receive(rows: readonly R[]): void {
    if (this.closed) return;
    if (this.buffered.length + rows.length > this.maxBuffered) {
      // Too slow to keep up: forget the buffer and read the rest from the table.
      this.buffered = [];
      this.replaying = true;
      this.overflows += 1;
    } else {
      this.buffered.push(...rows);
    }
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    waiter?.();
  }

  /** Makes `ready` non-empty, or waits for live rows, or notices the end. */
  private async fill(): Promise<void> {
    if (this.replaying) {
      const overflows = this.overflows;
      const page = await this.opts.replay(this.last.toString(), TAIL_PAGE);
      // A short page is the end of the table as of its read. Rows an overflow dropped meanwhile may have
      // committed after that read: only a page read after the latest overflow can end replaying.
      if (page.length < TAIL_PAGE && overflows === this.overflows) this.replaying = false;
      this.deliver(page);
      return;
    }
    if (this.buffered.length) {
      const fresh = this.buffered.filter((row) => BigInt(row.id) > this.last);
      this.buffered = [];
      if (!fresh.length) return;
      const admitted = await this.opts.admit(fresh);
      // Everything considered is behind us now, admitted or not.
      const newest = BigInt(fresh[fresh.length - 1]!.id);
      this.deliver(admitted);
      if (newest > this.last) this.last = newest;
      return;
    }
    await new Promise<void>((resolve) => {
      this.wakeWaiter = resolve;
    });
  }

  private deliver(rows: readonly R[]): void {
    if (this.closed) return;
    for (const row of rows) {
      const id = BigInt(row.id);
      if (id <= this.last) continue;
      this.last = id;
      this.ready.push(this.opts.map(row));
    }
  }
}

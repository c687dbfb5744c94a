import type { Logger } from '../logger.js';
import { CoalescingRunner } from './coalescing-runner.js';

/** A row of an append-only stream table: its bigserial id as a decimal string. */
export interface StreamRow {
  id: string;
}

/** Reads the rows after an id, oldest first, at most `limit`. */
export type ReadAfter<R extends StreamRow> = (afterId: string, limit: number) => Promise<R[]>;

/** Receives each batch of new rows, in id order. Called synchronously; must not throw. */
export type TailSink<R extends StreamRow> = (rows: readonly R[]) => void;

/** Rows read per query while catching up. */
export const TAIL_PAGE = 500;

/**
 * Follows one stream table in this process: on every wake-up it reads the rows after the last id it saw
 * (one query for all subscribers, whatever their number) and hands each batch to every attached sink.
 *
 * The table is the source of truth; wake-ups only say "look now" (the in-process event bus after a local
 * commit, PostgreSQL NOTIFY for other instances, a slow poll as a safety net) and are coalesced. Ids follow
 * commit order (the stream gate), so `id > last` never skips a row. A sink attached at any moment receives
 * every row after the last id read before it was attached; the rows up to that id are committed already,
 * so a subscriber that replays from the table after attaching misses nothing (ReplayThenLive).
 */
export class TableTail<R extends StreamRow> {
  private lastId = 0n;
  private started = false;
  /** Reads one at a time; wake-ups are coalesced. */
  private readonly reads = new CoalescingRunner(() => this.drain());
  private retry: NodeJS.Timeout | null = null;
  private readonly sinks = new Set<TailSink<R>>();

  constructor(
    readonly name: string,
    private readonly readAfter: ReadAfter<R>,
    private readonly currentMaxId: () => Promise<string>,
    private readonly log: Logger,
  ) {}

  /** Starts following from the newest committed row. */
  async start(): Promise<void> {
    this.lastId = BigInt(await this.currentMaxId());
    this.started = true;
  }

  /** Stops reading; attached sinks receive nothing more. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.reads.settled();
  }

  /** Attaches a sink; returns the function that detaches it. */
  attach(sink: TailSink<R>): () => void {
    this.sinks.add(sink);
    return () => {
      this.sinks.delete(sink);
    };
  }

  /** How many sinks are attached (metrics, tests). */
  get attached(): number {
    return this.sinks.size;
  }

  /** Asks for a read of whatever committed since the last one; concurrent calls are coalesced. */
  wake(): void {
    if (this.started) this.reads.wake();
  }

  /** Resolves when the read in progress (if any) and any read it asked for are done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.reads.settled();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (!this.started) return;
      let rows: R[];
      try {
        rows = await this.readAfter(this.lastId.toString(), TAIL_PAGE);
      } catch (error) {
        if (!this.started) return;
        // The database is away (restart, failover): try again shortly; nothing is lost, the table keeps it.
        this.log.warn({ err: error, stream: this.name }, 'reading the stream failed; retrying');
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.wake();
        }, 1_000);
        return;
      }
      if (!rows.length || !this.started) return;
      const last = BigInt(rows[rows.length - 1]!.id);
      if (last > this.lastId) this.lastId = last;
      for (const sink of [...this.sinks]) {
        try {
          sink(rows);
        } catch (error) {
          this.log.error({ err: error, stream: this.name }, 'a stream subscriber failed');
        }
      }
      if (rows.length < TAIL_PAGE) return;
    }
  }
}

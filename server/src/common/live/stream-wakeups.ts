import pg from 'pg';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';

/** The channel the stream gate NOTIFYs at each commit that wrote stream rows (migration 1764100000000). */
export const EVENT_STREAM_CHANNEL = 'itsupport_streams';

/** Something to wake: a TableTail. */
export interface Wakeable {
  start(): Promise<void>;
  stop(): Promise<void>;
  wake(): void;
}

export interface StreamWakeupsOptions {
  tails: Wakeable[];
  eventBus: EventBus;
  /** A PostgreSQL server's URL: LISTEN there for commits of other instances. None in embedded mode. */
  listenUrl?: string;
  /**
   * This process's id on its database connections (Database.instance). A NOTIFY carrying it is the echo of a
   * local commit, which the event bus has woken the tails for already: reading again would find nothing.
   */
  ownInstance?: string;
  log: Logger;
  /** Safety-net poll: wake the tails this often even if nothing said so. */
  pollMs?: number;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * Tells the stream tails when to look: after every local commit (the in-process event bus), after every
 * commit of another instance (LISTEN on a dedicated connection; the NOTIFY carries only the id of the process
 * that committed — the tables are the source of truth), and every few seconds as a safety net.
 *
 * A local commit's own NOTIFY comes back on the LISTEN connection too; it is ignored, or every local commit
 * would cost each tail a second read. That relies on every local commit that writes stream rows publishing on
 * the event bus, which holds by construction: those rows are written only by the bus's transactional handlers,
 * which run only for a transaction's events, and inTransaction publishes them once it has committed. (A
 * commit whose answer is lost — the connection dropped right after it — publishes nothing; the poll finds it.)
 *
 * The LISTEN connection reconnects with backoff when it fails, and wakes the tails once it is back (whatever
 * happened meanwhile is in the tables). The embedded database does not deliver NOTIFY to socket clients;
 * embedded mode is single-process.
 */
export class StreamWakeups {
  private unsubscribe: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private stopped = false;

  constructor(private readonly opts: StreamWakeupsOptions) {}

  async start(): Promise<void> {
    await Promise.all(this.opts.tails.map((t) => t.start()));
    this.unsubscribe = this.opts.eventBus.subscribe(() => this.wakeAll());
    this.poll = setInterval(() => this.wakeAll(), this.opts.pollMs ?? 5_000);
    this.poll.unref();
    if (this.opts.listenUrl) {
      try {
        await this.connect();
      } catch (error) {
        this.opts.log.warn({ err: error }, 'LISTEN for other instances failed; retrying in the background');
        this.scheduleReconnect();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await Promise.all(this.opts.tails.map((t) => t.stop()));
  }

  /** Whether the LISTEN connection is up (readiness, tests). */
  get listening(): boolean {
    return this.client !== null;
  }

  private wakeAll(): void {
    for (const tail of this.opts.tails) tail.wake();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.listenUrl, application_name: 'itsupport-listen' });
    client.on('notification', (n) => {
      if (this.opts.ownInstance && n.payload === this.opts.ownInstance) return;
      this.wakeAll();
    });
    client.on('error', (error) => {
      this.opts.log.warn({ err: error }, 'the LISTEN connection failed; reconnecting');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    try {
      await client.query(`LISTEN ${EVENT_STREAM_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Commits while nobody listened are in the tables: look now.
    this.wakeAll();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.opts.log.warn({ err: error }, 'reconnecting LISTEN failed; retrying');
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }
}

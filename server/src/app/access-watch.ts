import type { WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import { AccessChanged } from '../common/auth/access-changed.js';
import type { Principal } from '../common/auth/principal.js';
import type { Clock } from '../common/clock.js';
import type { EventBus } from '../common/events.js';
import { CoalescingRunner } from '../common/live/coalescing-runner.js';
import type { Logger } from '../common/logger.js';

/** graphql-ws's "Forbidden": its clients connect again (and are authenticated afresh), unlike after 4401. */
export const ACCESS_CHANGED_CLOSE_CODE = 4403;
export const ACCESS_CHANGED_CLOSE_REASON = 'Forbidden: access changed, connect again';
/** How often open connections are checked when no local change said so (a change made by another instance). */
const DEFAULT_INTERVAL_MS = 2_000;

/** What a principal's access rests on, as one comparable text. */
export function accessKey(p: Principal): string {
  switch (p.kind) {
    case 'user': {
      const u = p.user;
      return ['user', u.id, u.role, u.active, u.accountId ?? '', u.branchId ?? '', p.sessionId ?? ''].join('|');
    }
    case 'apiKey':
      return ['apiKey', p.apiKeyId, [...p.scopes].sort().join(',')].join('|');
    case 'stranger':
      return ['stranger', p.telegram.id, p.deactivated].join('|');
    default:
      return p.kind;
  }
}

/** The access facts of the users, sessions and keys that open connections act as, read now. */
export interface CurrentAccess {
  users: ReadonlyMap<string, { role: string; active: boolean; accountId: string | null; branchId: string | null }>;
  /** Web sessions neither revoked nor expired. */
  liveSessions: ReadonlySet<string>;
  /** API keys not revoked. */
  liveKeys: ReadonlySet<string>;
}

/**
 * Whether what `p` was authenticated as still holds. A user must still exist with the same role, account,
 * branch and active flag (what the data scoping reads from the principal) and, signed in on the web, keep a live
 * session; a key must be unrevoked. The bot, strangers and anonymous callers rest on
 * nothing stored that can change under them.
 */
export function accessHolds(p: Principal, now: CurrentAccess): boolean {
  if (p.kind === 'user') {
    const fresh = now.users.get(p.user.id);
    if (!fresh) return false;
    const u = p.user;
    const same =
      fresh.role === u.role &&
      fresh.active === u.active &&
      fresh.accountId === u.accountId &&
      fresh.branchId === u.branchId;
    return same && (p.sessionId === undefined || now.liveSessions.has(p.sessionId));
  }
  // A key's scopes never change after it is made; revoking is what ends it.
  if (p.kind === 'apiKey') return now.liveKeys.has(p.apiKeyId);
  return true;
}

export interface AccessWatchOptions {
  dataSource: DataSource;
  clock: Clock;
  eventBus: EventBus;
  log: Logger;
  intervalMs?: number;
}

/**
 * Ends WebSocket connections whose caller's access changed. A subscription runs with the caller it was
 * authenticated as; without this, a client moved to another account, a deactivated manager or a revoked key
 * would keep receiving what it may no longer see. Each connection's credentials are fixed, so the connection is
 * the unit: it is closed with 4403 and the client connects again, authenticated afresh, resuming its streams
 * from their cursors under what it may see now.
 *
 * Checked at once after a local change (AccessChanged on the event bus), every two seconds for changes made
 * through another instance, and whenever a connection's next operation authenticates differently from its
 * earlier ones. One check costs three indexed reads, whatever the number of connections.
 */
export class AccessWatch {
  private readonly open = new Map<WebSocket, Principal>();
  private readonly runner = new CoalescingRunner(() => this.check());
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Connections closed because access changed (metrics, tests). */
  closed = 0;

  constructor(private readonly opts: AccessWatchOptions) {}

  start(): void {
    this.unsubscribe = this.opts.eventBus.subscribe((event) => {
      if (event instanceof AccessChanged && this.open.size) this.runner.wake();
    });
    this.timer = setInterval(() => {
      if (this.open.size) this.runner.wake();
    }, this.opts.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.runner.settled();
    this.open.clear();
  }

  /**
   * Records who a connection acts as, at its start and at each operation (each is authenticated again). An
   * operation authenticated differently from the earlier ones means those run with stale access: the
   * connection is closed.
   */
  track(socket: WebSocket, principal: Principal): void {
    const before = this.open.get(socket);
    if (!before) {
      this.open.set(socket, principal);
      socket.once('close', () => this.open.delete(socket));
      return;
    }
    if (accessKey(before) !== accessKey(principal)) this.end(socket);
  }

  /** Checks every open connection now (tests; normally the timer and the event bus do). */
  async checkNow(): Promise<void> {
    this.runner.wake();
    await this.runner.settled();
  }

  private async check(): Promise<void> {
    const connections = [...this.open];
    try {
      const now = await this.read(connections.map(([, p]) => p));
      for (const [socket, principal] of connections) {
        if (this.open.get(socket) === principal && !accessHolds(principal, now)) this.end(socket);
      }
    } catch (error) {
      this.opts.log.warn({ err: error }, 'could not check the access of open WebSocket connections');
    }
  }

  private async read(principals: Principal[]): Promise<CurrentAccess> {
    const userIds = new Set<string>();
    const sessionIds = new Set<string>();
    const keyIds = new Set<string>();
    for (const p of principals) {
      if (p.kind === 'user') {
        userIds.add(p.user.id);
        if (p.sessionId) sessionIds.add(p.sessionId);
      } else if (p.kind === 'apiKey') keyIds.add(p.apiKeyId);
    }
    const db = this.opts.dataSource;
    const [users, sessions, keys] = await Promise.all([
      userIds.size
        ? (db.query(
            `SELECT id, role, active, account_id AS "accountId", branch_id AS "branchId"
               FROM app_user WHERE id = ANY($1::uuid[])`,
            [[...userIds]],
          ) as Promise<
            Array<{ id: string; role: string; active: boolean; accountId: string | null; branchId: string | null }>
          >)
        : [],
      sessionIds.size
        ? (db.query(
            `SELECT id FROM web_session WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > $2`,
            [[...sessionIds], this.opts.clock.now()],
          ) as Promise<Array<{ id: string }>>)
        : [],
      keyIds.size
        ? (db.query(`SELECT id FROM api_key WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`, [
            [...keyIds],
          ]) as Promise<Array<{ id: string }>>)
        : [],
    ]);
    return {
      users: new Map(users.map((u) => [u.id, u])),
      liveSessions: new Set(sessions.map((s) => s.id)),
      liveKeys: new Set(keys.map((k) => k.id)),
    };
  }

  private end(socket: WebSocket): void {
    if (!this.open.delete(socket)) return;
    this.closed++;
    this.opts.log.info('closed a WebSocket connection: its caller’s access changed');
    socket.close(ACCESS_CHANGED_CLOSE_CODE, ACCESS_CHANGED_CLOSE_REASON);
  }
}

import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { isStaff } from '../../common/auth/principal.js';
import type { Ctx } from '../../common/context.js';
import { forbidden, invalidInput, unauthenticated } from '../../common/errors.js';
import { pageSize, type Page, type PageArgs } from '../../common/graphql/connection.js';
import { ReplayThenLive } from '../../common/live/replay-then-live.js';
import { parseStreamCursor } from '../../common/live/stream-cursor.js';
import { TableTail, type StreamRow } from '../../common/live/table-tail.js';
import type { Logger } from '../../common/logger.js';
import { queryRows } from '../../common/sql.js';
import type { Language } from '../user/user.entity.js';
import { checkConsumerId, DeliveryLease, LeasedStream } from './delivery-lease.js';
import { DELIVERABLE, LISTABLE } from './notification-access.js';
import { NotificationChannel, type NotificationKind } from './notification.entity.js';
import type { NotificationView } from './notification.types.js';

/** Ids per acknowledge / mark-read call, at most. */
export const MAX_IDS_PER_CALL = 1000;

/** A notification row as the stream reads it, with what the recipient needs to receive it. */
export interface NotificationRow extends StreamRow, NotificationView {
  recipientActive: boolean;
}

const SELECT_ROWS = `SELECT n.id::text AS id, n.recipient_id, n.channel, n.kind, n.order_id, n.payload, n.created_at,
    n.delivered_at, n.read_at, u.telegram_id::text AS telegram_id, u.language, u.active
  FROM notification n JOIN app_user u ON u.id = n.recipient_id`;

async function readRows(em: EntityManager, sql: string, params: unknown[]): Promise<NotificationRow[]> {
  const rows = await queryRows<Record<string, unknown>>(em, sql, params);
  return rows.map((r) => ({
    id: r.id as string,
    cursor: r.id as string,
    channel: r.channel as NotificationChannel,
    kind: r.kind as NotificationKind,
    recipientId: r.recipient_id as string,
    recipientTelegramId: r.telegram_id as string | null,
    recipientLanguage: r.language as Language,
    recipientActive: r.active as boolean,
    orderId: r.order_id as string | null,
    payload: (r.payload ?? {}) as Record<string, unknown>,
    createdAt: r.created_at as Date,
    deliveredAt: r.delivered_at as Date | null,
    readAt: r.read_at as Date | null,
  }));
}

/** Who receives a channel: the bot service all TELEGRAM ones; an owner or manager their own ADMIN ones. */
function channelAudience(principal: Principal, channel: NotificationChannel): { recipientId?: string } {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (channel === NotificationChannel.TELEGRAM) {
    if (principal.kind !== 'bot') throw forbidden('Only the bot service receives TELEGRAM notifications');
    return {};
  }
  if (channel === NotificationChannel.ADMIN) {
    if (principal.kind !== 'user' || !isStaff(principal.user)) {
      throw forbidden('ADMIN notifications are for signed-in owners and managers');
    }
    return { recipientId: principal.user.id };
  }
  throw invalidInput('channel', 'must be TELEGRAM or ADMIN: the server sends EMAIL notifications itself');
}

/** Ids as bigint strings; anything else cannot be a notification id (and matches nothing). */
function checkIds(ids: string[]): string[] {
  if (ids.length > MAX_IDS_PER_CALL) {
    throw invalidInput('ids', `must list at most ${MAX_IDS_PER_CALL} ids`, { max: MAX_IDS_PER_CALL });
  }
  return ids.filter((id) => /^\d{1,18}$/.test(id));
}

/**
 * Notifications (PRODUCT.md §6) for their front-ends: a stream per channel replaying what is not yet
 * acknowledged and then live, acknowledgement, and the admin panel's list, unread count and "read".
 * Delivery is at least once, deduplicated by id; an acknowledged notification is never delivered again on
 * its channel (the replay skips it, and a live one acknowledged meanwhile is skipped too). Nothing goes to a
 * recipient whose role, account, branch or active flag changed since it was written (notification-access.ts):
 * such rows are withdrawn, and neither replayed, nor let through live, nor listed.
 */
export class NotificationService {
  readonly tail: TableTail<NotificationRow>;
  private readonly lease: DeliveryLease;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    /** How long the TELEGRAM delivery lease lasts without renewal (TELEGRAM_DELIVERY_LEASE_SECONDS). */
    leaseTtlMs: number,
  ) {
    this.lease = new DeliveryLease(dataSource, leaseTtlMs);
    this.tail = new TableTail<NotificationRow>(
      'notification',
      (after, limit) =>
        readRows(dataSource.manager, `${SELECT_ROWS} WHERE n.id > $1 ORDER BY n.id LIMIT $2`, [after, limit]),
      async () => {
        const [row] = await queryRows<{ id: string }>(
          this.dataSource.manager,
          `SELECT coalesce(max(id), 0)::text AS id FROM notification`,
        );
        return row!.id;
      },
      log,
    );
  }

  /**
   * The caller's channel: every notification not acknowledged after `after` (from the start), then live ones.
   * TELEGRAM is delivered by one consumer at a time (delivery-lease.ts): a bot instance's stream stays silent
   * while another holds the channel. Without a consumer id, each subscription is a consumer of its own, which
   * gives the channel up when it ends.
   */
  subscribe(
    ctx: Ctx,
    channel: NotificationChannel,
    after: string | null | undefined,
    consumer?: string | null,
  ): AsyncIterableIterator<NotificationView> {
    const { recipientId } = channelAudience(ctx.principal, channel);
    const cursor = parseStreamCursor(after, '0');
    if (channel !== NotificationChannel.TELEGRAM) return this.stream(ctx, channel, cursor, recipientId);
    const open = () => this.stream(ctx, channel, cursor, recipientId);
    if (consumer) return new LeasedStream(this.lease, channel, checkConsumerId(consumer), open, this.log);
    return new LeasedStream(this.lease, channel, randomUUID(), open, this.log, true);
  }

  /** Gives up TELEGRAM delivery held by `consumer` (a stopping bot instance): a waiting one takes over at once. */
  async release(ctx: Ctx, consumer: string): Promise<boolean> {
    channelAudience(ctx.principal, NotificationChannel.TELEGRAM);
    return this.lease.release(NotificationChannel.TELEGRAM, checkConsumerId(consumer));
  }

  private stream(
    ctx: Ctx,
    channel: NotificationChannel,
    after: string,
    recipientId: string | undefined,
  ): AsyncIterableIterator<NotificationView> {
    const mayBeFor = (n: NotificationRow) =>
      n.channel === channel &&
      n.deliveredAt === null &&
      n.recipientActive &&
      (recipientId === undefined || n.recipientId === recipientId);
    return new ReplayThenLive<NotificationRow, NotificationView>({
      live: this.tail,
      after,
      replay: (afterId, limit) =>
        readRows(
          ctx.em,
          `${SELECT_ROWS}
            WHERE n.channel = $1 AND n.id > $2 AND ${DELIVERABLE}
              ${recipientId ? 'AND n.recipient_id = $4' : ''}
            ORDER BY n.id LIMIT $3`,
          recipientId ? [channel, afterId, limit, recipientId] : [channel, afterId, limit],
        ),
      // Live rows were read a moment ago and may have waited in the buffer since: acknowledged, withdrawn or
      // the recipient's access changed meanwhile. One query per batch checks them as they are now.
      admit: async (rows) => {
        const candidates = rows.filter(mayBeFor);
        if (!candidates.length) return [];
        const still = await queryRows<{ id: string }>(
          ctx.em,
          `SELECT n.id::text AS id FROM notification n JOIN app_user u ON u.id = n.recipient_id
            WHERE n.id = ANY($1::bigint[]) AND ${DELIVERABLE}`,
          [candidates.map((n) => n.id)],
        );
        const deliverable = new Set(still.map((r) => r.id));
        return candidates.filter((n) => deliverable.has(n.id));
      },
      map: ({ recipientActive: _active, ...view }) => view,
    });
  }

  /** Marks notifications of the caller's channel delivered; returns how many were newly acknowledged. */
  async acknowledge(ctx: Ctx, channel: NotificationChannel, ids: string[]): Promise<number> {
    const { recipientId } = channelAudience(ctx.principal, channel);
    const valid = checkIds(ids);
    if (!valid.length) return 0;
    const rows = await queryRows<{ id: string }>(
      ctx.em,
      `UPDATE notification SET delivered_at = $3
        WHERE id = ANY($1::bigint[]) AND channel = $2 AND delivered_at IS NULL
          ${recipientId ? 'AND recipient_id = $4' : ''}
        RETURNING id`,
      recipientId ? [valid, channel, ctx.clock.now(), recipientId] : [valid, channel, ctx.clock.now()],
    );
    return rows.length;
  }

  /** The signed-in owner's or manager's ADMIN notifications, newest first. */
  async mine(ctx: Ctx, args: PageArgs & { unreadOnly?: boolean | null }): Promise<Page<NotificationView>> {
    const { recipientId } = channelAudience(ctx.principal, NotificationChannel.ADMIN);
    const limit = pageSize(args);
    const before = args.after ? parseStreamCursor(args.after, '0') : null;
    const unread = args.unreadOnly ? 'AND n.read_at IS NULL' : '';
    const [count] = await queryRows<{ n: number }>(
      ctx.em,
      `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.recipient_id
        WHERE n.recipient_id = $1 AND n.channel = 'ADMIN' AND ${LISTABLE} ${unread}`,
      [recipientId],
    );
    const rows = await readRows(
      ctx.em,
      `${SELECT_ROWS} WHERE n.recipient_id = $1 AND n.channel = 'ADMIN' AND ${LISTABLE} ${unread}
        ${before ? 'AND n.id < $3' : ''} ORDER BY n.id DESC LIMIT $2`,
      before ? [recipientId, limit + 1, before] : [recipientId, limit + 1],
    );
    const nodes = rows.slice(0, limit).map(({ recipientActive: _active, ...view }) => view);
    return {
      nodes,
      totalCount: count!.n,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: nodes[nodes.length - 1]?.cursor ?? null },
    };
  }

  /** How many of the signed-in owner's or manager's ADMIN notifications are unread. */
  async unreadCount(ctx: Ctx): Promise<number> {
    const { recipientId } = channelAudience(ctx.principal, NotificationChannel.ADMIN);
    const [row] = await queryRows<{ n: number }>(
      ctx.em,
      `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.recipient_id
        WHERE n.recipient_id = $1 AND n.channel = 'ADMIN' AND n.read_at IS NULL AND ${LISTABLE}`,
      [recipientId],
    );
    return row!.n;
  }

  /** Marks the caller's ADMIN notifications read (and so delivered); returns how many changed. */
  async markRead(ctx: Ctx, ids: string[]): Promise<number> {
    const { recipientId } = channelAudience(ctx.principal, NotificationChannel.ADMIN);
    const valid = checkIds(ids);
    if (!valid.length) return 0;
    const rows = await queryRows<{ id: string }>(
      ctx.em,
      `UPDATE notification n SET read_at = $3, delivered_at = coalesce(n.delivered_at, $3)
         FROM app_user u
        WHERE u.id = n.recipient_id AND n.id = ANY($1::bigint[]) AND n.recipient_id = $2 AND n.channel = 'ADMIN'
          AND n.read_at IS NULL AND ${LISTABLE}
        RETURNING n.id`,
      [valid, recipientId, ctx.clock.now()],
    );
    return rows.length;
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { ReplayThenLive } from '../../common/live/replay-then-live.js';
import { parseStreamCursor } from '../../common/live/stream-cursor.js';
import { TableTail, type StreamRow } from '../../common/live/table-tail.js';
import type { Logger } from '../../common/logger.js';
import { queryRows } from '../../common/sql.js';
import { Role } from '../user/user.entity.js';
import { OrderEventKind, type OrderStatus } from './order.entity.js';
import { MAX_FILTER_KINDS, OrderEventItem, type OrderEventFilter } from './order-event-stream.types.js';
import type { OrderUpdatedPayload } from './order.events.js';
import { OrderEventView } from './order.types.js';
import { findVisibleOrder } from './order-store.js';
import { ContractorVisibility } from './contractor-visibility.js';
import { SqlParams, userOfRole, visibleOrdersSql } from './order-visibility.js';

/** A history row as the stream reads it, with the order's status now. */
export interface OrderEventRow extends StreamRow {
  orderId: string;
  accountId: string;
  kind: OrderEventKind;
  actorId: string | null;
  apiKeyId: string | null;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  reason: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  orderStatus: OrderStatus;
}

const SELECT_ROWS = `SELECT e.id::text AS id, e.order_id, e.account_id, e.kind, e.actor_id, e.api_key_id, e.from_status,
    e.to_status, e.reason, e.data, e.created_at, o.status AS order_status
  FROM order_event e JOIN service_order o ON o.id = e.order_id`;

async function readRows(em: EntityManager, sql: string, params: unknown[]): Promise<OrderEventRow[]> {
  const rows = await queryRows<Record<string, unknown>>(em, sql, params);
  return rows.map((r) => ({
    id: r.id as string,
    orderId: r.order_id as string,
    accountId: r.account_id as string,
    kind: r.kind as OrderEventKind,
    actorId: r.actor_id as string | null,
    apiKeyId: r.api_key_id as string | null,
    fromStatus: r.from_status as OrderStatus | null,
    toStatus: r.to_status as OrderStatus | null,
    reason: r.reason as string | null,
    data: (r.data ?? {}) as Record<string, unknown>,
    createdAt: r.created_at as Date,
    orderStatus: r.order_status as OrderStatus,
  }));
}

/**
 * Items already made, per row: a live row is one object handed to every subscriber, so all of them receive
 * the same item — which lets subscriptions share one execution per event (app/shared-subscribe.ts).
 */
const itemsByRow = new WeakMap<OrderEventRow, OrderEventItem>();

/** The GraphQL item for a row (the same object for the same row). */
export function toOrderEventItem(row: OrderEventRow): OrderEventItem {
  let item = itemsByRow.get(row);
  if (!item) itemsByRow.set(row, (item = makeOrderEventItem(row)));
  return item;
}

function makeOrderEventItem(row: OrderEventRow): OrderEventItem {
  const event = Object.assign(new OrderEventView(), {
    id: row.id,
    kind: row.kind,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    reason: row.reason,
    viaApiKey: row.apiKeyId !== null,
    estimateHours: typeof row.data.estimateHours === 'number' ? row.data.estimateHours : null,
    createdAt: row.createdAt,
    actorId: row.actorId,
    contractorId: typeof row.data.contractorId === 'string' ? row.data.contractorId : null,
  });
  // An instance of the GraphQL class, so that type-graphql hands resolvers this very object (`@Root`) instead of
  // a copy per execution: the item is what subscribers share (its loaders too, order-event-stream.resolver.ts).
  return Object.assign(new OrderEventItem(), { cursor: row.id, orderId: row.orderId, event });
}

const updatesByRow = new WeakMap<OrderEventRow, OrderUpdatedPayload>();

/** The `orderUpdated` payload for a row (the same object for the same row, shared like the items). */
function toOrderUpdatedPayload(row: OrderEventRow): OrderUpdatedPayload {
  let payload = updatesByRow.get(row);
  if (!payload) {
    updatesByRow.set(row, (payload = { orderId: row.orderId, accountId: row.accountId, status: row.orderStatus }));
  }
  return payload;
}

interface CheckedFilter {
  orderId?: string;
  accountId?: string;
  kinds?: Set<OrderEventKind>;
}

/**
 * The order event stream (issue 3, item 1): every history entry of every order, in commit order, as a
 * replay from a cursor followed by live entries — each viewer receiving only the orders it may see now
 * (order-visibility.ts: clients their account's, contractors theirs and their offers per R-SLA-1, staff and
 * order-reading keys all).
 */
export class OrderEventStream {
  readonly tail: TableTail<OrderEventRow>;

  private readonly contractors: ContractorVisibility;

  constructor(
    private readonly dataSource: DataSource,
    log: Logger,
  ) {
    this.contractors = new ContractorVisibility(dataSource.manager);
    this.tail = new TableTail<OrderEventRow>(
      'order_event',
      (after, limit) =>
        readRows(dataSource.manager, `${SELECT_ROWS} WHERE e.id > $1 ORDER BY e.id LIMIT $2`, [after, limit]),
      () => this.newestId(),
      log,
    );
  }

  /** The newest history entry id ("0" when there is none). */
  async newestId(): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT coalesce(max(id), 0)::text AS id FROM order_event`,
    );
    return row!.id;
  }

  /** Subscribes the caller: entries after `after` (none given: from now on), then live ones. */
  async subscribe(
    ctx: Ctx,
    args: { after?: string | null; filter?: OrderEventFilter | null },
  ): Promise<AsyncIterableIterator<OrderEventItem>> {
    const filter = await this.checkFilter(ctx, args.filter ?? undefined);
    const after = parseStreamCursor(args.after, await this.newestId());
    return new ReplayThenLive<OrderEventRow, OrderEventItem>({
      live: this.tail,
      after,
      replay: (afterId, limit) => this.replay(ctx, filter, afterId, limit),
      admit: (rows) => this.admit(ctx, filter, rows),
      map: toOrderEventItem,
    });
  }

  /**
   * `orderUpdated`: from now on, one payload per history entry of the orders the caller may see (of one order
   * when `orderId` is given). The same replay-then-live subscriber as the stream: a subscriber that reads slower
   * than history is written holds a bounded buffer, then catches up from the table — nothing is dropped, and
   * live rows are checked for visibility a batch at a time, not one query per row.
   */
  async subscribeToUpdates(ctx: Ctx, orderId: string | undefined): Promise<AsyncIterableIterator<OrderUpdatedPayload>> {
    const filter: CheckedFilter = orderId === undefined ? {} : { orderId };
    // Not an order id: no entry can match (nothing is refused — an order the caller may not see is silent too).
    const matchesNothing = orderId !== undefined && !isUuid(orderId);
    return new ReplayThenLive<OrderEventRow, OrderUpdatedPayload>({
      live: this.tail,
      after: await this.newestId(),
      replay: async (afterId, limit) => (matchesNothing ? [] : this.replay(ctx, filter, afterId, limit)),
      admit: (rows) => this.admit(ctx, filter, rows),
      map: toOrderUpdatedPayload,
    });
  }

  private async checkFilter(ctx: Ctx, f: OrderEventFilter | undefined): Promise<CheckedFilter> {
    const checked: CheckedFilter = {};
    if (f?.orderId) {
      // An order the caller may not see is "not found", as everywhere (never leaks existence).
      if (!(await findVisibleOrder(ctx, f.orderId))) throw notFound('Order', f.orderId);
      checked.orderId = f.orderId;
    }
    if (f?.accountId) {
      const p = ctx.principal;
      const ownAccount = p.kind === 'user' && p.user.role === Role.CLIENT ? p.user.accountId : undefined;
      if (!isUuid(f.accountId) || (ownAccount !== undefined && ownAccount !== f.accountId)) {
        throw notFound('Client account', f.accountId);
      }
      checked.accountId = f.accountId;
    }
    if (f?.kinds) {
      if (f.kinds.length > MAX_FILTER_KINDS) {
        throw invalidInput('filter.kinds', `must list at most ${MAX_FILTER_KINDS} kinds`, { max: MAX_FILTER_KINDS });
      }
      const known = new Set<string>(Object.values(OrderEventKind));
      const bad = f.kinds.find((k) => !known.has(k));
      if (bad) throw invalidInput('filter.kinds', `contains an unknown kind: ${String(bad)}`);
      checked.kinds = new Set(f.kinds);
    }
    return checked;
  }

  /** Rows after `afterId` that match the filter and that the caller may see now, oldest first. */
  private replay(ctx: Ctx, f: CheckedFilter, afterId: string, limit: number): Promise<OrderEventRow[]> {
    const p = new SqlParams();
    const where = [`e.id > ${p.add(afterId)}`, visibleOrdersSql(ctx.principal, ctx.clock.now(), p)];
    if (f.orderId) where.push(`e.order_id = ${p.add(f.orderId)}`);
    if (f.accountId) where.push(`e.account_id = ${p.add(f.accountId)}`);
    if (f.kinds) where.push(`e.kind = ANY(${p.add([...f.kinds])}::text[])`);
    return readRows(
      ctx.em,
      `${SELECT_ROWS} WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /** Of live rows, those matching the filter that the caller may see now — the same rule as replay. */
  private async admit(ctx: Ctx, f: CheckedFilter, rows: OrderEventRow[]): Promise<OrderEventRow[]> {
    const matching = rows.filter(
      (r) =>
        (!f.orderId || r.orderId === f.orderId) &&
        (!f.accountId || r.accountId === f.accountId) &&
        (!f.kinds || f.kinds.has(r.kind)),
    );
    if (!matching.length) return matching;
    const p = new SqlParams();
    const visible = visibleOrdersSql(ctx.principal, ctx.clock.now(), p);
    if (visible === 'TRUE') return matching;
    if (visible === 'FALSE') return [];
    const principal = ctx.principal;
    if (principal.kind === 'user' && principal.user.role === Role.CLIENT) {
      return matching.filter((r) => r.accountId === principal.user.accountId);
    }
    // Contractors: whether each order is theirs or offered to them now (R-SLA-1) — one query per batch of live
    // rows for all contractor subscribers together.
    const contractorId = userOfRole(principal, Role.CONTRACTOR);
    if (!contractorId) return [];
    const ids = [...new Set(matching.map((r) => r.orderId))];
    const allowed = await this.contractors.visible(contractorId, ids, ctx.clock.now());
    return matching.filter((r) => allowed.has(r.orderId));
  }
}

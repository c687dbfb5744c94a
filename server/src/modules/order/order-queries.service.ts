import type { Ctx } from '../../common/context.js';
import { isStaff } from '../../common/auth/principal.js';
import type { CredentialCipher } from '../../common/crypto.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { pageSize, decodeCursor, toPage, type Page, type PageArgs } from '../../common/graphql/connection.js';
import { isUuid, uuidOrNil } from '../../common/ids.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { queryRows } from '../../common/sql.js';
import { Role } from '../user/user.entity.js';
import { OrderEventEntity, OrderItemEntity, OrderMessageEntity, OrderStatus } from './order.entity.js';
import { OrderSort, type OrderFilter } from './order.inputs.js';
import { ORDER_COLUMNS, toOrderRecord, type OrderRecord } from './order.record.js';
import { findVisibleOrder } from './order-store.js';
import { SqlParams, offeredToContractorSql, userOfRole, visibleOrdersSql } from './order-visibility.js';
import { breachedSql, dueAtSql, openOrderSql, slaWarningFiredSql } from '../sla/sla-risk.js';

/** Each sort order: the moment it keys on and its direction; ties are broken by id the same way. */
const SORTS: Record<OrderSort, { key: string; desc: boolean }> = {
  [OrderSort.NEWEST_FIRST]: { key: 'o.created_at', desc: true },
  [OrderSort.OLDEST_FIRST]: { key: 'o.created_at', desc: false },
  [OrderSort.DUE_SOONEST]: { key: dueAtSql, desc: false },
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter's conditions on alias `o`, with their parameters in `p`. */
function filterSql(filter: OrderFilter | undefined, now: Date, p: SqlParams): string[] {
  const where: string[] = [];
  const f = filter ?? {};
  if (f.statuses?.length) where.push(`o.status = ANY(${p.add(f.statuses)}::text[])`);
  if (f.categoryIds?.length) where.push(`o.category_id = ANY(${p.add(f.categoryIds.map(uuidOrNil))}::uuid[])`);
  if (f.accountId) where.push(`o.account_id = ${p.add(uuidOrNil(f.accountId))}`);
  if (f.contractorId) where.push(`o.contractor_id = ${p.add(uuidOrNil(f.contractorId))}`);
  if (f.authorId) where.push(`o.author_id = ${p.add(uuidOrNil(f.authorId))}`);
  if (f.branchId) {
    where.push(`o.branch_id IN (WITH RECURSIVE sub AS (
        SELECT id FROM branch WHERE id = ${p.add(uuidOrNil(f.branchId))}
        UNION ALL SELECT b.id FROM branch b JOIN sub ON b.parent_id = sub.id) SELECT id FROM sub)`);
  }
  if (f.createdFrom) where.push(`o.created_at >= ${p.add(f.createdFrom)}`);
  if (f.createdTo) where.push(`o.created_at < ${p.add(f.createdTo)}`);
  if (f.breached !== undefined && f.breached !== null) {
    where.push(`${f.breached ? '' : 'NOT '}${breachedSql(p.add(now))}`);
  }
  if (f.atRisk !== undefined && f.atRisk !== null) {
    // The managers' at-risk list: open orders whose SLA warning fired (R-SLA-2/3) or that are breached (R-SLA-4).
    const risk = `(${openOrderSql} AND (${slaWarningFiredSql()} OR ${breachedSql(p.add(now))}))`;
    where.push(f.atRisk ? risk : `NOT ${risk}`);
  }
  const search = f.search?.trim();
  if (search) {
    const like = p.add(`%${escapeLike(search)}%`);
    where.push(`(o.number ILIKE ${like} OR o.description ILIKE ${like} OR o.equipment ILIKE ${like}
      OR o.problem ILIKE ${like})`);
  }
  // R-ORD-11: archived orders are hidden from working lists but found by search.
  if (f.archived === true) where.push('o.archived_at IS NOT NULL');
  else if (f.archived === false || !search) where.push('o.archived_at IS NULL');
  return where;
}

/** Reading orders, always scoped to what the caller may see (order-visibility.ts). */
export class OrderQueryService {
  constructor(private readonly cipher: CredentialCipher) {}

  /** Orders the caller may see, in the asked sort order (newest first by default), by keyset cursor. */
  async list(ctx: Ctx, args: PageArgs & { filter?: OrderFilter; orderBy?: OrderSort }): Promise<Page<OrderRecord>> {
    const limit = pageSize(args);
    const sortName = args.orderBy ?? OrderSort.NEWEST_FIRST;
    const sort = SORTS[sortName];
    const cursor = decodeCursor(args.after, sortName);
    const now = ctx.clock.now();
    const p = new SqlParams();
    const where = [visibleOrdersSql(ctx.principal, now, p), ...filterSql(args.filter, now, p)].join(' AND ');
    const [count] = await queryRows<{ n: number }>(
      ctx.em,
      `SELECT count(*)::int AS n FROM service_order o WHERE ${where}`,
      p.values,
    );
    const [cmp, dir] = sort.desc ? ['<', 'DESC'] : ['>', 'ASC'];
    const after = cursor ? ` AND (${sort.key}, o.id) ${cmp} (${p.add(cursor.at)}, ${p.add(cursor.id)})` : '';
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT ${ORDER_COLUMNS}, ${sort.key} AS sort_key FROM service_order o WHERE ${where}${after}
        ORDER BY ${sort.key} ${dir}, o.id ${dir} LIMIT ${limit + 1}`,
      p.values,
    );
    const page = toPage(rows, limit, count!.n, (r) => ({
      at: new Date(r.sort_key as Date | string),
      id: r.id as string,
      sort: sortName,
    }));
    return { ...page, nodes: page.nodes.map(toOrderRecord) };
  }

  /** NEW orders the calling contractor may take now (R-SLA-1), most urgent (earliest take-by) first. */
  async available(ctx: Ctx, args: PageArgs): Promise<Page<OrderRecord>> {
    const limit = pageSize(args);
    const cursor = decodeCursor(args.after);
    const me = userOfRole(ctx.principal, Role.CONTRACTOR);
    if (!me) return toPage([], limit, 0, (o: OrderRecord) => ({ at: o.reactionDueAt, id: o.id }));
    const p = new SqlParams();
    const where = offeredToContractorSql(p.add(me), p.add(ctx.clock.now()));
    const [count] = await queryRows<{ n: number }>(
      ctx.em,
      `SELECT count(*)::int AS n FROM service_order o WHERE ${where}`,
      p.values,
    );
    const after = cursor ? ` AND (o.reaction_due_at, o.id) > (${p.add(cursor.at)}, ${p.add(cursor.id)})` : '';
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE ${where}${after}
        ORDER BY o.reaction_due_at, o.id LIMIT ${limit + 1}`,
      p.values,
    );
    return toPage(rows.map(toOrderRecord), limit, count!.n, (o) => ({ at: o.reactionDueAt, id: o.id }));
  }

  /** One order the caller may see; anything else (unknown, malformed, another account's) is NOT_FOUND. */
  async get(ctx: Ctx, id: string): Promise<OrderRecord> {
    const order = await findVisibleOrder(ctx, id);
    if (!order) throw notFound('Order', id);
    return order;
  }

  /** One order by its human number (YYYY-NNNNNN), same scoping as `get`. */
  async getByNumber(ctx: Ctx, number: string): Promise<OrderRecord> {
    const n = number.trim();
    if (n.length > 20) throw invalidInput('number', 'must look like YYYY-NNNNNN', { max: 20 });
    const p = new SqlParams();
    const num = p.add(n);
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE o.number = ${num}
          AND ${visibleOrdersSql(ctx.principal, ctx.clock.now(), p)}`,
      p.values,
    );
    if (!rows[0]) throw notFound('Order', number);
    return toOrderRecord(rows[0]);
  }

  /** The order if the caller may see it, else null (subscriptions filter with it). */
  findVisible(ctx: Ctx, id: string): Promise<OrderRecord | null> {
    return findVisibleOrder(ctx, id);
  }

  /** The order's cartridge lines, batched per request. */
  items(ctx: Ctx, orderId: string): Promise<OrderItemEntity[]> {
    return moduleLoader(ctx.loaders, 'order.items', () =>
      byKeyLoader(ctx.em, OrderItemEntity, 'orderId', { position: 'ASC' }),
    ).load(orderId);
  }

  /** The order's history in sequence, batched per request. */
  history(ctx: Ctx, orderId: string): Promise<OrderEventEntity[]> {
    return moduleLoader(ctx.loaders, 'order.history', () =>
      byKeyLoader(ctx.em, OrderEventEntity, 'orderId', { id: 'ASC' }),
    ).load(orderId);
  }

  /**
   * The conversation (R-ORD-9), batched per request. Contractors who do not hold the order
   * (an offer, or one they gave back) see none of it: it is between the client and the holder.
   */
  async messages(ctx: Ctx, order: OrderRecord): Promise<OrderMessageEntity[]> {
    const contractor = userOfRole(ctx.principal, Role.CONTRACTOR);
    if (contractor && order.contractorId !== contractor) return [];
    return moduleLoader(ctx.loaders, 'order.messages', () =>
      byKeyLoader(ctx.em, OrderMessageEntity, 'orderId', { createdAt: 'ASC', id: 'ASC' }),
    ).load(order.id);
  }

  /** The contractor's rate on a DONE order: staff, integrations and that contractor only. */
  rateFor(ctx: Ctx, order: OrderRecord): string | null {
    const p = ctx.principal;
    if (p.kind === 'apiKey') return order.rate;
    if (p.kind !== 'user') return null;
    return isStaff(p.user) || p.user.id === order.contractorId ? order.rate : null;
  }

  /**
   * R-ORD-4: the decrypted credentials, only for the contractor holding the order in work (bot or
   * session); null for everyone else — managers, owners, clients, other contractors and API keys.
   */
  async credentialsFor(ctx: Ctx, order: OrderRecord): Promise<string | null> {
    const me = userOfRole(ctx.principal, Role.CONTRACTOR);
    if (!me || !order.hasCredentials || order.contractorId !== me || order.status !== OrderStatus.IN_PROGRESS) {
      return null;
    }
    if (!isUuid(order.id)) return null;
    const [row] = await queryRows<{ credentials: Buffer | null }>(
      ctx.em,
      `SELECT credentials FROM service_order WHERE id = $1 AND contractor_id = $2 AND status = 'IN_PROGRESS'`,
      [order.id, me],
    );
    return row?.credentials ? this.cipher.decrypt(row.credentials) : null;
  }
}

import type { Ctx } from '../../common/context.js';
import { invalidInput } from '../../common/errors.js';
import { pageSize, type Page } from '../../common/graphql/connection.js';
import { uuidOrNil } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import { SqlParams } from '../order/order-visibility.js';
import type { AuditEntry, AuditLogArgs } from './audit-log.types.js';

/** The audit log's cursor: the entry id (a bigserial, so newest first is id order). */
const encodeAuditCursor = (id: string) => Buffer.from(`audit|${id}`, 'utf8').toString('base64url');

function decodeAuditCursor(cursor: string | undefined | null): string | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const m = /^audit\|(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalidInput('after', 'is not a cursor returned by this list');
  return m[1];
}

/** Reading the audit log (writing is `writeAudit`, in the transaction of each change). */
export class AuditLogService {
  /** Entries newest first, by keyset on the id. */
  async list(ctx: Ctx, args: AuditLogArgs): Promise<Page<AuditEntry>> {
    const limit = pageSize(args);
    const after = decodeAuditCursor(args.after);
    const p = new SqlParams();
    const where: string[] = [];
    const f = args.filter ?? {};
    if (f.entity) where.push(`l.entity = ${p.add(f.entity)}`);
    if (f.action) where.push(`l.action = ${p.add(f.action)}`);
    if (f.actorId) where.push(`l.actor_id = ${p.add(uuidOrNil(f.actorId))}`);
    const filtered = where.length ? where.join(' AND ') : 'TRUE';
    const [count] = await queryRows<{ n: number }>(
      ctx.em,
      `SELECT count(*)::int AS n FROM audit_log l WHERE ${filtered}`,
      p.values,
    );
    const keyset = after ? ` AND l.id < ${p.add(after)}::bigint` : '';
    const rows = await queryRows<Record<string, unknown>>(
      ctx.em,
      `SELECT l.id::text AS id, l.action, l.entity, l.entity_id, l.data, l.created_at, l.actor_id, l.api_key_id
         FROM audit_log l WHERE ${filtered}${keyset} ORDER BY l.id DESC LIMIT ${limit + 1}`,
      p.values,
    );
    const nodes = rows.slice(0, limit).map((r): AuditEntry => ({
      id: r.id as string,
      action: r.action as string,
      entity: r.entity as string,
      entityId: (r.entity_id as string | null) ?? null,
      data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
      createdAt: new Date(r.created_at as string),
      actorId: (r.actor_id as string | null) ?? null,
      apiKeyId: (r.api_key_id as string | null) ?? null,
    }));
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      totalCount: count!.n,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeAuditCursor(last.id) : null },
    };
  }
}

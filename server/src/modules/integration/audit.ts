import type { Ctx } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';

/** Appends one administrative change to the audit log, in the caller's transaction. */
export async function writeAudit(
  ctx: Ctx,
  action: string,
  entity: string,
  entityId: string | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  const { actorId, apiKeyId } = actorIds(ctx.principal);
  await ctx.em.query(
    `INSERT INTO audit_log (actor_id, api_key_id, action, entity, entity_id, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actorId, apiKeyId, action, entity, entityId, JSON.stringify(data), ctx.clock.now()],
  );
}

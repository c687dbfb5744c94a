import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { AccessChanged } from '../../common/auth/access-changed.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { randomToken, sha256 } from '../../common/crypto.js';
import { forbidden, invalidInput, notFound } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import { API_KEY_PREFIX } from '../auth/authentication.service.js';
import { Role } from '../user/user.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { writeAudit } from './audit.js';

const NAME_MAX = 100;
const allScopes = Object.values(ApiScope);

export type RevokeOutcome = { kind: 'revoked'; key: ApiKeyEntity } | { kind: 'alreadyRevoked'; key: ApiKeyEntity };

/** API keys of integrations: created, listed and revoked by owners; only their SHA-256 is stored. */
export class ApiKeyService {
  /** Creates a key; the returned secret is never stored and cannot be shown again. */
  async create(ctx: Ctx, name: string, scopes: ApiScope[]): Promise<{ key: ApiKeyEntity; secret: string }> {
    const ownerId = this.requireOwner(ctx);
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > NAME_MAX)
      throw invalidInput('name', `must be 1 to ${NAME_MAX} characters`, { min: 1, max: NAME_MAX });
    // Longer than the number of scopes there are: a client bug, refused rather than de-duplicated.
    if (scopes.length > allScopes.length)
      throw invalidInput('scopes', `must list at most ${allScopes.length} scopes, as many as there are`, {
        max: allScopes.length,
        allowed: allScopes,
      });
    const unique = [...new Set(scopes)];
    if (unique.length === 0 || unique.some((s) => !allScopes.includes(s)))
      throw invalidInput('scopes', 'must name at least one scope', { allowed: allScopes });
    // The prefix is hex so that it never contains the `_` separating it from the secret.
    const prefix = randomBytes(6).toString('hex');
    const secret = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
    const key = await inTransaction(ctx, async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx.em,
        `INSERT INTO api_key (name, prefix, key_hash, scopes, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [trimmed, prefix, sha256(secret), unique, ownerId, tx.clock.now()],
      );
      await writeAudit(tx, 'api_key.created', 'api_key', row!.id, { name: trimmed, prefix, scopes: unique });
      return tx.em.getRepository(ApiKeyEntity).findOneByOrFail({ id: row!.id });
    });
    return { key, secret };
  }

  /** Every key, active and revoked, newest first. */
  async list(ctx: Ctx): Promise<ApiKeyEntity[]> {
    this.requireOwner(ctx);
    return ctx.em.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Revokes a key: it stops working at once, over HTTP and for new WebSocket connections. */
  async revoke(ctx: Ctx, id: string): Promise<RevokeOutcome> {
    this.requireOwner(ctx);
    if (!isUuid(id)) throw notFound('API key', id);
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(ApiKeyEntity);
      const [revoked] = await queryRows<{ id: string }>(
        tx.em,
        `UPDATE api_key SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, tx.clock.now()],
      );
      const key = await repo.findOneBy({ id });
      if (!key) throw notFound('API key', id);
      if (!revoked) return { kind: 'alreadyRevoked', key };
      await writeAudit(tx, 'api_key.revoked', 'api_key', id, { name: key.name, prefix: key.prefix });
      emit(tx, new AccessChanged());
      return { kind: 'revoked', key };
    });
  }

  /** Keys are managed by an owner in person (bot or web session), never by another key. */
  private requireOwner(ctx: Ctx): string {
    const p = ctx.principal;
    if (p.kind !== 'user' || p.user.role !== Role.OWNER) throw forbidden('Only an owner may manage API keys');
    return p.user.id;
  }
}

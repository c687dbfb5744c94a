import type { Principal } from '../../common/auth/principal.js';
import { isStaff } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { Role } from '../user/user.entity.js';

/** Collects positional parameters while a SQL text is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder ($n). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * R-SLA-1 / R-ORD-3: a NEW order (alias `o`) is offered to the contractor `me` when it serves the
 * category (none set = all) and, during the pinned window, the account pinned them.
 */
export function offeredToContractorSql(me: string, now: string): string {
  return `(o.status = 'NEW'
    AND (NOT EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = ${me})
         OR EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = ${me} AND cc.category_id = o.category_id))
    AND (o.pinned_until IS NULL OR o.pinned_until <= ${now}
         OR EXISTS (SELECT 1 FROM pinned_contractor pc WHERE pc.account_id = o.account_id AND pc.contractor_id = ${me})))`;
}

/**
 * The orders (alias `o`) a caller may read — data scoping lives here, never only in resolvers:
 * - clients: every order of their account;
 * - contractors: orders they hold or held, plus NEW orders offered to them (R-SLA-1);
 * - managers, owners and API keys with orders:read or orders:write: all;
 * - anyone else: none.
 */
export function visibleOrdersSql(principal: Principal, now: Date, p: SqlParams): string {
  if (principal.kind === 'apiKey') {
    const { scopes } = principal;
    return scopes.has(ApiScope.ORDERS_READ) || scopes.has(ApiScope.ORDERS_WRITE) ? 'TRUE' : 'FALSE';
  }
  if (principal.kind !== 'user') return 'FALSE';
  const user = principal.user;
  if (isStaff(user)) return 'TRUE';
  if (user.role === Role.CLIENT) return user.accountId ? `o.account_id = ${p.add(user.accountId)}` : 'FALSE';
  if (user.role === Role.CONTRACTOR) return contractorOrdersSql(p.add(user.id), p.add(now));
  return 'FALSE';
}

/**
 * The orders (alias `o`) the contractor `me` may read: those it holds or held, and those offered to it at
 * `now` (R-SLA-1). `me` and `now` are SQL expressions: a placeholder, or a column when many contractors are
 * asked at once.
 */
export function contractorOrdersSql(me: string, now: string): string {
  return `(o.contractor_id = ${me}
      OR EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.id AND e.kind IN ('TAKEN', 'ASSIGNED')
                 AND e.data->>'contractorId' = ${me}::text)
      OR ${offeredToContractorSql(me, now)})`;
}

/** The caller's user id when it is a user of one of these roles. */
export function userOfRole(principal: Principal, role: Role): string | undefined {
  return principal.kind === 'user' && principal.user.role === role ? principal.user.id : undefined;
}

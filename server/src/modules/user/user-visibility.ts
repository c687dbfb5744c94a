import type { Ctx } from '../../common/context.js';
import { isStaff } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { Role, type UserEntity } from './user.entity.js';

/** Who may see which parts of a user (R-ACC-5): used by lookups and by the User type's contact fields. */

/** Whether the caller may look a user up by id: staff and user-reading keys anyone; others themselves and their account. */
export function canView(ctx: Ctx, target: UserEntity): boolean {
  const p = ctx.principal;
  if (p.kind === 'apiKey') return p.scopes.has(ApiScope.USERS_READ);
  if (p.kind !== 'user') return false;
  if (isStaff(p.user) || p.user.id === target.id) return true;
  return p.user.role === Role.CLIENT && p.user.accountId !== null && p.user.accountId === target.accountId;
}

/**
 * Whether the caller may see a user's contact fields (last name, @username, Telegram id).
 * R-ACC-5: a client sees a contractor's contacts only if the account's tariff allows it.
 */
export async function canSeeContacts(ctx: Ctx, target: UserEntity): Promise<boolean> {
  const p = ctx.principal;
  if (p.kind === 'apiKey') return p.scopes.has(ApiScope.USERS_READ);
  if (p.kind !== 'user') return false;
  const viewer = p.user;
  if (isStaff(viewer) || viewer.id === target.id) return true;
  if (target.accountId && viewer.accountId === target.accountId) return true;
  if (viewer.role === Role.CONTRACTOR) return target.role === Role.CLIENT || isStaff(target);
  if (viewer.role === Role.CLIENT && target.role === Role.CONTRACTOR && viewer.accountId) {
    const account = await ctx.loaders.account.load(viewer.accountId);
    const tariff = account ? await ctx.loaders.tariff.load(account.tariffId) : null;
    return tariff?.canSeeContractorContacts ?? false;
  }
  return viewer.role === Role.CLIENT && isStaff(target);
}

/** Staff only: e-mail is visible to staff, user-reading keys and the user. */
export function canSeeEmail(ctx: Ctx, target: UserEntity): boolean {
  const p = ctx.principal;
  if (p.kind === 'apiKey') return p.scopes.has(ApiScope.USERS_READ);
  return p.kind === 'user' && (isStaff(p.user) || p.user.id === target.id);
}

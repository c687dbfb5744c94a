import type { UserEntity } from '../../modules/user/user.entity.js';
import { Role } from '../../modules/user/user.entity.js';
import type { ApiScope } from './scopes.js';

/** The Telegram user the bot says it acts for. */
export interface TelegramIdentity {
  id: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  languageCode?: string;
}

/** Who is calling. Resolved once per request (HTTP) or per connection (WebSocket). */
export type Principal =
  | { kind: 'anonymous' }
  /** The bot service itself, acting for nobody in particular. */
  | { kind: 'bot' }
  /** The bot acting for a Telegram person we do not know or who is deactivated (R-USR-1). */
  | { kind: 'stranger'; telegram: TelegramIdentity; deactivated: boolean }
  | { kind: 'user'; user: UserEntity; via: 'bot' | 'session'; sessionId?: string }
  | { kind: 'apiKey'; apiKeyId: string; scopes: ReadonlySet<ApiScope> };

/** OWNER can do everything a MANAGER can (R-USR-2). */
export function hasRole(user: Pick<UserEntity, 'role'>, roles: readonly Role[]): boolean {
  return roles.includes(user.role) || (user.role === Role.OWNER && roles.includes(Role.MANAGER));
}

export const isStaff = (user: Pick<UserEntity, 'role'>) => hasRole(user, [Role.MANAGER]);

/** The user behind the principal, if any. */
export function principalUser(p: Principal): UserEntity | undefined {
  return p.kind === 'user' ? p.user : undefined;
}

/** Ids to write into history and audit rows for this principal. */
export function actorIds(p: Principal): { actorId: string | null; apiKeyId: string | null } {
  if (p.kind === 'user') return { actorId: p.user.id, apiKeyId: null };
  if (p.kind === 'apiKey') return { actorId: null, apiKeyId: p.apiKeyId };
  return { actorId: null, apiKeyId: null };
}

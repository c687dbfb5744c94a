import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { Extensions } from 'type-graphql';
import { Role } from '../../modules/user/user.entity.js';
import type { Ctx } from '../context.js';
import { AppError, ErrorCode, RefusalReason, forbidden, unauthenticated } from '../errors.js';
import { hasRole } from './principal.js';
import type { ApiScope } from './scopes.js';

/**
 * The access rule of one GraphQL field. Every root operation and every object field carries one
 * (directly, or through its type's default); a test walks the schema and fails on any without.
 */
export type AccessRule =
  /** Anyone, signed in or not (sign-in itself, health). */
  | { kind: 'public' }
  /** Any caller that is not anonymous: known users, the bot service, strangers via the bot, API keys. */
  | { kind: 'anyCaller' }
  /** The bot service, with or without an acting user. */
  | { kind: 'botService' }
  /** Users in these roles (OWNER counts as MANAGER); API keys holding `scope`, if given. */
  | { kind: 'roles'; roles: Role[]; scope?: ApiScope }
  /** Object fields: visible wherever the parent object was delivered (the parent was checked). */
  | { kind: 'parent' }
  /** Checked inside the resolver itself; `rule` says how, for the schema walk and the docs. */
  | { kind: 'custom'; rule: string };

const ACCESS = 'access';

/** Declares who may call a query, mutation or subscription, or read an object field. */
export const Allow = (rule: AccessRule) => Extensions({ [ACCESS]: rule });

/** Shorthands for the common rules. */
export const Public = () => Allow({ kind: 'public' });
export const AnyCaller = () => Allow({ kind: 'anyCaller' });
export const Roles = (roles: Role[], scope?: ApiScope) =>
  Allow(scope ? { kind: 'roles', roles, scope } : { kind: 'roles', roles });
export const Staff = (scope?: ApiScope) => Roles([Role.MANAGER], scope);
export const OwnerOnly = (scope?: ApiScope) => Roles([Role.OWNER], scope);
/** Object type default: every field visible where the object is. */
export const VisibleWithParent = () => Allow({ kind: 'parent' });
export const CustomRule = (rule: string) => Allow({ kind: 'custom', rule });

/** The rule in force for a field: its own, else its type's default. */
export function accessRuleOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): AccessRule | undefined {
  return (field.extensions?.[ACCESS] ?? type.extensions?.[ACCESS]) as AccessRule | undefined;
}

/** Throws unless the principal satisfies the rule. Data-level scoping happens in services. */
export function assertAllowed(rule: AccessRule | undefined, ctx: Ctx): void {
  const p = ctx.principal;
  if (!rule) throw forbidden('This field has no access rule');
  switch (rule.kind) {
    case 'public':
    case 'parent':
    case 'custom':
      return;
    case 'anyCaller':
      if (p.kind === 'anonymous') throw unauthenticated();
      return;
    case 'botService':
      if (p.kind === 'bot' || (p.kind === 'user' && p.via === 'bot') || p.kind === 'stranger') return;
      throw forbidden('Only the bot service may do this', RefusalReason.BOT_SERVICE_ONLY);
    case 'roles':
      if (p.kind === 'user' && hasRole(p.user, rule.roles)) return;
      if (p.kind === 'apiKey' && rule.scope && p.scopes.has(rule.scope)) return;
      if (p.kind === 'anonymous') throw unauthenticated();
      if (p.kind === 'stranger') {
        throw new AppError(
          ErrorCode.UNKNOWN_TELEGRAM_USER,
          p.deactivated ? 'This Telegram account is deactivated' : 'This Telegram account is not registered',
        );
      }
      if (p.kind === 'apiKey')
        throw rule.scope
          ? forbidden(`This API key lacks the ${rule.scope} scope`, RefusalReason.SCOPE_MISSING, { scope: rule.scope })
          : forbidden('Not available to API keys', RefusalReason.NOT_FOR_API_KEYS);
      throw forbidden(undefined, RefusalReason.ROLE_NOT_ALLOWED);
  }
}

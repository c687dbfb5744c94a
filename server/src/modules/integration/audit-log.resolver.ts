import { Args, Ctx as GqlCtx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { OwnerOnly } from '../../common/auth/access.js';
import type { Ctx } from '../../common/context.js';
import { pageComplexity } from '../../common/graphql/connection.js';
import { toUserView } from '../user/user.resolver.js';
import { UserView } from '../user/user.types.js';
import type { AuditLogService } from './audit-log.service.js';
import { AuditEntry, AuditEntryConnection, AuditLogArgs } from './audit-log.types.js';

/** The audit log of administrative changes, for owners. */
@Resolver(() => AuditEntry)
export class AuditLogResolver {
  constructor(private readonly auditLogService: AuditLogService) {}

  @Query(() => AuditEntryConnection, {
    description: 'Administrative changes (settings, invoices, users, tariffs, API keys…), newest first (owner).',
    complexity: pageComplexity,
  })
  @OwnerOnly()
  async auditLog(@GqlCtx() ctx: Ctx, @Args() args: AuditLogArgs): Promise<AuditEntryConnection> {
    const page = await this.auditLogService.list(ctx, args);
    return { ...page, nodes: page.nodes.map((n) => Object.assign(new AuditEntry(), n)) };
  }

  @FieldResolver(() => UserView, {
    nullable: true,
    description: 'The user who did it; null for integrations and jobs.',
  })
  async actor(@Root() entry: AuditEntry, @GqlCtx() ctx: Ctx): Promise<UserView | null> {
    const user = entry.actorId ? await ctx.loaders.user.load(entry.actorId) : null;
    return user ? toUserView(user) : null;
  }
}

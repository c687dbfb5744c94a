import { Ctx as GqlCtx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CustomRule } from '../../common/auth/access.js';
import type { Ctx } from '../../common/context.js';
import { SameForEveryone } from '../../common/graphql/same-for-everyone.js';
import { ClientAccount, Branch, toBranch, toClientAccount } from '../account/account.types.js';
import { Category, toCategory } from '../category/category.types.js';
import { UserView } from '../user/user.types.js';
import { toUserView } from '../user/user.resolver.js';
import { OrderStatus } from './order.entity.js';
import { OrderMessageView, toOrderMessageView } from './order-message.types.js';
import type { OrderQueryService } from './order-queries.service.js';
import type { OrderRecord } from './order.record.js';
import { OrderEventView, OrderItemView, OrderView } from './order.types.js';

const loadUser = async (ctx: Ctx, id: string | null) => {
  const user = id ? await ctx.loaders.user.load(id) : null;
  return user ? toUserView(user) : null;
};

/** Relations of an Order, all through per-request loaders (constant query count per page). */
@Resolver(() => OrderView)
export class OrderFieldsResolver {
  constructor(private readonly orderQueries: OrderQueryService) {}

  @FieldResolver(() => ClientAccount, { description: 'The client account the order belongs to.' })
  async account(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<ClientAccount> {
    return toClientAccount((await ctx.loaders.account.load(o.accountId))!);
  }

  @FieldResolver(() => Branch, { nullable: true, description: 'The branch the order is for (R-ACC-2), if any.' })
  async branch(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<Branch | null> {
    const branch = o.branchId ? await ctx.loaders.branch.load(o.branchId) : null;
    return branch ? toBranch(branch) : null;
  }

  @FieldResolver(() => Category, { description: 'The order’s category (R-ORD-1).' })
  async category(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<Category> {
    return toCategory((await ctx.loaders.category.load(o.categoryId))!);
  }

  @FieldResolver(() => UserView, { description: 'The client member who created the order.' })
  async author(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<UserView> {
    return (await loadUser(ctx, o.authorId))!;
  }

  @FieldResolver(() => UserView, {
    nullable: true,
    description: 'The contractor holding (or who closed) the order; null while NEW. Contacts per R-ACC-5.',
  })
  async contractor(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<UserView | null> {
    return loadUser(ctx, o.contractorId);
  }

  @FieldResolver(() => [OrderItemView], { description: 'CARTRIDGE orders: the cartridge lines; empty otherwise.' })
  async items(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<OrderItemView[]> {
    return (await this.orderQueries.items(ctx, o.id)).map((i) => Object.assign(new OrderItemView(), i));
  }

  @FieldResolver(() => [OrderEventView], { description: 'The append-only history, oldest first (R-ORD-2).' })
  async history(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<OrderEventView[]> {
    return (await this.orderQueries.history(ctx, o.id)).map((e) =>
      Object.assign(new OrderEventView(), {
        id: e.id,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        reason: e.reason,
        viaApiKey: e.apiKeyId !== null,
        estimateHours: typeof e.data.estimateHours === 'number' ? e.data.estimateHours : null,
        createdAt: e.createdAt,
        actorId: e.actorId,
        contractorId: typeof e.data.contractorId === 'string' ? e.data.contractorId : null,
      }),
    );
  }

  @FieldResolver(() => [OrderMessageView], {
    description: 'The conversation, oldest first (R-ORD-9). Empty for contractors who do not hold the order.',
  })
  @CustomRule('client members, the holding contractor, staff and order-reading keys; empty for other contractors')
  async messages(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<OrderMessageView[]> {
    return (await this.orderQueries.messages(ctx, o as OrderRecord)).map(toOrderMessageView);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'DONE orders: the contractor’s rate stored at closing (RUB, R-ORD-5). Staff and that contractor only.',
  })
  @CustomRule('staff, integrations and the contractor who closed it; null for others')
  rate(@Root() o: OrderView, @GqlCtx() ctx: Ctx): string | null {
    return this.orderQueries.rateFor(ctx, o as OrderRecord);
  }

  @FieldResolver(() => Boolean, {
    description: 'True when breached (R-SLA-4) or overdue now: not taken by reactionDueAt, or not done by workDueAt.',
  })
  isBreached(@Root() o: OrderView, @GqlCtx() ctx: Ctx): boolean {
    const now = ctx.clock.now();
    if (o.breachedAt) return true;
    if (o.status === OrderStatus.NEW) return o.reactionDueAt <= now;
    return o.status === OrderStatus.IN_PROGRESS && o.workDueAt !== null && o.workDueAt <= now;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Logins/passwords the client left (R-ORD-4): only for the contractor holding the order in work; null for everyone else.',
  })
  @CustomRule('only the contractor holding the order while IN_PROGRESS (R-ORD-4); null for everyone else')
  async credentials(@Root() o: OrderView, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return this.orderQueries.credentialsFor(ctx, o as OrderRecord);
  }
}

/**
 * The user an entry names is the same for everyone who receives the entry; what each caller sees of them is
 * decided by the User fields (contacts per R-ACC-5), which are not marked.
 */
const BY_ID = 'the user by the id the entry holds, through the loaders the entry’s subscribers share; no caller rule';

/** Who did what in an order's history. */
@Resolver(() => OrderEventView)
export class OrderEventResolver {
  @FieldResolver(() => UserView, { nullable: true, description: 'The user who did it; null for integrations.' })
  @SameForEveryone(BY_ID)
  async actor(@Root() e: OrderEventView, @GqlCtx() ctx: Ctx): Promise<UserView | null> {
    return loadUser(ctx, e.actorId);
  }

  @FieldResolver(() => UserView, {
    nullable: true,
    description: 'TAKEN/ASSIGNED/RELEASED/UNASSIGNED: the contractor concerned.',
  })
  @SameForEveryone(BY_ID)
  async contractor(@Root() e: OrderEventView, @GqlCtx() ctx: Ctx): Promise<UserView | null> {
    return loadUser(ctx, e.contractorId);
  }
}

/** The sender of a conversation message. */
@Resolver(() => OrderMessageView)
export class OrderMessageResolver {
  @FieldResolver(() => UserView, { description: 'Who sent it.' })
  async sender(@Root() m: OrderMessageView, @GqlCtx() ctx: Ctx): Promise<UserView> {
    return (await loadUser(ctx, m.senderId))!;
  }
}

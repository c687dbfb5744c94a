import { Args, ArgsType, Ctx as GqlCtx, Field, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Roles, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { PageArgs, pageComplexity } from '../../common/graphql/connection.js';
import { toUserView } from '../user/user.resolver.js';
import { UserView } from '../user/user.types.js';
import { Role } from '../user/user.entity.js';
import type { BillingService } from './billing.service.js';
import type { PayoutService } from './payout.service.js';
import {
  BillingPeriodConnection,
  BillingPeriodView,
  Payout,
  PayoutConnection,
  PayoutFilterInput,
} from './payout.types.js';

@ArgsType()
class PayoutsArgs extends PageArgs {
  @Field(() => PayoutFilterInput, { nullable: true, description: 'Filter; all visible lines when absent.' })
  filter?: PayoutFilterInput;
}

@Resolver(() => Payout)
export class PayoutResolver {
  constructor(
    private readonly payoutService: PayoutService,
    private readonly billing: BillingService,
  ) {}

  @Query(() => PayoutConnection, {
    description: 'Payout lines of closed billing periods, newest first. Contractors see their own; staff all.',
    complexity: pageComplexity,
  })
  @Roles([Role.CONTRACTOR, Role.MANAGER], ApiScope.BILLING_READ)
  async payouts(@GqlCtx() ctx: Ctx, @Args() args: PayoutsArgs): Promise<PayoutConnection> {
    const page = await this.payoutService.list(ctx, args.filter ?? {}, args.first, args.after);
    return { ...page, nodes: page.nodes.map((p) => Object.assign(new Payout(), p)) };
  }

  @Query(() => BillingPeriodConnection, {
    description: 'Closed billing periods, newest first, with what closing each produced (R-BIL-2).',
    complexity: pageComplexity,
  })
  @Staff(ApiScope.BILLING_READ)
  async billingPeriods(@GqlCtx() ctx: Ctx, @Args() args: PageArgs): Promise<BillingPeriodConnection> {
    const page = await this.payoutService.periods(ctx, args.first, args.after);
    return { ...page, nodes: page.nodes.map((b) => Object.assign(new BillingPeriodView(), b)) };
  }

  @FieldResolver(() => String, {
    description:
      'TIMEZONE in force when the period was closed: the zone its first and last day are read in (R-BIL-1); a later TIMEZONE change does not move them.',
  })
  periodTimeZone(@Root() payout: Payout, @GqlCtx() ctx: Ctx): Promise<string> {
    return this.billing.periodTimeZone(ctx, payout.periodStart);
  }

  @FieldResolver(() => UserView, { description: 'The contractor paid.' })
  async contractor(@Root() payout: Payout, @GqlCtx() ctx: Ctx): Promise<UserView> {
    return toUserView((await ctx.loaders.user.load(payout.contractorId))!);
  }
}

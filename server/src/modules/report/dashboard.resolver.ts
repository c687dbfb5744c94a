import { Arg, Ctx as GqlCtx, Int, Query, Resolver } from 'type-graphql';
import { Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { MAX_DASHBOARD_DAYS, type DashboardService } from './dashboard.service.js';
import { Dashboard } from './dashboard.types.js';

/** The staff dashboard of the admin panel and the bot. */
@Resolver(() => Dashboard)
export class DashboardResolver {
  constructor(private readonly dashboards: DashboardService) {}

  @Query(() => Dashboard, {
    description:
      'Counters of open orders (NEW, in work, at risk, breached), done and created today, orders per day, and SLA this billing period.',
  })
  @Staff(ApiScope.ORDERS_READ)
  dashboard(
    @GqlCtx() ctx: Ctx,
    @Arg('days', () => Int, {
      defaultValue: 14,
      description: `How many days of orders per day, today included: 1..${MAX_DASHBOARD_DAYS}.`,
    })
    days: number,
  ): Promise<Dashboard> {
    return this.dashboards.dashboard(ctx, days);
  }
}

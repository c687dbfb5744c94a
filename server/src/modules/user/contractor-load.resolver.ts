import { Arg, Ctx as GqlCtx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Staff, VisibleWithParent } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { Category, toCategory } from '../category/category.types.js';
import type { ContractorLoadService } from './contractor-load.service.js';
import { ContractorLoad, ContractorLoadFilter } from './contractor-load.types.js';
import { toUserView } from './user.resolver.js';

/** Contractors and their load, for managers assigning work and looking for someone free. */
@Resolver(() => ContractorLoad)
export class ContractorLoadResolver {
  constructor(private readonly contractorLoad: ContractorLoadService) {}

  @Query(() => [ContractorLoad], {
    description:
      'Contractors with their orders in work and capacity, least loaded first (at most 500); `free: true` lists those who can take another order now.',
  })
  @Staff(ApiScope.USERS_READ)
  async contractors(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ContractorLoadFilter, {
      nullable: true,
      description: 'Filter; active contractors when absent.',
    })
    filter?: ContractorLoadFilter,
  ): Promise<ContractorLoad[]> {
    const rows = await this.contractorLoad.list(ctx, filter ?? {});
    return rows.map((r) =>
      Object.assign(new ContractorLoad(), {
        contractor: toUserView(r.user),
        activeOrders: r.activeOrders,
        capacity: r.capacity,
        free: r.free,
      }),
    );
  }

  @FieldResolver(() => [Category], {
    description: 'The categories the contractor serves, in menu order; empty means every category (R-ORD-3).',
  })
  @VisibleWithParent()
  async categories(@Root() load: ContractorLoad, @GqlCtx() ctx: Ctx): Promise<Category[]> {
    return (await this.contractorLoad.servedCategories(ctx, load.contractor.id)).map(toCategory);
  }
}

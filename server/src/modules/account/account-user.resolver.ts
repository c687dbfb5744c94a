import { Ctx as GqlCtx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../common/context.js';
import { UserView } from '../user/user.types.js';
import { Branch, ClientAccount, toBranch, toClientAccount } from './account.types.js';

/** The User type's account relations (R-ACC-1, R-ACC-2); visible wherever the user is. */
@Resolver(() => UserView)
export class AccountUserResolver {
  @FieldResolver(() => ClientAccount, { nullable: true, description: 'CLIENT users: the account they belong to.' })
  async account(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<ClientAccount | null> {
    const account = u.accountId ? await ctx.loaders.account.load(u.accountId) : null;
    return account ? toClientAccount(account) : null;
  }

  @FieldResolver(() => Branch, { nullable: true, description: 'CLIENT users: their own branch, if set (R-ACC-2).' })
  async branch(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<Branch | null> {
    const branch = u.branchId ? await ctx.loaders.branch.load(u.branchId) : null;
    return branch ? toBranch(branch) : null;
  }
}

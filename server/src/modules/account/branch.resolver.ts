import { Arg, Ctx as GqlCtx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { OwnerOnly } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { notFound } from '../../common/errors.js';
import { CreateBranchInput, UpdateBranchInput } from './account.inputs.js';
import type { BranchOutcome, BranchService } from './branch.service.js';
import {
  Branch,
  BranchCodeTaken,
  ClientAccount,
  CreateBranchResult,
  InvalidBranchParent,
  UpdateBranchResult,
  toBranch,
  toClientAccount,
} from './account.types.js';

function toResult(r: BranchOutcome): Branch | BranchCodeTaken | InvalidBranchParent {
  if (r.kind === 'saved') return toBranch(r.branch);
  if (r.kind === 'codeTaken')
    return Object.assign(new BranchCodeTaken(), { takenCode: r.code, existing: toBranch(r.existing) });
  return Object.assign(new InvalidBranchParent(), { reason: r.reason });
}

@Resolver(() => Branch)
export class BranchResolver {
  constructor(private readonly branchService: BranchService) {}

  @Mutation(() => CreateBranchResult, {
    description: 'Adds a zone, branch or department to an account’s tree (R-ACC-2); a bad parent changes nothing.',
  })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async createBranch(
    @GqlCtx() ctx: Ctx,
    @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string,
    @Arg('input', { description: 'The node.' }) input: CreateBranchInput,
  ): Promise<typeof CreateBranchResult> {
    return toResult(await this.branchService.create(ctx, accountId, input));
  }

  @Mutation(() => UpdateBranchResult, {
    description: 'Renames, re-codes, moves or re-levels a node; moving it under its own descendant is refused.',
  })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async updateBranch(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The node.' }) id: string,
    @Arg('input', { description: 'The changes.' }) input: UpdateBranchInput,
  ): Promise<typeof UpdateBranchResult> {
    return toResult(await this.branchService.update(ctx, id, input));
  }

  @Mutation(() => Branch, { description: 'Switches a node on or off; inactive nodes cannot be chosen for new orders.' })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async setBranchActive(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The node.' }) id: string,
    @Arg('active', { description: 'True switches it on, false off.' }) active: boolean,
  ): Promise<Branch> {
    return toBranch(await this.branchService.setActive(ctx, id, active));
  }

  @FieldResolver(() => Branch, { nullable: true, description: 'The parent node; null at the top.' })
  async parent(@Root() b: Branch, @GqlCtx() ctx: Ctx): Promise<Branch | null> {
    const parent = b.parentId ? await ctx.loaders.branch.load(b.parentId) : null;
    return parent ? toBranch(parent) : null;
  }

  @FieldResolver(() => [Branch], { description: 'Direct child nodes, by name.' })
  async children(@Root() b: Branch, @GqlCtx() ctx: Ctx): Promise<Branch[]> {
    return (await this.branchService.children(ctx, b.id)).map(toBranch);
  }

  @FieldResolver(() => ClientAccount, { description: 'The account the node belongs to.' })
  async account(@Root() b: Branch, @GqlCtx() ctx: Ctx): Promise<ClientAccount> {
    const account = await ctx.loaders.account.load(b.accountId);
    if (!account) throw notFound('Client account', b.accountId);
    return toClientAccount(account);
  }
}

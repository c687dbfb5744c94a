import { Arg, Args, Ctx as GqlCtx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CustomRule, OwnerOnly, Roles, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { pageComplexity } from '../../common/graphql/connection.js';
import { Tariff, toTariff } from '../tariff/tariff.types.js';
import { Role } from '../user/user.entity.js';
import { toUserView } from '../user/user.resolver.js';
import { UserView } from '../user/user.types.js';
import { AccountStatus } from './account.entity.js';
import { AccountsArgs, CreateAccountInput, UpdateAccountInput } from './account.inputs.js';
import type { AccountOutcome, AccountService } from './account.service.js';
import {
  AccountConnection,
  AccountContractor,
  AccountNameTaken,
  AccountUsageView,
  Branch,
  ClientAccount,
  ContractorNotEligible,
  CreateAccountResult,
  PinContractorResult,
  PinningNotAllowed,
  UpdateAccountResult,
  toBranch,
  toClientAccount,
} from './account.types.js';
import type { ContractorPinService, WorkedContractor } from './contractor-pin.service.js';

const DETAILS_RULE = 'staff, accounts:read keys and members of the account; empty or null for others';

function toResult(r: AccountOutcome): ClientAccount | AccountNameTaken {
  if (r.kind === 'saved') return toClientAccount(r.account);
  return Object.assign(new AccountNameTaken(), { name: r.name, existing: toClientAccount(r.existing) });
}

const toAccountContractor = (w: WorkedContractor): AccountContractor =>
  Object.assign(new AccountContractor(), { ...w, contractor: toUserView(w.contractor) });

const ACCOUNT_ID_ARG = {
  nullable: true,
  description: 'The account; clients act for their own and may leave it out, staff must give it.',
} as const;

@Resolver(() => ClientAccount)
export class AccountResolver {
  constructor(
    private readonly accountService: AccountService,
    private readonly pinService: ContractorPinService,
  ) {}

  @Query(() => AccountConnection, { description: 'Client accounts, newest first (staff).', complexity: pageComplexity })
  @Staff(ApiScope.ACCOUNTS_READ)
  async accounts(@GqlCtx() ctx: Ctx, @Args() args: AccountsArgs): Promise<AccountConnection> {
    const page = await this.accountService.list(ctx, args.filter, args.first, args.after);
    return { ...page, nodes: page.nodes.map(toClientAccount) };
  }

  @Query(() => ClientAccount, { description: 'One account: staff see any; a client only its own (others: NOT_FOUND).' })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.ACCOUNTS_READ)
  async account(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The account id.' }) id: string,
  ): Promise<ClientAccount> {
    return toClientAccount(await this.accountService.get(ctx, id));
  }

  @Query(() => ClientAccount, { description: 'The calling client’s own account.' })
  @Roles([Role.CLIENT])
  async myAccount(@GqlCtx() ctx: Ctx): Promise<ClientAccount> {
    return toClientAccount(await this.accountService.mine(ctx));
  }

  @Query(() => [AccountContractor], {
    description:
      'Contractors who worked on the calling client’s orders (R-ACC-5), with pin state; contacts only if the tariff allows.',
  })
  @Roles([Role.CLIENT])
  async myContractors(@GqlCtx() ctx: Ctx): Promise<AccountContractor[]> {
    const account = await this.accountService.mine(ctx);
    return (await this.pinService.worked(ctx, account.id)).map(toAccountContractor);
  }

  @Mutation(() => CreateAccountResult, { description: 'Creates a client account on an active tariff (R-ACC-1).' })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async createAccount(
    @GqlCtx() ctx: Ctx,
    @Arg('input', { description: 'The account.' }) input: CreateAccountInput,
  ): Promise<typeof CreateAccountResult> {
    return toResult(await this.accountService.create(ctx, input));
  }

  @Mutation(() => UpdateAccountResult, { description: 'Changes an account’s name, contact e-mail or time zone.' })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async updateAccount(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The account.' }) id: string,
    @Arg('input', { description: 'The changes.' }) input: UpdateAccountInput,
  ): Promise<typeof UpdateAccountResult> {
    return toResult(await this.accountService.update(ctx, id, input));
  }

  @Mutation(() => ClientAccount, {
    description: 'Switches an account on or off (R-ACC-1); an inactive account cannot create orders.',
  })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async setAccountStatus(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The account.' }) id: string,
    @Arg('status', () => AccountStatus, { description: 'The new status.' }) status: AccountStatus,
  ): Promise<ClientAccount> {
    return toClientAccount(await this.accountService.setStatus(ctx, id, status));
  }

  @Mutation(() => ClientAccount, {
    description:
      'Moves an account to another active tariff (R-BIL-4): the order limit follows at once, invoices from the next period.',
  })
  @OwnerOnly(ApiScope.ACCOUNTS_WRITE)
  async changeAccountTariff(
    @GqlCtx() ctx: Ctx,
    @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string,
    @Arg('tariffId', () => ID, { description: 'An active tariff.' }) tariffId: string,
  ): Promise<ClientAccount> {
    return toClientAccount(await this.accountService.changeTariff(ctx, accountId, tariffId));
  }

  @Mutation(() => PinContractorResult, {
    description:
      'Pins a contractor for an account (R-ACC-4), if the tariff allows; clients only contractors who worked for them. Idempotent.',
  })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.ACCOUNTS_WRITE)
  async pinContractor(
    @GqlCtx() ctx: Ctx,
    @Arg('contractorId', () => ID, { description: 'The contractor.' }) contractorId: string,
    @Arg('accountId', () => ID, ACCOUNT_ID_ARG) accountId?: string,
  ): Promise<typeof PinContractorResult> {
    const r = await this.pinService.pin(ctx, contractorId, accountId ?? undefined);
    if (r.kind === 'pinned') return toClientAccount(r.account);
    if (r.kind === 'pinningNotAllowed')
      return Object.assign(new PinningNotAllowed(), {
        tariffName: r.tariffName,
        message: 'The tariff does not allow pinning contractors; ask your manager about a tariff that does',
      });
    return Object.assign(new ContractorNotEligible(), { reason: `The contractor ${r.reason}` });
  }

  @Mutation(() => ClientAccount, { description: 'Unpins a contractor from an account (R-ACC-4). Idempotent.' })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.ACCOUNTS_WRITE)
  async unpinContractor(
    @GqlCtx() ctx: Ctx,
    @Arg('contractorId', () => ID, { description: 'The contractor.' }) contractorId: string,
    @Arg('accountId', () => ID, ACCOUNT_ID_ARG) accountId?: string,
  ): Promise<ClientAccount> {
    return toClientAccount(await this.pinService.unpin(ctx, contractorId, accountId ?? undefined));
  }

  @FieldResolver(() => String, { nullable: true })
  contactEmail(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): string | null {
    return this.accountService.canSeeDetails(ctx, a.id) ? a.contactEmail : null;
  }

  @FieldResolver(() => Tariff, {
    nullable: true,
    description: 'The tariff in force (R-BIL-4); null for viewers outside the account and staff.',
  })
  @CustomRule(DETAILS_RULE)
  async tariff(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): Promise<Tariff | null> {
    if (!this.accountService.canSeeDetails(ctx, a.id)) return null;
    const tariff = await ctx.loaders.tariff.load(a.tariffId);
    return tariff ? toTariff(tariff) : null;
  }

  @FieldResolver(() => [Branch], {
    description:
      'Every node of the branch tree, flat, by name, with parent ids (R-ACC-2); build the tree from parentId.',
  })
  async branches(
    @Root() a: ClientAccount,
    @GqlCtx() ctx: Ctx,
    @Arg('includeInactive', () => Boolean, { defaultValue: true, description: 'Also list switched-off nodes.' })
    includeInactive: boolean,
  ): Promise<Branch[]> {
    const all = await this.accountService.branches(ctx, a.id);
    return all.filter((b) => includeInactive || b.active).map(toBranch);
  }

  @FieldResolver(() => [Branch], {
    description: 'Top-level nodes of the branch tree, by name; walk down through children.',
  })
  async rootBranches(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): Promise<Branch[]> {
    return (await this.accountService.branches(ctx, a.id)).filter((b) => b.parentId === null).map(toBranch);
  }

  @FieldResolver(() => [UserView], { description: 'The account’s CLIENT members (R-ACC-1); empty for outsiders.' })
  @CustomRule(DETAILS_RULE)
  async members(
    @Root() a: ClientAccount,
    @GqlCtx() ctx: Ctx,
    @Arg('includeInactive', () => Boolean, { defaultValue: false, description: 'Also list deactivated members.' })
    includeInactive: boolean,
  ): Promise<UserView[]> {
    if (!this.accountService.canSeeDetails(ctx, a.id)) return [];
    const members = await this.accountService.members(ctx, a.id);
    return members.filter((u) => includeInactive || u.active).map(toUserView);
  }

  @FieldResolver(() => [UserView], { description: 'Contractors the account pinned (R-ACC-4); empty for outsiders.' })
  @CustomRule(DETAILS_RULE)
  async pinnedContractors(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): Promise<UserView[]> {
    if (!this.accountService.canSeeDetails(ctx, a.id)) return [];
    return (await this.pinService.pinned(ctx, a.id)).map(toUserView);
  }

  @FieldResolver(() => [AccountContractor], {
    description: 'Contractors who worked on the account’s orders (R-ACC-5); empty for outsiders.',
  })
  @CustomRule(DETAILS_RULE)
  async workedContractors(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): Promise<AccountContractor[]> {
    if (!this.accountService.canSeeDetails(ctx, a.id)) return [];
    return (await this.pinService.worked(ctx, a.id)).map(toAccountContractor);
  }

  @FieldResolver(() => AccountUsageView, {
    nullable: true,
    description: 'Use of the tariff in the current billing period (R-ACC-3, R-BIL-1); null for outsiders.',
  })
  @CustomRule(DETAILS_RULE)
  async usage(@Root() a: ClientAccount, @GqlCtx() ctx: Ctx): Promise<AccountUsageView | null> {
    if (!this.accountService.canSeeDetails(ctx, a.id)) return null;
    const usage = await this.accountService.usage(ctx, a.id);
    return usage ? Object.assign(new AccountUsageView(), usage) : null;
  }
}

import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { CustomRule, VisibleWithParent } from '../../common/auth/access.js';
import { Connection } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { UserView } from '../user/user.types.js';
import { AccountStatus, BranchKind, type BranchEntity, type ClientAccountEntity } from './account.entity.js';

registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether a client account may order help (R-ACC-1).',
  valuesConfig: {
    ACTIVE: { description: 'Members may create orders.' },
    INACTIVE: { description: 'Switched off: members cannot create orders; history stays.' },
  },
});

registerEnumType(BranchKind, {
  name: 'BranchKind',
  description: 'The level of a branch-tree node: zone → branch → department (R-ACC-2).',
  valuesConfig: {
    ZONE: { description: 'Top level: a region or group of branches.' },
    BRANCH: { description: 'A branch or office; may sit under a zone or at the top.' },
    DEPARTMENT: { description: 'A department; may sit under a branch or a zone, or at the top.' },
  },
});

/** A client account as the API shows it; relations resolve in AccountResolver. */
@ObjectType('ClientAccount', { description: 'A client: a company, an office or one person (R-ACC-1).' })
@VisibleWithParent()
export class ClientAccount {
  @Field(() => ID, { description: 'Account id.' })
  id: string;

  @Field({ description: 'Account name.' })
  name: string;

  @Field(() => AccountStatus, { description: 'Active or switched off.' })
  status: AccountStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Contact e-mail for invoices and notices (staff, account-reading keys and members; null for others).',
  })
  @CustomRule('staff, accounts:read keys and members of the account; null for others')
  contactEmail: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone in which times are shown to the account’s members (R-SLA-6); null means the system TIMEZONE.',
  })
  timeZone: string | null;

  @Field(() => DateTimeISO, { description: 'When the account was created.' })
  createdAt: Date;

  /** Not exposed directly: resolved through loaders. */
  tariffId: string;
}

/** A node of an account's branch tree; relations resolve in BranchResolver. */
@ObjectType('Branch', { description: 'A node of a client account’s tree: zone → branch → department (R-ACC-2).' })
@VisibleWithParent()
export class Branch {
  @Field(() => ID, { description: 'Branch id.' })
  id: string;

  @Field({ description: 'Name of the zone, branch or department.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Optional short code, unique within the account.' })
  code: string | null;

  @Field(() => BranchKind, { description: 'Level in the tree.' })
  kind: BranchKind;

  @Field(() => String, { nullable: true, description: 'Postal address, if any.' })
  address: string | null;

  @Field({ description: 'False once switched off; inactive branches cannot be chosen for new orders.' })
  active: boolean;

  @Field(() => ID, { nullable: true, description: 'Id of the parent node; null at the top.' })
  parentId: string | null;

  @Field(() => DateTimeISO, { description: 'When the node was created.' })
  createdAt: Date;

  /** Not exposed directly. */
  accountId: string;
}

/** Wraps an entity as the GraphQL ClientAccount type. */
export const toClientAccount = (e: ClientAccountEntity): ClientAccount => Object.assign(new ClientAccount(), e);

/** Wraps an entity as the GraphQL Branch type. */
export const toBranch = (e: BranchEntity): Branch => Object.assign(new Branch(), e);

@ObjectType({ description: 'A page of client accounts.' })
export class AccountConnection extends Connection(ClientAccount, 'ClientAccountPage', 'client accounts') {}

@ObjectType({ description: 'Another account already has this name (case-insensitive); nothing was changed.' })
@VisibleWithParent()
export class AccountNameTaken {
  @Field({ description: 'The name asked for.' })
  name: string;

  @Field(() => ClientAccount, { description: 'The account that has it.' })
  existing: ClientAccount;
}

@ObjectType({ description: 'Another node of the account already has this code; nothing was changed.' })
@VisibleWithParent()
export class BranchCodeTaken {
  @Field({ description: 'The code asked for (named apart from Branch.code, which is nullable).' })
  takenCode: string;

  @Field(() => Branch, { description: 'The node that has it.' })
  existing: Branch;
}

@ObjectType({
  description: 'The node cannot be placed there: levels go zone → branch → department, in one account, without cycles.',
})
@VisibleWithParent()
export class InvalidBranchParent {
  @Field({ description: 'Why, e.g. "a BRANCH cannot sit under a DEPARTMENT".' })
  reason: string;
}

@ObjectType({ description: 'The account’s tariff does not allow pinning contractors (R-ACC-4); nothing was changed.' })
@VisibleWithParent()
export class PinningNotAllowed {
  @Field({ description: 'The tariff’s name.' })
  tariffName: string;

  @Field({ description: 'What to do instead.' })
  message: string;
}

@ObjectType({ description: 'This person cannot be pinned by the account (R-ACC-4); nothing was changed.' })
@VisibleWithParent()
export class ContractorNotEligible {
  @Field({ description: 'Why, e.g. "has not worked on this account’s orders".' })
  reason: string;
}

@ObjectType('AccountContractor', {
  description: 'A contractor who worked on an account’s orders (R-ACC-5); contacts per the account’s tariff.',
})
@VisibleWithParent()
export class AccountContractor {
  @Field(() => UserView, {
    description: 'The contractor; last name, @username and Telegram id only when the tariff shows contacts.',
  })
  contractor: UserView;

  @Field({ description: 'True when the account pinned this contractor (R-ACC-4).' })
  pinned: boolean;

  @Field(() => Int, { description: 'The account’s orders this contractor closed.' })
  ordersDone: number;

  @Field(() => Int, { description: 'The account’s orders this contractor holds now.' })
  ordersInProgress: number;

  @Field(() => DateTimeISO, { description: 'When the contractor last took or closed one of the account’s orders.' })
  lastWorkedAt: Date;
}

export const CreateAccountResult = createUnionType({
  name: 'CreateAccountResult',
  description: 'The new account, or why it could not be created.',
  types: () => [ClientAccount, AccountNameTaken] as const,
});

export const UpdateAccountResult = createUnionType({
  name: 'UpdateAccountResult',
  description: 'The changed account, or why the change was refused.',
  types: () => [ClientAccount, AccountNameTaken] as const,
});

export const CreateBranchResult = createUnionType({
  name: 'CreateBranchResult',
  description: 'The new node, or why it could not be added.',
  types: () => [Branch, BranchCodeTaken, InvalidBranchParent] as const,
});

export const UpdateBranchResult = createUnionType({
  name: 'UpdateBranchResult',
  description: 'The changed node, or why the change was refused.',
  types: () => [Branch, BranchCodeTaken, InvalidBranchParent] as const,
});

export const PinContractorResult = createUnionType({
  name: 'PinContractorResult',
  description: 'The account with its pinned contractors, or why the contractor could not be pinned.',
  types: () => [ClientAccount, PinningNotAllowed, ContractorNotEligible] as const,
});

@ObjectType('AccountUsage', {
  description: 'An account’s use of its tariff in the current billing period (R-ACC-3, R-BIL-1).',
})
@VisibleWithParent()
export class AccountUsageView {
  @Field(() => DateTimeISO, { description: 'Start of the current billing period (inclusive).' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the current billing period (exclusive).' })
  periodEnd: Date;

  @Field(() => Int, { description: 'Non-cancelled orders created in this period.' })
  used: number;

  @Field(() => Int, { nullable: true, description: 'Orders per period the tariff allows; null means unlimited.' })
  allowed: number | null;

  @Field(() => Int, { description: 'Orders open now (NEW or IN_PROGRESS).' })
  open: number;

  @Field(() => Int, { description: 'Open orders allowed at once (MAX_OPEN_ORDERS_PER_CLIENT).' })
  maxOpen: number;
}

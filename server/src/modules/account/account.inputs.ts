import { MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/graphql/connection.js';
import { AccountStatus, BranchKind } from './account.entity.js';

@InputType({ description: 'A new client account (R-ACC-1).' })
export class CreateAccountInput {
  @Field({ description: 'Name, 1–200 characters, unique (case-insensitive).' })
  @MaxLength(200)
  name: string;

  @Field(() => ID, { description: 'An active tariff.' })
  tariffId: string;

  @Field(() => String, { nullable: true, description: 'Contact e-mail for invoices and notices.' })
  @MaxLength(254)
  contactEmail?: string;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone (e.g. Asia/Yekaterinburg); the system TIMEZONE when absent.',
  })
  @MaxLength(64)
  timeZone?: string;
}

@InputType({ description: 'Changes to an account; absent fields stay as they are.' })
export class UpdateAccountInput {
  @Field(() => String, { nullable: true, description: 'Name, 1–200 characters.' })
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true, description: 'Contact e-mail; an empty string removes it.' })
  @MaxLength(254)
  contactEmail?: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone; an empty string removes it.' })
  @MaxLength(64)
  timeZone?: string;
}

@InputType({ description: 'Which accounts to list.' })
export class AccountFilter {
  @Field(() => AccountStatus, { nullable: true, description: 'Only accounts in this status.' })
  status?: AccountStatus;

  @Field(() => ID, { nullable: true, description: 'Only accounts on this tariff.' })
  tariffId?: string;

  @Field(() => String, { nullable: true, description: 'Text in the name (case-insensitive).' })
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class AccountsArgs extends PageArgs {
  @Field(() => AccountFilter, { nullable: true, description: 'Filter; all accounts when absent.' })
  filter?: AccountFilter;
}

@InputType({ description: 'A new node of an account’s branch tree (R-ACC-2).' })
export class CreateBranchInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Parent node of the same account, of a higher level; absent for a top-level node.',
  })
  parentId?: string;

  @Field(() => BranchKind, { description: 'Level: ZONE, BRANCH or DEPARTMENT.' })
  kind: BranchKind;

  @Field({ description: 'Name, 1–200 characters.' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'Short code, 1–32 characters, unique within the account.' })
  @MaxLength(32)
  code?: string;

  @Field(() => String, { nullable: true, description: 'Postal address, up to 500 characters.' })
  @MaxLength(500)
  address?: string;
}

@InputType({ description: 'Changes to a branch-tree node; absent fields stay as they are.' })
export class UpdateBranchInput {
  @Field(() => ID, { nullable: true, description: 'Move under this node (same account, higher level).' })
  parentId?: string;

  @Field(() => Boolean, { nullable: true, description: 'True moves the node to the top of the tree.' })
  moveToTop?: boolean;

  @Field(() => BranchKind, { nullable: true, description: 'A new level; its children must stay below it.' })
  kind?: BranchKind;

  @Field(() => String, { nullable: true, description: 'Name, 1–200 characters.' })
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true, description: 'Short code (1–32); an empty string removes it.' })
  @MaxLength(32)
  code?: string;

  @Field(() => String, { nullable: true, description: 'Postal address (≤ 500); an empty string removes it.' })
  @MaxLength(500)
  address?: string;
}

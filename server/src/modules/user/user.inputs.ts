import { IsEmail, IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/graphql/connection.js';
import { Language, Role } from './user.entity.js';
import { MAX_CONTRACTOR_CATEGORIES } from './user.rules.js';

const USERNAME_RULE = {
  message: 'username must be 5–32 latin letters, digits or underscores, optionally starting with @',
};

@InputType({ description: 'A user to add: pre-registered by @username and/or Telegram id (R-USR-1).' })
export class AddUserInput {
  @Field(() => Role, { description: 'The role of the new user.' })
  role: Role;

  @Field(() => String, { nullable: true, description: 'Telegram @username (5–32 latin letters, digits, underscores).' })
  @Matches(/^@?[A-Za-z0-9_]{5,32}$/, USERNAME_RULE)
  username?: string;

  @Field(() => String, { nullable: true, description: 'Telegram user id, when known.' })
  @Matches(/^[1-9][0-9]{0,15}$/, { message: 'telegramId must be a positive whole number of up to 16 digits' })
  telegramId?: string;

  @Field(() => String, { nullable: true, description: 'First name to show until the person writes to the bot.' })
  @MaxLength(64)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  @MaxLength(64)
  lastName?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'CLIENT only, required: the client account the user is a member of.',
  })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'CLIENT only: the member’s own branch in that account (R-ACC-2).' })
  branchId?: string;

  @Field(() => Language, { nullable: true, description: 'Interface language; Russian by default.' })
  language?: Language;

  @Field(() => String, { nullable: true, description: 'E-mail address for notifications.' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}

@InputType({ description: 'Changes to a user; absent fields stay as they are.' })
export class UpdateUserInput {
  @Field(() => Role, { nullable: true, description: 'A new role (one role per user, R-USR-2).' })
  role?: Role;

  @Field(() => String, { nullable: true, description: 'A corrected @username.' })
  @Matches(/^@?[A-Za-z0-9_]{5,32}$/, USERNAME_RULE)
  username?: string;

  @Field(() => String, { nullable: true, description: 'First name.' })
  @MaxLength(64)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  @MaxLength(64)
  lastName?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'CLIENT: the client account (required when the role becomes CLIENT).',
  })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'CLIENT: the member’s branch in the account.' })
  branchId?: string;

  @Field(() => Boolean, { nullable: true, description: 'CLIENT: true removes the member’s branch.' })
  clearBranch?: boolean;

  @Field(() => String, { nullable: true, description: 'E-mail address; an empty string removes it.' })
  @MaxLength(254)
  email?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Send this user’s notifications by e-mail too (needs an address); false stops them.',
  })
  emailNotifications?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'CONTRACTOR: own limit of orders in work at once (1..1000); 0 removes it.',
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  maxActiveOrders?: number;

  @Field(() => [ID], {
    nullable: true,
    description: `CONTRACTOR: the categories served, at most ${MAX_CONTRACTOR_CATEGORIES} ids (repeats count once); an empty list means all (R-ORD-3). A longer list is BAD_USER_INPUT with extensions max.`,
  })
  categoryIds?: string[];
}

@InputType({ description: 'Which users to list.' })
export class UserFilter {
  @Field(() => [Role], { nullable: true, description: 'Only these roles.' })
  roles?: Role[];

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or only deactivated (false) users.' })
  active?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only members of this client account.' })
  accountId?: string;

  @Field(() => String, { nullable: true, description: 'Text in the username or name (case-insensitive).' })
  @MaxLength(100)
  search?: string;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => UserFilter, { nullable: true, description: 'Filter; all users when absent.' })
  filter?: UserFilter;
}

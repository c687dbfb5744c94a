import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { CustomRule, VisibleWithParent } from '../../common/auth/access.js';
import { SameForEveryone } from '../../common/graphql/same-for-everyone.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { Language, Role } from './user.entity.js';

registerEnumType(Role, {
  name: 'Role',
  description: 'A user’s one role (R-USR-2). OWNER can do everything MANAGER can.',
  valuesConfig: {
    CLIENT: { description: 'A member of a client account who orders help.' },
    CONTRACTOR: { description: 'An executor who takes and does orders.' },
    MANAGER: { description: 'Watches the flow, is warned about stalled orders, assigns and cancels.' },
    OWNER: { description: 'Runs the business: users, tariffs, settings, billing, reports, API keys.' },
  },
});

registerEnumType(Language, {
  name: 'Language',
  description: 'Interface language of a user.',
  valuesConfig: { RU: { description: 'Russian (default).' }, EN: { description: 'English.' } },
});

/**
 * A user as the API shows it; contact fields are filled only for viewers allowed to see them. The fields read as
 * stored, whoever asks, are marked the same for everyone (shared subscription executions); the contact fields
 * and `displayName` are not.
 */
@ObjectType('User', { description: 'A person known to ITSupport, keyed by an internal id (R-USR-4).' })
@VisibleWithParent()
export class UserView {
  @SameForEveryone()
  @Field(() => ID, { description: 'Internal id; stays the same when the Telegram username changes.' })
  id: string;

  @SameForEveryone()
  @Field(() => Role, { description: 'The user’s role.' })
  role: Role;

  @SameForEveryone()
  @Field({ description: 'False once deactivated (users are never deleted, R-USR-3).' })
  active: boolean;

  @SameForEveryone()
  @Field(() => String, { nullable: true, description: 'First name as Telegram reports it.' })
  firstName: string | null;

  @Field({ description: 'A name to show: first and last name, else @username.' })
  displayName: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Last name. Shown to staff, the user, colleagues, and to clients whose tariff allows contractor contacts (R-ACC-5).',
  })
  @CustomRule(
    'contact fields: staff, self, same account, a contractor viewing a client, a client whose tariff shows contacts',
  )
  lastName: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Telegram @username without the @ (same visibility as lastName).',
  })
  @CustomRule('contact fields: as lastName')
  username: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Telegram user id; null until the person first writes to the bot (same visibility as lastName).',
  })
  @CustomRule('contact fields: as lastName')
  telegramId: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address (staff and the user only).' })
  @CustomRule('staff and self only')
  email: string | null;

  @Field(() => Boolean, {
    description:
      'Notifications also go by e-mail to `email` (PRODUCT.md §6); false for viewers who may not see the address.',
  })
  @CustomRule('staff and self only; false for others')
  emailNotifications: boolean;

  @SameForEveryone()
  @Field(() => Language, { description: 'Interface language in the bot and the admin panel.' })
  language: Language;

  @SameForEveryone()
  @Field(() => Int, {
    nullable: true,
    description: 'Contractors: own limit of orders in work at once; null means MAX_ACTIVE_ORDERS_PER_CONTRACTOR.',
  })
  maxActiveOrders: number | null;

  @SameForEveryone()
  @Field(() => DateTimeISO, { description: 'When the user was added.' })
  createdAt: Date;

  @SameForEveryone()
  @Field(() => DateTimeISO, { nullable: true, description: 'When the user was deactivated; null while active.' })
  deactivatedAt: Date | null;

  /** Not exposed directly: relations resolve through loaders. */
  accountId: string | null;
  branchId: string | null;
  hasPassword: boolean;
}

@ObjectType({ description: 'The Telegram person the bot acts for is not registered, or is deactivated (R-USR-1).' })
@VisibleWithParent()
export class UnknownPerson {
  @Field({ description: 'The Telegram user id the bot named.' })
  telegramId: string;

  @Field({ description: 'True when a user exists but is deactivated; false when nobody is registered.' })
  deactivated: boolean;

  @Field({ description: 'Whom to contact to get access, for a polite refusal.' })
  contactHint: string;
}

@ObjectType({ description: 'No one is signed in.' })
@VisibleWithParent()
export class Anonymous {
  @Field({ description: 'Always true; lets a client tell this case apart.' })
  anonymous: boolean;
}

@ObjectType({ description: 'The caller is an integration using an API key.' })
@VisibleWithParent()
export class IntegrationCaller {
  @Field(() => ID, { description: 'The API key id.' })
  apiKeyId: string;

  @Field(() => [String], { description: 'The scopes the key holds.' })
  scopes: string[];
}

@ObjectType({ description: 'The bot service itself, acting for no user.' })
@VisibleWithParent()
export class BotService {
  @Field({ description: 'Always true.' })
  bot: boolean;
}

export const Viewer = createUnionType({
  name: 'Viewer',
  description:
    'Who is calling: a known user, an unknown or deactivated Telegram person, an integration, the bot, or nobody.',
  types: () => [UserView, UnknownPerson, IntegrationCaller, BotService, Anonymous] as const,
});

@ObjectType({ description: 'The @username is already used by another user; nothing was changed.' })
@VisibleWithParent()
export class UsernameTaken {
  @Field({ description: 'The username asked for (named apart from User.username so both can be selected together).' })
  takenUsername: string;

  @Field(() => UserView, { description: 'The user who has it. If deactivated, reactivate them instead.' })
  existing: UserView;
}

@ObjectType({ description: 'The Telegram id is already used by another user; nothing was changed.' })
@VisibleWithParent()
export class TelegramIdTaken {
  @Field({ description: 'The Telegram id asked for.' })
  takenTelegramId: string;

  @Field(() => UserView, { description: 'The user who has it.' })
  existing: UserView;
}

@ObjectType({ description: 'The user is already in the requested state; nothing was changed.' })
@VisibleWithParent()
export class UserStateUnchanged {
  @Field(() => UserView, { description: 'The user as it is.' })
  user: UserView;

  @Field({ description: 'Why nothing changed, e.g. "already active".' })
  message: string;
}

@ObjectType({
  description:
    'The change would leave no active owner: this is the last one (deactivating or demoting them); make another user an owner first.',
})
@VisibleWithParent()
export class OwnerRequired {
  @Field({ description: 'What to do instead.' })
  message: string;
}

@ObjectType({
  description: 'Nobody deactivates themselves (they would lock themselves out): another owner has to; nothing changed.',
})
@VisibleWithParent()
export class CannotDeactivateSelf {
  @Field({ description: 'What to do instead.' })
  message: string;
}

@ObjectType({ description: 'A user was deactivated (R-USR-3).' })
@VisibleWithParent()
export class UserDeactivated {
  @Field(() => UserView, { description: 'The deactivated user.' })
  user: UserView;

  @Field(() => Int, {
    description: 'Orders in work that returned to NEW because their contractor was deactivated (R-ORD-7).',
  })
  releasedOrders: number;
}

export const AddUserResult = createUnionType({
  name: 'AddUserResult',
  description: 'The new user, or why it could not be added.',
  types: () => [UserView, UsernameTaken, TelegramIdTaken] as const,
});

export const UpdateUserResult = createUnionType({
  name: 'UpdateUserResult',
  description: 'The changed user, or why the change was refused.',
  types: () => [UserView, UsernameTaken, OwnerRequired] as const,
});

export const DeactivateUserResult = createUnionType({
  name: 'DeactivateUserResult',
  description: 'The deactivated user, or why nothing changed.',
  types: () => [UserDeactivated, UserStateUnchanged, OwnerRequired, CannotDeactivateSelf] as const,
});

export const ReactivateUserResult = createUnionType({
  name: 'ReactivateUserResult',
  description: 'The reactivated user, or why nothing changed.',
  types: () => [UserView, UserStateUnchanged] as const,
});

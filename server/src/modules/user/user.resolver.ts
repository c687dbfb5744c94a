import { Arg, Args, Ctx as GqlCtx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AnyCaller, CustomRule, OwnerOnly, Public, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { Connection, pageComplexity } from '../../common/graphql/connection.js';
import { Language, Role, type UserEntity } from './user.entity.js';
import { AddUserInput, UpdateUserInput, UsersArgs } from './user.inputs.js';
import { displayName } from './user.rules.js';
import type { UserService } from './user.service.js';
import { canSeeContacts, canSeeEmail } from './user-visibility.js';
import {
  AddUserResult,
  Anonymous,
  BotService,
  DeactivateUserResult,
  IntegrationCaller,
  CannotDeactivateSelf,
  OwnerRequired,
  ReactivateUserResult,
  UnknownPerson,
  UpdateUserResult,
  UserDeactivated,
  UserStateUnchanged,
  UsernameTaken,
  TelegramIdTaken,
  UserView,
  Viewer,
} from './user.types.js';

@ObjectType({ description: 'A page of users.' })
export class UserConnection extends Connection(UserView, 'UserPage', 'users') {}

/** Wraps an entity as the GraphQL User type. */
export const toUserView = (u: UserEntity): UserView =>
  Object.assign(new UserView(), { ...u, passwordHash: undefined, hasPassword: Boolean(u.passwordHash) });

/** Whom strangers are told to contact (R-USR-1). */
export const CONTACT_HINT = 'Ask your company’s ITSupport manager or owner to add your Telegram @username.';

@Resolver(() => UserView)
export class UserResolver {
  constructor(private readonly userService: UserService) {}

  @Query(() => Viewer, {
    description: 'Who is calling. The bot uses it to greet a user or refuse a stranger politely.',
  })
  @Public()
  viewer(@GqlCtx() ctx: Ctx): typeof Viewer {
    const p = ctx.principal;
    switch (p.kind) {
      case 'user':
        return toUserView(p.user);
      case 'stranger':
        return Object.assign(new UnknownPerson(), {
          telegramId: p.telegram.id,
          deactivated: p.deactivated,
          contactHint: CONTACT_HINT,
        });
      case 'apiKey':
        return Object.assign(new IntegrationCaller(), { apiKeyId: p.apiKeyId, scopes: [...p.scopes] });
      case 'bot':
        return Object.assign(new BotService(), { bot: true });
      case 'anonymous':
        return Object.assign(new Anonymous(), { anonymous: true });
    }
  }

  @Query(() => UserConnection, {
    description: 'Users of every role, newest first (staff).',
    complexity: pageComplexity,
  })
  @Staff(ApiScope.USERS_READ)
  async users(@GqlCtx() ctx: Ctx, @Args() args: UsersArgs): Promise<UserConnection> {
    const page = await this.userService.list(ctx, args.filter, args.first, args.after);
    return { ...page, nodes: page.nodes.map(toUserView) };
  }

  @Query(() => UserView, { description: 'One user. Staff see anyone; others themselves and members of their account.' })
  @AnyCaller()
  async user(@GqlCtx() ctx: Ctx, @Arg('id', () => ID, { description: 'The user id.' }) id: string): Promise<UserView> {
    return toUserView(await this.userService.get(ctx, id));
  }

  @Mutation(() => AddUserResult, { description: 'Adds a user of any role by @username and/or Telegram id (R-USR-1).' })
  @OwnerOnly(ApiScope.USERS_WRITE)
  async addUser(
    @GqlCtx() ctx: Ctx,
    @Arg('input', { description: 'The user to add.' }) input: AddUserInput,
  ): Promise<typeof AddUserResult> {
    const r = await this.userService.add(ctx, input);
    if (r.kind === 'added') return toUserView(r.user);
    if (r.kind === 'usernameTaken')
      return Object.assign(new UsernameTaken(), { takenUsername: r.username, existing: toUserView(r.existing) });
    return Object.assign(new TelegramIdTaken(), { takenTelegramId: r.telegramId, existing: toUserView(r.existing) });
  }

  @Mutation(() => UpdateUserResult, {
    description: 'Changes a user’s role, names, membership, capacity or categories.',
  })
  @OwnerOnly(ApiScope.USERS_WRITE)
  async updateUser(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The user to change.' }) id: string,
    @Arg('input', { description: 'The changes.' }) input: UpdateUserInput,
  ): Promise<typeof UpdateUserResult> {
    const r = await this.userService.update(ctx, id, input);
    if (r.kind === 'updated') return toUserView(r.user);
    if (r.kind === 'usernameTaken')
      return Object.assign(new UsernameTaken(), { takenUsername: r.username, existing: toUserView(r.existing) });
    return Object.assign(new OwnerRequired(), { message: r.message });
  }

  @Mutation(() => DeactivateUserResult, {
    description: 'Deactivates a user (never deletes, R-USR-3); a contractor’s orders in work return to NEW (R-ORD-7).',
  })
  @OwnerOnly(ApiScope.USERS_WRITE)
  async deactivateUser(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The user.' }) id: string,
  ): Promise<typeof DeactivateUserResult> {
    const r = await this.userService.deactivate(ctx, id);
    if (r.kind === 'deactivated')
      return Object.assign(new UserDeactivated(), { user: toUserView(r.user), releasedOrders: r.releasedOrders });
    if (r.kind === 'unchanged')
      return Object.assign(new UserStateUnchanged(), { user: toUserView(r.user), message: r.message });
    if (r.kind === 'self') return Object.assign(new CannotDeactivateSelf(), { message: r.message });
    return Object.assign(new OwnerRequired(), { message: r.message });
  }

  @Mutation(() => ReactivateUserResult, { description: 'Reactivates a deactivated user (R-USR-3).' })
  @OwnerOnly(ApiScope.USERS_WRITE)
  async reactivateUser(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The user.' }) id: string,
  ): Promise<typeof ReactivateUserResult> {
    const r = await this.userService.reactivate(ctx, id);
    if (r.kind === 'reactivated') return toUserView(r.user);
    return Object.assign(new UserStateUnchanged(), { user: toUserView(r.user), message: r.message });
  }

  @Mutation(() => UserView, { description: 'Sets the caller’s own interface language.' })
  @AnyCaller()
  async setMyLanguage(
    @GqlCtx() ctx: Ctx,
    @Arg('language', () => Language, { description: 'The language.' }) language: Language,
  ): Promise<UserView> {
    return toUserView(await this.userService.setOwnLanguage(ctx, language));
  }

  @Mutation(() => UserView, {
    description:
      'Turns the caller’s own e-mail notifications on or off (PRODUCT.md §6), optionally setting the address they go to.',
  })
  @AnyCaller()
  async setMyEmailNotifications(
    @GqlCtx() ctx: Ctx,
    @Arg('enabled', () => Boolean, { description: 'True: notifications also go by e-mail.' }) enabled: boolean,
    @Arg('email', () => String, {
      nullable: true,
      description: 'The address to use (absent: keep the current one; empty: remove it).',
    })
    email?: string | null,
  ): Promise<UserView> {
    return toUserView(await this.userService.setOwnEmailNotifications(ctx, enabled, email ?? undefined));
  }

  @FieldResolver(() => String, {
    description:
      'A name to show: first and last name, else @username; only the first name for viewers who may not see contacts (R-ACC-5).',
  })
  async displayName(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<string> {
    if (await canSeeContacts(ctx, u as unknown as UserEntity)) return displayName(u);
    // R-ACC-5: without contact rights a person is shown by first name only.
    return u.firstName?.trim() || (u.role === Role.CONTRACTOR ? 'Contractor' : 'User');
  }

  @FieldResolver(() => String, { nullable: true })
  async lastName(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await canSeeContacts(ctx, u as unknown as UserEntity)) ? u.lastName : null;
  }

  @FieldResolver(() => String, { nullable: true })
  async username(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await canSeeContacts(ctx, u as unknown as UserEntity)) ? u.username : null;
  }

  @FieldResolver(() => String, { nullable: true })
  async telegramId(@Root() u: UserView, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await canSeeContacts(ctx, u as unknown as UserEntity)) ? u.telegramId : null;
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() u: UserView, @GqlCtx() ctx: Ctx): string | null {
    return canSeeEmail(ctx, u as unknown as UserEntity) ? u.email : null;
  }

  @FieldResolver(() => Boolean)
  emailNotifications(@Root() u: UserView, @GqlCtx() ctx: Ctx): boolean {
    return canSeeEmail(ctx, u as unknown as UserEntity) ? u.emailNotifications : false;
  }

  @FieldResolver(() => Boolean, {
    description: 'True when the user can sign in to the admin panel with a password (staff only).',
  })
  @CustomRule('staff and self only; false for others')
  hasPassword(@Root() u: UserView, @GqlCtx() ctx: Ctx): boolean {
    return canSeeEmail(ctx, u as unknown as UserEntity) ? u.hasPassword : false;
  }
}

import { Arg, Ctx as GqlCtx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Public, Staff } from '../../common/auth/access.js';
import type { Ctx } from '../../common/context.js';
import { toUserView } from '../user/user.resolver.js';
import type { AuthService, NewSession } from './auth.service.js';
import {
  InvalidCredentials,
  LoginLink,
  LoginLinkInvalid,
  Session,
  SetMyPasswordResult,
  SignInResult,
  SignInWithLinkResult,
  TooManyAttempts,
  WebSessionView,
} from './auth.types.js';

const toSession = (s: NewSession) =>
  Object.assign(new Session(), { token: s.token, expiresAt: s.expiresAt, user: toUserView(s.user) });

const invalidCredentials = () => Object.assign(new InvalidCredentials(), { message: 'Wrong username or password.' });

@Resolver()
export class AuthResolver {
  constructor(private readonly authService: AuthService) {}

  @Mutation(() => LoginLink, {
    description:
      'A one-time admin panel link for the owner or manager the bot acts for; valid once, for LOGIN_LINK_TTL_MINUTES.',
  })
  @Staff()
  async createLoginLink(@GqlCtx() ctx: Ctx): Promise<LoginLink> {
    return Object.assign(new LoginLink(), await this.authService.createLoginLink(ctx));
  }

  @Mutation(() => SignInWithLinkResult, {
    description: 'Signs in with a one-time login link; also sets the session cookie.',
  })
  @Public()
  async signInWithLink(
    @GqlCtx() ctx: Ctx,
    @Arg('token', { description: 'The token from the link (`itsl_…`).' }) token: string,
  ): Promise<typeof SignInWithLinkResult> {
    const r = await this.authService.signInWithLink(ctx, token);
    return r.kind === 'session' ? toSession(r) : Object.assign(new LoginLinkInvalid(), { reason: r.reason });
  }

  @Mutation(() => SignInResult, {
    description: 'Signs an owner or manager in with username and password; also sets the session cookie.',
  })
  @Public()
  async signIn(
    @GqlCtx() ctx: Ctx,
    @Arg('username', { description: 'Telegram @username (the @ is optional).' }) username: string,
    @Arg('password', { description: 'The password (at most 200 characters).' }) password: string,
  ): Promise<typeof SignInResult> {
    const r = await this.authService.signIn(ctx, username, password);
    if (r.kind === 'session') return toSession(r);
    if (r.kind === 'tooManyAttempts')
      return Object.assign(new TooManyAttempts(), { retryAfterSeconds: r.retryAfterSeconds });
    return invalidCredentials();
  }

  @Mutation(() => Boolean, {
    description: 'Ends the current web session and clears the session cookie; true if a session was ended.',
  })
  @Public()
  async signOut(@GqlCtx() ctx: Ctx): Promise<boolean> {
    return this.authService.signOut(ctx);
  }

  @Query(() => [WebSessionView], { description: 'The caller’s own active web sessions (owners and managers).' })
  @Staff()
  async mySessions(@GqlCtx() ctx: Ctx): Promise<WebSessionView[]> {
    const current = ctx.principal.kind === 'user' ? ctx.principal.sessionId : undefined;
    return (await this.authService.mySessions(ctx)).map((s) =>
      Object.assign(new WebSessionView(), {
        id: s.id,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastSeenAt: s.lastSeenAt,
        current: s.id === current,
      }),
    );
  }

  @Mutation(() => Boolean, { description: 'Ends one of the caller’s own web sessions; true if it was active.' })
  @Staff()
  async revokeSession(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The session id.' }) id: string,
  ): Promise<boolean> {
    return this.authService.revokeSession(ctx, id);
  }

  @Mutation(() => SetMyPasswordResult, {
    description:
      'Sets the caller’s own admin panel password (10–200 characters). Over a web session the current password is required once one is set; other sessions are ended.',
  })
  @Staff()
  async setMyPassword(
    @GqlCtx() ctx: Ctx,
    @Arg('newPassword', { description: 'The new password, 10 to 200 characters.' }) newPassword: string,
    @Arg('currentPassword', () => String, {
      nullable: true,
      description: 'The current password (required over a web session when one is set).',
    })
    currentPassword?: string,
  ): Promise<typeof SetMyPasswordResult> {
    const r = await this.authService.setMyPassword(ctx, currentPassword ?? undefined, newPassword);
    return r.kind === 'changed' ? toUserView(r.user) : invalidCredentials();
  }
}

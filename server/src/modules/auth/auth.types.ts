import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { UserView } from '../user/user.types.js';

export enum LoginLinkInvalidReason {
  EXPIRED = 'EXPIRED',
  USED = 'USED',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(LoginLinkInvalidReason, {
  name: 'LoginLinkInvalidReason',
  description: 'Why a one-time login link did not sign anybody in.',
  valuesConfig: {
    EXPIRED: { description: 'The link is older than its lifetime; ask the bot for a new one.' },
    USED: { description: 'The link was already used once; ask the bot for a new one.' },
    UNKNOWN: { description: 'No such link, or its user may no longer sign in.' },
  },
});

@ObjectType({ description: 'A one-time link into the admin panel, for an owner or manager (sent by the bot).' })
@VisibleWithParent()
export class LoginLink {
  @Field({ description: 'The admin panel address that signs in; valid once.' })
  url: string;

  @Field(() => DateTimeISO, { description: 'When the link stops working.' })
  expiresAt: Date;
}

@ObjectType({ description: 'A web session of an owner or manager.' })
@VisibleWithParent()
export class Session {
  @Field({
    description:
      'The session token, shown only now. Send it as `Authorization: Bearer …`; browsers also get it as an httpOnly cookie.',
  })
  token: string;

  @Field(() => DateTimeISO, { description: 'When the session ends.' })
  expiresAt: Date;

  @Field(() => UserView, { description: 'The signed-in user.' })
  user: UserView;
}

@ObjectType({ description: 'The login link cannot be used; nobody was signed in.' })
@VisibleWithParent()
export class LoginLinkInvalid {
  @Field(() => LoginLinkInvalidReason, { description: 'Why.' })
  reason: LoginLinkInvalidReason;
}

@ObjectType({ description: 'Wrong username or password (which one is not said).' })
@VisibleWithParent()
export class InvalidCredentials {
  @Field({ description: 'A message to show.' })
  message: string;
}

@ObjectType({ description: 'Too many failed password attempts for this username; wait before trying again.' })
@VisibleWithParent()
export class TooManyAttempts {
  @Field(() => Int, { description: 'Seconds until the next attempt is allowed.' })
  retryAfterSeconds: number;
}

@ObjectType('WebSession', { description: 'One of the caller’s own active web sessions (the token is never shown).' })
@VisibleWithParent()
export class WebSessionView {
  @Field(() => ID, { description: 'The session id.' })
  id: string;

  @Field(() => DateTimeISO, { description: 'When the user signed in.' })
  createdAt: Date;

  @Field(() => DateTimeISO, { description: 'When the session ends.' })
  expiresAt: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'Last request seen (to the minute).' })
  lastSeenAt: Date | null;

  @Field({ description: 'True for the session making this request.' })
  current: boolean;
}

export const SignInWithLinkResult = createUnionType({
  name: 'SignInWithLinkResult',
  description: 'A new session, or why the login link did not work.',
  types: () => [Session, LoginLinkInvalid] as const,
});

export const SignInResult = createUnionType({
  name: 'SignInResult',
  description: 'A new session, or why the password sign-in was refused.',
  types: () => [Session, InvalidCredentials, TooManyAttempts] as const,
});

export const SetMyPasswordResult = createUnionType({
  name: 'SetMyPasswordResult',
  description: 'The user with the new password, or the current password was wrong.',
  types: () => [UserView, InvalidCredentials] as const,
});

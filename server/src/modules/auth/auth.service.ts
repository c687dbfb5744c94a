import type { CookieOptions } from 'express';
import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { AccessChanged } from '../../common/auth/access-changed.js';
import { isStaff } from '../../common/auth/principal.js';
import { randomToken, sha256 } from '../../common/crypto.js';
import { forbidden, invalidInput, notFound } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { queryRows } from '../../common/sql.js';
import { writeAudit } from '../integration/audit.js';
import { UserEntity } from '../user/user.entity.js';
import { SESSION_COOKIE, SESSION_TOKEN_PREFIX } from './authentication.service.js';
import { WebSessionEntity } from './auth.entity.js';
import { LoginLinkInvalidReason } from './auth.types.js';
import { ATTEMPT_WINDOW_MS, MAX_FAILED_ATTEMPTS, retryAfterSeconds } from './login-throttle.js';
import { PASSWORD_MAX, PASSWORD_MIN, hashPassword, passwordProblem, verifyPassword } from './password.js';

export const LOGIN_LINK_PREFIX = 'itsl_';
const USERNAME_MAX = 64;
const TOKEN_MAX = 200;

/** What the auth service needs from configuration. */
export interface AuthSettings {
  /** Base URL of the admin panel, without a trailing slash. */
  publicUrl: string;
  sessionTtlHours: number;
  loginLinkTtlMinutes: number;
}

export interface NewSession {
  kind: 'session';
  /** The token, to be shown once. */
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: UserEntity;
}

export type LinkSignInOutcome = NewSession | { kind: 'linkInvalid'; reason: LoginLinkInvalidReason };
export type PasswordSignInOutcome =
  NewSession | { kind: 'invalidCredentials' } | { kind: 'tooManyAttempts'; retryAfterSeconds: number };
export type SetPasswordOutcome = { kind: 'changed'; user: UserEntity } | { kind: 'invalidCredentials' };

/** Only active owners and managers get web sessions. */
const mayHaveSession = (u: UserEntity) => u.active && isStaff(u);

/** Web sign-in for owners and managers: one-time links from the bot, passwords, sessions. */
export class AuthService {
  constructor(private readonly settings: AuthSettings) {}

  /** A one-time admin panel link for the owner or manager the bot acts for. */
  async createLoginLink(ctx: Ctx): Promise<{ url: string; expiresAt: Date }> {
    const p = ctx.principal;
    if (p.kind !== 'user' || p.via !== 'bot' || !mayHaveSession(p.user))
      throw forbidden('Login links are issued through the bot to owners and managers');
    const token = LOGIN_LINK_PREFIX + randomToken();
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.loginLinkTtlMinutes * 60_000);
    await ctx.em.query(`INSERT INTO login_link (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
      sha256(token),
      p.user.id,
      now,
      expiresAt,
    ]);
    return { url: `${this.settings.publicUrl}/login?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /** Signs in with a one-time link; of two simultaneous uses exactly one wins. */
  async signInWithLink(ctx: Ctx, token: string): Promise<LinkSignInOutcome> {
    if (token.length > TOKEN_MAX || !token.startsWith(LOGIN_LINK_PREFIX))
      return { kind: 'linkInvalid', reason: LoginLinkInvalidReason.UNKNOWN };
    const hash = sha256(token);
    const now = ctx.clock.now();
    const outcome = await inTransaction(ctx, async (tx): Promise<LinkSignInOutcome> => {
      // The conditional UPDATE is the single point of truth: a concurrent use waits for it and then finds used_at set.
      const [consumed] = await queryRows<{ user_id: string }>(
        tx.em,
        `UPDATE login_link SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
        [hash, now],
      );
      if (!consumed) {
        const [link] = await queryRows<{ used_at: Date | null }>(
          tx.em,
          `SELECT used_at FROM login_link WHERE token_hash = $1`,
          [hash],
        );
        const reason = !link
          ? LoginLinkInvalidReason.UNKNOWN
          : link.used_at
            ? LoginLinkInvalidReason.USED
            : LoginLinkInvalidReason.EXPIRED;
        return { kind: 'linkInvalid', reason };
      }
      const user = await tx.em.getRepository(UserEntity).findOneBy({ id: consumed.user_id });
      if (!user || !mayHaveSession(user)) return { kind: 'linkInvalid', reason: LoginLinkInvalidReason.UNKNOWN };
      return this.insertSession(tx, user);
    });
    if (outcome.kind === 'session') this.adoptSession(ctx, outcome);
    return outcome;
  }

  /** Signs in with username and password, throttled per username. */
  async signIn(ctx: Ctx, username: string, password: string): Promise<PasswordSignInOutcome> {
    const name = username.trim().replace(/^@/, '');
    if (name.length > USERNAME_MAX)
      throw invalidInput('username', `must be at most ${USERNAME_MAX} characters`, { max: USERNAME_MAX });
    if (password.length > PASSWORD_MAX)
      throw invalidInput('password', `must be at most ${PASSWORD_MAX} characters`, { max: PASSWORD_MAX });
    const now = ctx.clock.now();
    const gate = await inTransaction(ctx, async (tx) => {
      // The attempt is recorded as failed before the slow hash check, under a per-username lock,
      // so parallel guesses cannot all slip under the limit; a success flips it afterwards.
      await tx.em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`login:${name.toLowerCase()}`]);
      const failures = await queryRows<{ attempted_at: Date }>(
        tx.em,
        `SELECT attempted_at FROM login_attempt
          WHERE lower(username) = lower($1) AND NOT succeeded AND attempted_at > $2
            AND id > coalesce((SELECT max(id) FROM login_attempt WHERE lower(username) = lower($1) AND succeeded), 0)
          ORDER BY attempted_at DESC LIMIT $3`,
        [name, new Date(now.getTime() - ATTEMPT_WINDOW_MS), MAX_FAILED_ATTEMPTS],
      );
      const wait = retryAfterSeconds(
        failures.map((f) => new Date(f.attempted_at)),
        now,
      );
      if (wait > 0) return { kind: 'throttled' as const, wait };
      const [attempt] = await queryRows<{ id: string }>(
        tx.em,
        `INSERT INTO login_attempt (username, succeeded, attempted_at) VALUES ($1, false, $2) RETURNING id`,
        [name, now],
      );
      const user = name
        ? await tx.em
            .getRepository(UserEntity)
            .createQueryBuilder('u')
            .where('lower(u.username) = lower(:name)', { name })
            .getOne()
        : null;
      return { kind: 'check' as const, attemptId: attempt!.id, user };
    });
    if (gate.kind === 'throttled') return { kind: 'tooManyAttempts', retryAfterSeconds: gate.wait };
    const { user, attemptId } = gate;
    // Unknown users, users without a password and non-staff cost one bcrypt comparison too.
    const ok = await verifyPassword(password, user && mayHaveSession(user) ? user.passwordHash : null);
    if (!ok || !user) return { kind: 'invalidCredentials' };
    const session = await inTransaction(ctx, async (tx) => {
      await tx.em.query(`UPDATE login_attempt SET succeeded = true WHERE id = $1`, [attemptId]);
      return this.insertSession(tx, user);
    });
    this.adoptSession(ctx, session);
    return session;
  }

  /** Ends the caller's web session (if it is one) and clears the session cookie. */
  async signOut(ctx: Ctx): Promise<boolean> {
    const p = ctx.principal;
    let revoked = false;
    if (p.kind === 'user' && p.via === 'session' && p.sessionId) {
      const result = await ctx.em
        .getRepository(WebSessionEntity)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: ctx.clock.now() })
        .where('id = :id AND revoked_at IS NULL', { id: p.sessionId })
        .execute();
      revoked = result.affected === 1;
      if (revoked) emit(ctx, new AccessChanged());
    }
    ctx.res?.clearCookie(SESSION_COOKIE, this.cookieOptions());
    return revoked;
  }

  /** The caller's own sessions that are still valid, newest first. */
  async mySessions(ctx: Ctx): Promise<WebSessionEntity[]> {
    const user = this.signedInUser(ctx);
    return ctx.em
      .getRepository(WebSessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :id AND s.revoked_at IS NULL AND s.expires_at > :now', { id: user.id, now: ctx.clock.now() })
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .getMany();
  }

  /** Revokes one of the caller's own sessions; true if it was active. */
  async revokeSession(ctx: Ctx, id: string): Promise<boolean> {
    const user = this.signedInUser(ctx);
    const session = isUuid(id) ? await ctx.em.getRepository(WebSessionEntity).findOneBy({ id }) : null;
    if (!session || session.userId !== user.id) throw notFound('Session', id);
    const result = await ctx.em
      .getRepository(WebSessionEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: ctx.clock.now() })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    if (result.affected === 1) emit(ctx, new AccessChanged());
    return result.affected === 1;
  }

  /**
   * Sets the caller's own password. Over a web session the current password is required once one
   * is set (a stolen cookie must not take over the account); other sessions are ended.
   */
  async setMyPassword(ctx: Ctx, currentPassword: string | undefined, newPassword: string): Promise<SetPasswordOutcome> {
    const p = ctx.principal;
    const me = this.signedInUser(ctx);
    const problem = passwordProblem(newPassword);
    if (problem) throw invalidInput('newPassword', problem, { min: PASSWORD_MIN, max: PASSWORD_MAX });
    if (currentPassword !== undefined && currentPassword !== null && currentPassword.length > PASSWORD_MAX)
      throw invalidInput('currentPassword', `must be at most ${PASSWORD_MAX} characters`, { max: PASSWORD_MAX });
    const user = await ctx.em.getRepository(UserEntity).findOneByOrFail({ id: me.id });
    if (user.passwordHash && p.kind === 'user' && p.via === 'session') {
      if (!currentPassword || !(await verifyPassword(currentPassword, user.passwordHash)))
        return { kind: 'invalidCredentials' };
    }
    const hash = await hashPassword(newPassword);
    const now = ctx.clock.now();
    return inTransaction(ctx, async (tx) => {
      await tx.em.getRepository(UserEntity).update({ id: user.id }, { passwordHash: hash, updatedAt: now });
      const keep = p.kind === 'user' && p.sessionId ? p.sessionId : '00000000-0000-0000-0000-000000000000';
      await tx.em.query(
        `UPDATE web_session SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [user.id, keep, now],
      );
      await writeAudit(tx, 'user.password_set', 'user', user.id, {});
      emit(tx, new AccessChanged());
      return { kind: 'changed' as const, user: { ...user, passwordHash: hash, updatedAt: now } };
    });
  }

  private signedInUser(ctx: Ctx): UserEntity {
    const p = ctx.principal;
    if (p.kind !== 'user' || !mayHaveSession(p.user)) throw forbidden('Only owners and managers have web sessions');
    return p.user;
  }

  private async insertSession(tx: Ctx, user: UserEntity): Promise<NewSession> {
    const token = SESSION_TOKEN_PREFIX + randomToken();
    const now = tx.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlHours * 3_600_000);
    const [row] = await queryRows<{ id: string }>(
      tx.em,
      `INSERT INTO web_session (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [sha256(token), user.id, now, expiresAt],
    );
    return { kind: 'session', token, sessionId: row!.id, expiresAt, user };
  }

  /**
   * After commit: hands the browser its cookie, and lets the rest of this response (the
   * session's `user` fields) be resolved as the newly signed-in user.
   */
  private adoptSession(ctx: Ctx, session: NewSession): void {
    ctx.res?.cookie(SESSION_COOKIE, session.token, {
      ...this.cookieOptions(),
      maxAge: this.settings.sessionTtlHours * 3_600_000,
    });
    ctx.principal = { kind: 'user', user: session.user, via: 'session', sessionId: session.sessionId };
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', path: '/', secure: this.settings.publicUrl.startsWith('https:') };
  }
}

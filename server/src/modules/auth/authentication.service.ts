import type { EntityManager } from 'typeorm';
import type { Principal, TelegramIdentity } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Clock } from '../../common/clock.js';
import { safeEqual, sha256 } from '../../common/crypto.js';
import type { Logger } from '../../common/logger.js';
import { ApiKeyEntity } from '../integration/api-key.entity.js';
import { Language, Role, UserEntity } from '../user/user.entity.js';
import { WebSessionEntity } from './auth.entity.js';

/** The credentials a request or WebSocket connection presented. */
export interface PresentedCredentials {
  /** The Bearer token from `Authorization`, or the session cookie. */
  token?: string;
  /** The acting Telegram user the bot names (only honoured with the bot service token). */
  telegramUser?: TelegramIdentity;
}

export const SESSION_COOKIE = 'itsupport_session';
export const API_KEY_PREFIX = 'itsk_';
export const SESSION_TOKEN_PREFIX = 'itss_';

/** How often the last-use time of a key or session is written at most. */
const TOUCH_INTERVAL_MS = 60_000;

const allScopes = new Set(Object.values(ApiScope));

/**
 * Turns presented credentials into a Principal: the bot service (optionally acting for a
 * Telegram user), a web session's user, an API key, or anonymous.
 */
export class AuthenticationService {
  constructor(
    private readonly botServiceToken: string | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async authenticate(em: EntityManager, creds: PresentedCredentials): Promise<Principal> {
    const token = creds.token;
    if (!token) return { kind: 'anonymous' };
    if (this.botServiceToken && safeEqual(token, this.botServiceToken)) {
      return creds.telegramUser ? this.resolveTelegramUser(em, creds.telegramUser) : { kind: 'bot' };
    }
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(em, token);
    if (token.startsWith(SESSION_TOKEN_PREFIX)) return this.authenticateSession(em, token);
    return { kind: 'anonymous' };
  }

  /**
   * R-USR-1: find the user by Telegram id; else link a pre-registered @username on first contact.
   * R-USR-4: a changed username or name is recorded on the same user row.
   */
  async resolveTelegramUser(em: EntityManager, tg: TelegramIdentity): Promise<Principal> {
    if (!/^[1-9][0-9]{0,15}$/.test(tg.id)) return { kind: 'stranger', telegram: tg, deactivated: false };
    const repo = em.getRepository(UserEntity);
    let user = await repo.findOneBy({ telegramId: tg.id });
    if (!user && tg.username) {
      const candidate = await repo
        .createQueryBuilder('u')
        .where('lower(u.username) = lower(:username) AND u.telegram_id IS NULL', { username: tg.username })
        .getOne();
      if (candidate) {
        const linked = await repo
          .createQueryBuilder()
          .update(UserEntity)
          .set({ telegramId: tg.id, language: languageFromTelegram(tg.languageCode), updatedAt: this.clock.now() })
          .where('id = :id AND telegram_id IS NULL', { id: candidate.id })
          .execute();
        if (linked.affected === 1) {
          this.log.info({ userId: candidate.id }, 'linked a Telegram id to a pre-registered user');
          user = await repo.findOneByOrFail({ id: candidate.id });
        }
      }
    }
    if (!user) {
      this.log.info({ telegramId: tg.id }, 'unknown Telegram user refused');
      return { kind: 'stranger', telegram: tg, deactivated: false };
    }
    if (!user.active) return { kind: 'stranger', telegram: tg, deactivated: true };
    await this.refreshTelegramProfile(em, user, tg);
    return { kind: 'user', user, via: 'bot' };
  }

  private async refreshTelegramProfile(em: EntityManager, user: UserEntity, tg: TelegramIdentity): Promise<void> {
    const changes: Partial<UserEntity> = {};
    if (tg.firstName !== undefined && tg.firstName !== user.firstName) changes.firstName = tg.firstName.slice(0, 64);
    if (tg.lastName !== undefined && tg.lastName !== user.lastName) changes.lastName = tg.lastName.slice(0, 64);
    const username = tg.username && /^[A-Za-z0-9_]{5,32}$/.test(tg.username) ? tg.username : undefined;
    if (username && username !== user.username) {
      const taken = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('lower(u.username) = lower(:username) AND u.id <> :id', { username, id: user.id })
        .getExists();
      if (!taken) changes.username = username;
    }
    if (Object.keys(changes).length === 0) return;
    Object.assign(user, changes, { updatedAt: this.clock.now() });
    await em.getRepository(UserEntity).update({ id: user.id }, { ...changes, updatedAt: user.updatedAt });
  }

  private async authenticateSession(em: EntityManager, token: string): Promise<Principal> {
    const now = this.clock.now();
    const session = await em.getRepository(WebSessionEntity).findOneBy({ tokenHash: sha256(token) });
    if (!session || session.revokedAt || session.expiresAt <= now) return { kind: 'anonymous' };
    const user = await em.getRepository(UserEntity).findOneBy({ id: session.userId });
    if (!user || !user.active || (user.role !== Role.OWNER && user.role !== Role.MANAGER)) return { kind: 'anonymous' };
    if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await em.getRepository(WebSessionEntity).update({ id: session.id }, { lastSeenAt: now });
    }
    return { kind: 'user', user, via: 'session', sessionId: session.id };
  }

  private async authenticateApiKey(em: EntityManager, token: string): Promise<Principal> {
    const [prefix] = token.slice(API_KEY_PREFIX.length).split('_');
    if (!prefix) return { kind: 'anonymous' };
    const key = await em.getRepository(ApiKeyEntity).findOneBy({ prefix });
    if (!key || key.revokedAt || !safeEqual(key.keyHash, sha256(token))) return { kind: 'anonymous' };
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await em.getRepository(ApiKeyEntity).update({ id: key.id }, { lastUsedAt: now });
    }
    const scopes = new Set(key.scopes.filter((s): s is ApiScope => allScopes.has(s as ApiScope)));
    return { kind: 'apiKey', apiKeyId: key.id, scopes };
  }
}

/** Parses the acting Telegram user the bot sends (JSON, base64url-encoded), or undefined if malformed. */
export function parseTelegramUserHeader(value: string | undefined): TelegramIdentity | undefined {
  if (!value) return undefined;
  try {
    const json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    return parseTelegramIdentity(json);
  } catch {
    return undefined;
  }
}

/** Validates the shape of an acting Telegram user object. */
export function parseTelegramIdentity(v: unknown): TelegramIdentity | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const id = typeof o.id === 'number' || typeof o.id === 'string' ? String(o.id) : undefined;
  if (!id || !/^[1-9][0-9]{0,15}$/.test(id)) return undefined;
  const text = (x: unknown) => (typeof x === 'string' && x.length <= 256 ? x : undefined);
  return {
    id,
    username: text(o.username),
    firstName: text(o.firstName),
    lastName: text(o.lastName),
    languageCode: text(o.languageCode),
  };
}

/** The language to remember for a new contact: English if Telegram says so, else Russian. */
export const languageFromTelegram = (code?: string) =>
  code?.toLowerCase().startsWith('en') ? Language.EN : Language.RU;

import type { Config } from '../config.js';
import type { Logger } from '../common/logger.js';
import { openDatabase } from '../database/database.js';
import { hashPassword, passwordProblem } from '../modules/auth/password.js';
import { CommandError, UsageError, type CliOutput } from './cli-error.js';

export interface CreateOwnerOptions {
  username: string;
  telegramId?: string;
  password: string;
}

interface UserRow {
  id: string;
  username: string | null;
  telegram_id: string | null;
  role: string;
  active: boolean;
}

/** Checks the options before anything is opened, so that bad input changes nothing. */
export function validateCreateOwner(opts: CreateOwnerOptions): CreateOwnerOptions {
  const username = opts.username.replace(/^@/, '');
  if (!/^[A-Za-z0-9_]{5,32}$/.test(username))
    throw new UsageError('--username must be a Telegram @username of 5 to 32 letters, digits or underscores');
  if (opts.telegramId !== undefined && !/^[1-9][0-9]{0,15}$/.test(opts.telegramId))
    throw new UsageError('--telegram-id must be a numeric Telegram user id');
  const problem = passwordProblem(opts.password);
  if (problem) throw new UsageError(`the password ${problem}`);
  return { ...opts, username };
}

/**
 * Creates an OWNER with a password, or sets the password of the existing owner with that
 * username (or Telegram id). Refuses to touch a user of another role or a deactivated owner.
 */
export async function createOwner(config: Config, log: Logger, raw: CreateOwnerOptions, out: CliOutput) {
  const opts = validateCreateOwner(raw);
  const hash = await hashPassword(opts.password);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 }, log);
  try {
    const message = await database.dataSource.transaction(async (em) => {
      const byName: UserRow[] = await em.query(
        'SELECT id, username, telegram_id, role, active FROM app_user WHERE lower(username) = lower($1) FOR UPDATE',
        [opts.username],
      );
      const byTelegram: UserRow[] = opts.telegramId
        ? await em.query(
            'SELECT id, username, telegram_id, role, active FROM app_user WHERE telegram_id = $1 FOR UPDATE',
            [opts.telegramId],
          )
        : [];
      const named = byName[0];
      const tg = byTelegram[0];
      if (tg && ((named && named.id !== tg.id) || (!named && tg.username !== null))) {
        throw new CommandError(
          `Telegram id ${opts.telegramId} already belongs to another user (@${tg.username ?? tg.id}); nothing changed`,
        );
      }
      const existing = named ?? tg;
      if (!existing) {
        const [created] = (await em.query(
          `INSERT INTO app_user (role, username, telegram_id, password_hash, active) VALUES ('OWNER', $1, $2, $3, true) RETURNING id`,
          [opts.username, opts.telegramId ?? null, hash],
        )) as Array<{ id: string }>;
        await audit(em, 'owner.created_by_cli', created!.id, opts.username);
        return `Created owner @${opts.username}; they can sign in at ${config.publicUrl}/login with this password.`;
      }
      if (existing.role !== 'OWNER')
        throw new CommandError(
          `@${existing.username ?? opts.username} is a ${existing.role}, not an owner; change the role first (nothing changed)`,
        );
      if (!existing.active)
        throw new CommandError(`owner @${existing.username ?? opts.username} is deactivated; reactivate them first`);
      if (opts.telegramId && existing.telegram_id && existing.telegram_id !== opts.telegramId)
        throw new CommandError(
          `owner @${existing.username} has Telegram id ${existing.telegram_id}, not ${opts.telegramId}; nothing changed`,
        );
      await em.query(
        `UPDATE app_user SET password_hash = $2, telegram_id = coalesce(telegram_id, $3),
           username = coalesce(username, $4), updated_at = now() WHERE id = $1`,
        [existing.id, hash, opts.telegramId ?? null, opts.username],
      );
      await audit(em, 'owner.password_set_by_cli', existing.id, opts.username);
      return `Set the password of owner @${existing.username ?? opts.username}.`;
    });
    out.print(message);
  } finally {
    await database.close();
  }
}

async function audit(
  em: { query(sql: string, params: unknown[]): Promise<unknown> },
  action: string,
  userId: string,
  username: string,
) {
  await em.query(
    `INSERT INTO audit_log (actor_id, api_key_id, action, entity, entity_id, data) VALUES (NULL, NULL, $1, 'user', $2, $3)`,
    [action, userId, JSON.stringify({ username, via: 'cli' })],
  );
}

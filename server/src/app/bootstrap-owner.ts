import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Logger } from '../common/logger.js';
import { Role, UserEntity } from '../modules/user/user.entity.js';

/**
 * Ensures the owner named in configuration exists (BOOTSTRAP_OWNER_USERNAME and/or
 * BOOTSTRAP_OWNER_TELEGRAM_ID), so a fresh installation has someone who can add everyone else.
 * Never demotes or reactivates anybody: an existing user with that name or id is left as is.
 */
export async function ensureBootstrapOwner(config: Config, dataSource: DataSource, log: Logger): Promise<void> {
  const username = config.bootstrapOwnerUsername;
  const telegramId = config.bootstrapOwnerTelegramId;
  if (!username && !telegramId) return;
  await dataSource.transaction(async (em) => {
    const repo = em.getRepository(UserEntity);
    const qb = repo.createQueryBuilder('u');
    if (telegramId) qb.orWhere('u.telegram_id = :telegramId', { telegramId });
    if (username) qb.orWhere('lower(u.username) = lower(:username)', { username });
    const existing = await qb.getMany();
    if (existing.length > 0) {
      const owner = existing.find((u) => u.role === Role.OWNER);
      if (!owner)
        log.warn(
          { username, telegramId },
          'bootstrap owner: a non-owner user already has this username or Telegram id; left unchanged',
        );
      else if (
        telegramId &&
        !owner.telegramId &&
        (!username || owner.username?.toLowerCase() === username.toLowerCase())
      ) {
        await repo.update({ id: owner.id }, { telegramId });
      }
      return;
    }
    await repo.insert({ role: Role.OWNER, username: username ?? null, telegramId: telegramId ?? null, active: true });
    log.info({ username, telegramId }, 'bootstrap owner created');
  });
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Logger } from '../common/logger.js';

/**
 * In embedded mode, secrets that are not configured are generated once into the data directory
 * (so a plain `pnpm start` works) with a warning; with a PostgreSQL server they must be configured.
 */
export async function resolveSecrets(
  config: Config,
  log: Logger,
): Promise<{ encryptionKey: string; botServiceToken?: string }> {
  if (config.databaseUrl) return { encryptionKey: config.encryptionKey!, botServiceToken: config.botServiceToken };
  const dir = path.resolve(config.dataDir, 'secrets');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const encryptionKey =
    config.encryptionKey ??
    (await readOrCreate(
      path.join(dir, 'encryption.key'),
      () => randomBytes(32).toString('base64'),
      () =>
        log.warn(
          { file: path.join(dir, 'encryption.key') },
          'ENCRYPTION_KEY is not set: generated one in the data directory. Back it up with the data; without it stored credentials cannot be read.',
        ),
    ));
  const botServiceToken =
    config.botServiceToken ??
    (await readOrCreate(
      path.join(dir, 'bot-service-token'),
      () => randomBytes(32).toString('base64url'),
      () => log.info('BOT_SERVICE_TOKEN is not set: generated one in the data directory for the bot on this machine.'),
    ));
  return { encryptionKey, botServiceToken };
}

async function readOrCreate(file: string, create: () => string, onCreate: () => void): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const value = create();
    await writeFile(file, value + '\n', { mode: 0o600, flag: 'wx' });
    onCreate();
    return value;
  }
}

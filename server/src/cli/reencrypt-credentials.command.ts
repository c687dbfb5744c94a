import type { Config } from '../config.js';
import { CredentialCipher } from '../common/crypto.js';
import type { Logger } from '../common/logger.js';
import { resolveSecrets } from '../app/secrets.js';
import { openDatabase } from '../database/database.js';
import { CommandError, type CliOutput } from './cli-error.js';

/**
 * Key rotation (R-ORD-4): re-encrypts every stored order credential that was written with an older key
 * (ENCRYPTION_PREVIOUS_KEYS) under the current ENCRYPTION_KEY, in one transaction. Afterwards the old
 * keys can be dropped from the configuration. Plaintext never leaves this process and is never printed.
 */
export async function reencryptCredentials(config: Config, log: Logger, out: CliOutput): Promise<void> {
  const { encryptionKey } = await resolveSecrets(config, log);
  const cipher = new CredentialCipher(encryptionKey, config.previousEncryptionKeys);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 }, log);
  try {
    const { total, rewritten } = await database.dataSource.transaction(async (em) => {
      const rows: Array<{ id: string; credentials: Buffer }> = await em.query(
        'SELECT id, credentials FROM service_order WHERE credentials IS NOT NULL FOR UPDATE',
      );
      const stale = rows.filter((r) => cipher.isStale(r.credentials));
      const unreadable: string[] = [];
      for (const row of stale) {
        let plain: string;
        try {
          plain = cipher.decrypt(row.credentials);
        } catch {
          unreadable.push(row.id);
          continue;
        }
        await em.query('UPDATE service_order SET credentials = $2 WHERE id = $1', [row.id, cipher.encrypt(plain)]);
      }
      if (unreadable.length) {
        throw new CommandError(
          `${unreadable.length} order credential(s) were written with a key that is not configured; ` +
            'add it to ENCRYPTION_PREVIOUS_KEYS and run again. Nothing was changed',
        );
      }
      return { total: rows.length, rewritten: stale.length };
    });
    out.print(`Re-encrypted ${rewritten} of ${total} stored order credential(s) with the current key.`);
    out.print('The previous keys are no longer needed for them once no server still writes with an old key.');
  } finally {
    await database.close();
  }
}

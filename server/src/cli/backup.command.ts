import { access } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { systemClock } from '../common/clock.js';
import { EventBus } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { createDataSource } from '../database/data-source.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../database/embedded.js';
import { jobContext } from '../jobs/job-context.js';
import { BackupService, type BackupSource } from '../modules/backup/backup.service.js';
import { RestoreRefused, restoreBackup } from '../modules/backup/backup-restore.js';
import { MissingToolError } from '../modules/backup/pg-tools.js';
import { SettingsService } from '../modules/settings/settings.service.js';
import { CommandError, redactUrl, type CliOutput } from './cli-error.js';

/**
 * Takes one backup now into BACKUP_DIR (with its checksum) and applies retention, exactly as the
 * daily job does. Reads the database as it is: no migrations run (a backup changes nothing). The
 * embedded database must not be open in a running server.
 */
export async function backupNow(config: Config, log: Logger, out: CliOutput): Promise<void> {
  const db = await openAsIs(config);
  try {
    const backups = new BackupService(
      new SettingsService(),
      { dir: config.backupDir, keep: config.backupKeep, enabled: true, pgDumpPath: config.pgDumpPath },
      () => db.source,
    );
    const ctx = jobContext(
      { dataSource: db.dataSource, clock: systemClock, log, eventBus: new EventBus() },
      'cli-backup',
    );
    const taken = await backups.takeBackup(ctx).catch((error: unknown) => {
      throw error instanceof MissingToolError ? new CommandError(error.message) : error;
    });
    out.print(`Backup written: ${taken.file} (${taken.tier}, ${taken.bytes} bytes)`);
    out.print(`Checksum:       ${taken.file}.sha256 (sha256 ${taken.sha256})`);
    if (taken.pruned.length) out.print(`Removed by retention: ${taken.pruned.join(', ')}`);
  } finally {
    await db.close();
  }
}

/** Opens the configured database without migrating it; refuses one that is not an ITSupport database. */
async function openAsIs(
  config: Config,
): Promise<{ dataSource: DataSource; source: BackupSource; close(): Promise<void> }> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const dataDir = path.resolve(config.dataDir);
    try {
      await access(path.join(dataDir, 'pgdata', 'PG_VERSION'));
    } catch {
      throw new CommandError(
        `there is no embedded database in ${dataDir} (set DATA_DIR to the server's data directory)`,
      );
    }
    embedded = await startEmbeddedDatabase(dataDir, 3);
    url = embedded.url;
  }
  const dataSource = createDataSource(url, 1);
  const close = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  };
  try {
    // Checked before TypeORM connects (it would create extensions in whatever database it is given).
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ ok: boolean }>(`SELECT to_regclass('public.setting') IS NOT NULL AS ok`);
      if (!rows[0]?.ok) throw new CommandError(`${embedded ? 'DATA_DIR' : redactUrl(url)} holds no ITSupport database`);
    } finally {
      await probe.end();
    }
    await dataSource.initialize();
  } catch (error) {
    await close();
    if (error instanceof CommandError) throw error;
    throw new CommandError(`cannot open the database: ${(error as Error).message}`);
  }
  return { dataSource, source: embedded ? { kind: 'embedded', db: embedded.db } : { kind: 'postgres', url }, close };
}

/**
 * Loads a backup into a fresh database after verifying its checksum, then prints every table's
 * row count. pg_dump backups go into --target (or DATABASE_URL); embedded ones into DATA_DIR.
 */
export async function restoreCommand(
  config: Config,
  opts: { file: string; target?: string },
  out: CliOutput,
): Promise<void> {
  try {
    const report = await restoreBackup({
      file: opts.file,
      target: opts.target ?? config.databaseUrl,
      dataDir: config.dataDir,
      pgDumpPath: config.pgDumpPath,
    });
    out.print(`Restored ${path.resolve(opts.file)} into ${report.into}`);
    const width = Math.max(5, ...report.tables.map((t) => t.table.length));
    out.print(`${'table'.padEnd(width)}  ${'rows'.padStart(8)}`);
    for (const t of report.tables) out.print(`${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}`);
    out.print(
      report.kind === 'embedded'
        ? `Start the server with DATA_DIR=${report.into}. The dump holds no secrets: put back DATA_DIR/secrets ` +
            `(or set ENCRYPTION_KEY) from your own copy, or stored order credentials cannot be read.`
        : `Start the server with DATABASE_URL set to the target and the ENCRYPTION_KEY it used before.`,
    );
  } catch (error) {
    if (error instanceof RestoreRefused || error instanceof MissingToolError) throw new CommandError(error.message);
    throw error;
  }
}

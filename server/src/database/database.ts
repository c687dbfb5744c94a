import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '../common/logger.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

export interface Database {
  dataSource: DataSource;
  embedded?: EmbeddedDatabase;
  /** The connection URL in use (the embedded database's loopback URL in embedded mode). */
  url: string;
  /**
   * This process's id on its pool's connections (the `itsupport.instance` session setting): the stream gate's
   * NOTIFY carries it, so the process can tell its own commits from other instances'.
   */
  instance: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  /** Connections other pools of this process open (Agenda's), counted into the embedded database's limit. */
  extraConnections?: number;
  onQuery?: (sql: string) => void;
  /** Named prepared statements on a PostgreSQL server (never on the embedded database); default true. */
  preparedStatements?: boolean;
}

/**
 * Opens the database: the PostgreSQL server at DATABASE_URL, or the embedded one in DATA_DIR.
 * Runs pending migrations (never synchronize).
 */
export async function openDatabase(opts: DatabaseOptions, log: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    // Every pool plus spare connections for migrations and one-off tools; extra ones are dropped.
    embedded = await startEmbeddedDatabase(opts.dataDir, opts.poolSize + (opts.extraConnections ?? 0) + 4);
    url = embedded.url;
    log.info({ dataDir: opts.dataDir }, 'embedded database opened');
  }
  const instance = randomBytes(8).toString('hex');
  const dataSource = createDataSource(url, opts.poolSize, {
    instance,
    onQuery: opts.onQuery,
    preparedStatements: !embedded && (opts.preparedStatements ?? true),
  });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    url,
    instance,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

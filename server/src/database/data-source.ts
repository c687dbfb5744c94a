import { DataSource } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { preparingPg } from './prepared-statements.js';

/** Builds the one TypeORM data source. Schema changes come only from migrations, never synchronize. */
export function createDataSource(
  url: string,
  poolSize: number,
  opts: { onQuery?: (sql: string) => void; preparedStatements?: boolean; instance?: string } = {},
): DataSource {
  const { onQuery, preparedStatements = false, instance } = opts;
  return new DataSource({
    type: 'postgres',
    ...(preparedStatements ? { driver: preparingPg } : {}),
    url: withConnectionSettings(url, instance),
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
    ...(onQuery ? { logger: new CountingLogger(onQuery) } : {}),
  });
}

/** The session setting naming the process a connection belongs to; the stream gate's NOTIFY carries it. */
export const INSTANCE_SETTING = 'itsupport.instance';

/**
 * The URL with this process's session settings next to any `options` it carries already (the embedded
 * database ignores them):
 * - READ COMMITTED as the default isolation. Every transaction runs READ COMMITTED (the locking rules assume
 *   it); as the connection's default, opening a transaction is one START TRANSACTION rather than two statements.
 * - `itsupport.instance`: which process the connection belongs to, so that the process can tell its own
 *   commits' NOTIFYs from other instances' (common/live/stream-wakeups.ts). Letters and digits only.
 */
export function withConnectionSettings(url: string, instance?: string): string {
  if (instance !== undefined && !/^[a-z0-9]{1,32}$/.test(instance)) throw new Error(`bad instance id: ${instance}`);
  const u = new URL(url);
  const options = [
    u.searchParams.get('options'),
    '-c default_transaction_isolation=read\\ committed',
    instance ? `-c ${INSTANCE_SETTING}=${instance}` : null,
  ];
  u.searchParams.set('options', options.filter(Boolean).join(' '));
  return u.toString();
}

/** Passes every SQL statement to a callback; tests use it to count queries. */
class CountingLogger {
  constructor(private readonly onQuery: (sql: string) => void) {}
  logQuery(query: string) {
    this.onQuery(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

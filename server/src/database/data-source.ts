import { DataSource } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { preparingPg } from './prepared-statements.js';

/** Builds the one TypeORM data source. Schema changes come only from migrations, never synchronize. */
export function createDataSource(
  url: string,
  poolSize: number,
  opts: { onQuery?: (sql: string) => void; preparedStatements?: boolean } = {},
): DataSource {
  const { onQuery, preparedStatements = false } = opts;
  return new DataSource({
    type: 'postgres',
    ...(preparedStatements ? { driver: preparingPg } : {}),
    url: withReadCommitted(url),
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

/**
 * The URL with READ COMMITTED as its connections' default isolation, next to any `options` it carries already.
 * Every transaction runs READ COMMITTED (the locking rules assume it); as the connection's default, opening a
 * transaction is one START TRANSACTION rather than two statements. The embedded database ignores it.
 */
export function withReadCommitted(url: string): string {
  const u = new URL(url);
  const options = [u.searchParams.get('options'), '-c default_transaction_isolation=read\\ committed'];
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

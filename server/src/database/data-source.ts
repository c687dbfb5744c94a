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
    url,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize,
    // Every transaction runs READ COMMITTED (the locking rules assume it). Set per connection, so opening a
    // transaction is one START TRANSACTION rather than two statements; the embedded database ignores it.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      options: '-c default_transaction_isolation=read\\ committed',
    },
    ...(onQuery ? { logger: new CountingLogger(onQuery) } : {}),
  });
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

import type { Config } from '../config.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import { openDatabase, type Database } from '../database/database.js';
import { ensureBootstrapOwner } from './bootstrap-owner.js';
import { startHttpServer, type RunningHttpServer } from './http-server.js';
import { createSchema } from './schema.js';
import { resolveSecrets } from './secrets.js';
import { createServices, type Services } from './services.js';

export interface System {
  config: Config;
  database: Database;
  services: Services;
  http: RunningHttpServer;
  /** Base URL of this instance, e.g. http://127.0.0.1:4000 */
  url: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  clock?: Clock;
  /** Called with every SQL statement (tests count queries). */
  onQuery?: (sql: string) => void;
}

/** config → database → services → schema → HTTP + WebSocket. The same path for main and for tests. */
export async function startSystem(config: Config, log: Logger, opts: SystemOptions = {}): Promise<System> {
  const clock = opts.clock ?? systemClock;
  const secrets = await resolveSecrets(config, log);
  const database = await openDatabase(
    {
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      onQuery: opts.onQuery,
    },
    log,
  );
  try {
    await ensureBootstrapOwner(config, database.dataSource, log);
    const services = createServices({ config, dataSource: database.dataSource, clock, log, ...secrets });
    const schema = await createSchema(services);
    const http = await startHttpServer({
      config,
      schema,
      services,
      dataSource: database.dataSource,
      clock,
      log,
      isReady: async () => {
        await database.dataSource.query('SELECT 1');
        return true;
      },
    });
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return {
      config,
      database,
      services,
      http,
      url: `http://${host}:${http.port}`,
      async stop() {
        await http.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

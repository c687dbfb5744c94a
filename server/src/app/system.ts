import type { Config } from '../config.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import { openDatabase, type Database } from '../database/database.js';
import { agendaConnections, createJobs, type Jobs } from '../jobs/agenda.js';
import { ensureBootstrapOwner } from './bootstrap-owner.js';
import { startHttpServer, startProbeServer, type RunningHttpServer, type RunningProbeServer } from './http-server.js';
import { ServerMetrics } from './metrics.js';
import { createSchema } from './schema.js';
import { resolveSecrets } from './secrets.js';
import { createServices, type Services } from './services.js';
import { backupSourceOf } from '../modules/backup/backup.service.js';

export interface System {
  config: Config;
  database: Database;
  services: Services;
  http: RunningHttpServer;
  /** Agenda: runs the jobs here (JOBS_ENABLED) or only schedules them for a worker. */
  jobs: Jobs;
  /** Base URL of this instance, e.g. http://127.0.0.1:4000 */
  url: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  clock?: Clock;
  /** Called with every SQL statement (tests count queries). */
  onQuery?: (sql: string) => void;
}

/** What the server and the worker open first: the clock, the secrets and the migrated database. */
async function openFoundation(config: Config, log: Logger, opts: SystemOptions) {
  const clock = opts.clock ?? systemClock;
  const secrets = await resolveSecrets(config, log);
  const database = await openDatabase(
    {
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      preparedStatements: config.databasePreparedStatements,
      extraConnections: agendaConnections(config),
      onQuery: opts.onQuery,
    },
    log,
  );
  return { clock, secrets, database };
}

/** config → database → services → schema → HTTP + WebSocket. The same path for main and for tests. */
export async function startSystem(config: Config, log: Logger, opts: SystemOptions = {}): Promise<System> {
  const { clock, secrets, database } = await openFoundation(config, log, opts);
  let stopStreams: (() => Promise<void>) | undefined;
  try {
    await ensureBootstrapOwner(config, database.dataSource, log);
    const services = createServices({
      config,
      dataSource: database.dataSource,
      databaseInstance: database.instance,
      clock,
      log,
      ...secrets,
      backupSource: () => backupSourceOf(database),
    });
    // The stream tails start from the newest rows before any subscriber can connect.
    await services.streams.start();
    stopStreams = () => services.streams.stop();
    const schema = await createSchema(services);
    const metrics = new ServerMetrics({ dataSource: database.dataSource, clock, log });
    const http = await startHttpServer({
      metrics,
      config,
      schema,
      services,
      dataSource: database.dataSource,
      clock,
      log,
      // Ready while it can work: the database answers and, where this server runs the jobs, they run.
      isReady: async () => {
        await database.dataSource.query('SELECT 1');
        return !config.jobsEnabled || jobs.isRunning();
      },
    });
    const jobs: Jobs = createJobs({
      config,
      databaseUrl: database.url,
      embedded: Boolean(database.embedded),
      processing: config.jobsEnabled,
      dataSource: database.dataSource,
      services,
      clock,
      log,
      onJobFinished: (job, succeeded, seconds) => metrics.jobFinished(job, succeeded, seconds),
    });
    // Jobs start once the API is up; they stop first on shutdown (they use the database).
    try {
      await jobs.start();
    } catch (error) {
      await http.stop();
      throw error;
    }
    if (!config.jobsEnabled && database.embedded) {
      log.warn('JOBS_ENABLED=false with the embedded database: no process runs the SLA and billing jobs');
    }
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    let stopping: Promise<void> | undefined;
    return {
      config,
      database,
      services,
      http,
      jobs,
      url: `http://${host}:${http.port}`,
      stop() {
        stopping ??= (async () => {
          await jobs.stop();
          await http.stop();
          await services.streams.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stopStreams?.();
    await database.close();
    throw error;
  }
}

/** A process that runs only the jobs (`pnpm worker`): Agenda always processing; health and metrics on WORKER_PORT. */
export interface WorkerSystem {
  config: Config;
  database: Database;
  services: Services;
  jobs: Jobs;
  /** The port answering /healthz, /readyz and /metrics (WORKER_PORT); undefined when the worker opens none. */
  port: number | undefined;
  stop(): Promise<void>;
}

/**
 * config → database → services → (health and metrics port) → jobs. Several workers (and servers) may share one
 * PostgreSQL. The port answers while the jobs start — alive, not ready until they run.
 */
export async function startWorker(config: Config, log: Logger, opts: SystemOptions = {}): Promise<WorkerSystem> {
  const { clock, secrets, database } = await openFoundation(config, log, opts);
  let probes: RunningProbeServer | undefined;
  try {
    const services = createServices({
      config,
      dataSource: database.dataSource,
      databaseInstance: database.instance,
      clock,
      log,
      ...secrets,
      backupSource: () => backupSourceOf(database),
    });
    const metrics = new ServerMetrics({ dataSource: database.dataSource, clock, log });
    const jobs = createJobs({
      config,
      databaseUrl: database.url,
      embedded: Boolean(database.embedded),
      processing: true,
      dataSource: database.dataSource,
      services,
      clock,
      log,
      onJobFinished: (job, succeeded, seconds) => metrics.jobFinished(job, succeeded, seconds),
    });
    if (config.workerPort !== undefined) {
      probes = await startProbeServer({
        port: config.workerPort,
        host: config.host,
        metrics,
        metricsToken: config.metricsToken,
        // Ready while it can work: the database answers and the jobs run (their store answers too).
        isReady: async () => {
          await database.dataSource.query('SELECT 1');
          return jobs.isRunning();
        },
      });
    }
    await jobs.start();
    let stopping: Promise<void> | undefined;
    return {
      config,
      database,
      services,
      jobs,
      port: probes?.port,
      stop() {
        stopping ??= (async () => {
          await jobs.stop();
          await probes?.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await probes?.stop();
    await database.close();
    throw error;
  }
}

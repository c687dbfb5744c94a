import { randomBytes } from 'node:crypto';
import { Agenda, InMemoryNotificationChannel, type AgendaBackend } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Clock } from '../common/clock.js';
import type { Ctx } from '../common/context.js';
import type { Logger } from '../common/logger.js';
import type { Services } from '../app/services.js';
import { registerSlaJobs } from '../modules/sla/jobs/sla.job.js';
import { registerBillingJobs } from '../modules/billing/jobs/billing-period-close.job.js';
import { registerArchiveJobs } from '../modules/order/jobs/archive.job.js';
import { registerBackupJobs } from '../modules/backup/jobs/backup.job.js';
import { jobContext } from './job-context.js';

/** What a module's job definitions get: the services (jobs only call services) and a context per run. */
export interface JobDeps {
  services: Services;
  config: Config;
  clock: Clock;
  log: Logger;
  /** A fresh context for one job run (system caller, injected clock). */
  context(jobName: string): Ctx;
}

/** Undoes what a registration set up outside Agenda (event subscriptions); awaited on stop. */
export type JobCleanup = () => Promise<void>;

/**
 * A module's job definitions: `define` its jobs and (re)schedule its recurring ones; may return a
 * cleanup. Registrations also run in a process that does not process jobs (JOBS_ENABLED=false):
 * there they only schedule, and a worker runs the jobs.
 */
export type JobRegistration = (agenda: Agenda, deps: JobDeps) => void | JobCleanup | Promise<void | JobCleanup>;

/** Every module's `modules/<m>/jobs/*.job.ts` registration. Add yours here (one line). */
const registrations: JobRegistration[] = [
  registerSlaJobs,
  registerBillingJobs,
  registerArchiveJobs,
  registerBackupJobs,
];

/**
 * Connections Agenda opens to the application database (its own pg pool; none with MongoDB).
 * Every process has it, also one that only schedules (JOBS_ENABLED=false). On a PostgreSQL server
 * one of them is held for LISTEN while processing. The embedded database drops connections beyond
 * its `maxConnections` instead of queueing them, so openDatabase counts these in.
 */
export function agendaConnections(config: Pick<Config, 'agendaMongoUrl' | 'databaseUrl'>): number {
  if (config.agendaMongoUrl) return 0;
  return config.databaseUrl ? SERVER_POOL : EMBEDDED_POOL;
}
const SERVER_POOL = 4;
const EMBEDDED_POOL = 2;

/**
 * How often Agenda looks for due jobs when no notification woke it (also its look-ahead window): a job written
 * without telling Agenda is found within this long.
 */
export const PROCESS_EVERY_MS = 5_000;
/** Running jobs get this long to finish on stop; the whole shutdown has 10 s. */
const DRAIN_TIMEOUT_MS = 4_000;

export interface Jobs {
  agenda: Agenda;
  /** Which store keeps the jobs. */
  store: 'postgres' | 'mongodb';
  /** Whether this process runs jobs (or only schedules them for a worker). */
  processing: boolean;
  /** Connects the store, registers every module's jobs and, when processing, starts running them. */
  start(): Promise<void>;
  /** Stops picking up jobs, unlocks queued ones, lets running ones finish (bounded) and disconnects. */
  stop(): Promise<void>;
  /** Whether jobs run here now: started processing, not stopped, and the job store answers (a worker's /readyz). */
  isRunning(): Promise<boolean>;
}

export interface JobsOptions {
  config: Config;
  /** The application database URL in use (the embedded database's loopback URL in embedded mode). */
  databaseUrl: string;
  embedded: boolean;
  /** Run jobs here (the server with JOBS_ENABLED, the worker); otherwise only schedule them. */
  processing: boolean;
  dataSource: DataSource;
  services: Services;
  clock: Clock;
  log: Logger;
  /** Told when a job run in this process ends (metrics). */
  onJobFinished?: (job: string, succeeded: boolean, seconds: number) => void;
}

/**
 * Agenda on the application database (PostgreSQL backend) or on MongoDB (AGENDA_MONGO_URL).
 * Embedded mode: LISTEN/NOTIFY does not pass through the embedded socket, so Agenda gets an
 * in-memory notification channel (embedded mode is single-process anyway) and polls.
 */
export function createJobs(opts: JobsOptions): Jobs {
  const log = opts.log.child({ component: 'jobs' });
  let backend: AgendaBackend | undefined;
  let agenda: Agenda | undefined;
  let started = false;
  let cleanups: JobCleanup[] = [];
  // Jobs running in this process (Agenda's stop() unlocks queued jobs but does not wait for these).
  let running = 0;
  const idle: Array<() => void> = [];
  const deps: JobDeps = {
    services: opts.services,
    config: opts.config,
    clock: opts.clock,
    log,
    context: (jobName) =>
      jobContext({ dataSource: opts.dataSource, clock: opts.clock, log, eventBus: opts.services.eventBus }, jobName),
  };
  const store = opts.config.agendaMongoUrl ? 'mongodb' : 'postgres';

  return {
    get agenda(): Agenda {
      if (!agenda) throw new Error('jobs are not started');
      return agenda;
    },
    store,
    processing: opts.processing,
    async start() {
      if (agenda) return;
      backend = await connectBackend(opts);
      // Agenda's constructor connects its backend and does not handle a failure: the backend is
      // connected above (where an error reaches the caller) and handed over with a no-op connect.
      const connected = backend;
      agenda = new Agenda({
        backend: {
          name: connected.name,
          repository: connected.repository,
          notificationChannel: connected.notificationChannel,
          logger: connected.logger,
          ownsConnection: connected.ownsConnection,
          connect: async () => {},
          disconnect: () => connected.disconnect(),
        },
        name: `itsupport-${process.pid}-${randomBytes(3).toString('hex')}`,
        processEvery: PROCESS_EVERY_MS,
        ...(opts.embedded && !opts.config.agendaMongoUrl
          ? { notificationChannel: new InMemoryNotificationChannel() }
          : {}),
      });
      agenda.on('error', (error: Error) => log.error({ err: error }, 'agenda error'));
      // When each run in this process started, for its duration.
      const startedAt = new WeakMap<object, number>();
      const finished = (job: { attrs?: { name: string } }, succeeded: boolean) => {
        const at = startedAt.get(job);
        if (at === undefined || !job.attrs) return;
        startedAt.delete(job);
        opts.onJobFinished?.(job.attrs.name, succeeded, (performance.now() - at) / 1000);
      };
      agenda.on('start', (job: object, remote?: boolean) => {
        if (remote) return;
        running++;
        startedAt.set(job, performance.now());
      });
      agenda.on('success', (job: { attrs?: { name: string } }, remote?: boolean) => {
        if (!remote) finished(job, true);
      });
      agenda.on('complete', (_job: unknown, remote?: boolean) => {
        if (remote) return;
        running--;
        if (running === 0) for (const wake of idle.splice(0)) wake();
      });
      agenda.on('fail', (error: unknown, job: { attrs?: { name: string } }, remote?: boolean) => {
        if (remote) return;
        log.error({ err: error, job: job.attrs?.name }, 'job failed');
        finished(job, false);
      });
      await agenda.ready;
      try {
        for (const register of registrations) {
          const cleanup = await register(agenda, deps);
          if (cleanup) cleanups.push(cleanup);
        }
        if (opts.processing) {
          await agenda.start();
          started = true;
        }
      } catch (error) {
        for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
        await connected.disconnect().catch(() => {});
        agenda = undefined;
        throw error;
      }
      log.info(
        { store, processing: opts.processing, jobs: Object.keys(agenda.definitions) },
        opts.processing ? 'jobs started' : 'jobs are scheduled here and run by a worker',
      );
    },
    async stop() {
      if (!agenda || !backend) return;
      const a = agenda;
      agenda = undefined;
      for (const cleanup of cleanups)
        await cleanup().catch((error: unknown) => log.warn({ err: error }, 'job cleanup'));
      cleanups = [];
      if (started) {
        // Stop picking up jobs and unlock the ones queued here, then give running ones a moment.
        await a.stop(false);
        if (running > 0) {
          const finished = await Promise.race([
            new Promise<boolean>((resolve) => idle.push(() => resolve(true))),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS).unref()),
          ]);
          if (!finished) log.warn({ running }, 'jobs still running at shutdown; their locks expire');
        }
      }
      started = false;
      await backend.disconnect();
      backend = undefined;
    },
    async isRunning() {
      if (!started || !agenda || !backend) return false;
      // One count on the store Agenda locks jobs in, through its own connections (or MongoDB).
      await backend.repository.getQueueSize();
      return true;
    },
  };
}

async function connectBackend(opts: JobsOptions): Promise<AgendaBackend> {
  if (opts.config.agendaMongoUrl) return connectMongo(opts.config.agendaMongoUrl);
  const backend = new PostgresBackend({
    poolConfig: {
      connectionString: opts.databaseUrl,
      max: opts.embedded ? EMBEDDED_POOL : SERVER_POOL,
      connectionTimeoutMillis: 10_000,
    },
    tableName: 'agenda_jobs',
    // The table is created by our migrations (1764200000000-sla): instances never race to create it.
    ensureSchema: false,
    disableNotifications: opts.embedded,
  });
  await backend.connect();
  return backend;
}

/**
 * Agenda's jobs in MongoDB (the database named in the URL, collection agenda_jobs). Loaded only
 * when configured, so the driver stays out of ordinary processes. Mongo has no notification
 * channel here: jobs are found by polling (PROCESS_EVERY_MS).
 */
async function connectMongo(url: string): Promise<AgendaBackend> {
  const [{ MongoClient }, { MongoBackend }] = await Promise.all([import('mongodb'), import('@agendajs/mongo-backend')]);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  await client.connect().catch((error: unknown) => {
    throw new Error(
      `AGENDA_MONGO_URL: cannot reach MongoDB (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  try {
    const db = client.db();
    const backend = new MongoBackend({ mongo: db, collection: 'agenda_jobs' });
    await backend.connect();
    // As on PostgreSQL (migration 1764200000000-sla): one sla-due job per order, found by its id.
    await db
      .collection('agenda_jobs')
      .createIndex(
        { 'data.orderId': 1 },
        { name: 'sla_due_order', unique: true, partialFilterExpression: { name: 'sla-due' } },
      );
    return {
      name: backend.name,
      repository: backend.repository,
      notificationChannel: backend.notificationChannel,
      logger: backend.logger,
      ownsConnection: true,
      connect: async () => {},
      async disconnect() {
        await backend.disconnect();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

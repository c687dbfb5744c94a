import 'reflect-metadata';
import { ConfigError, parseConfig } from './config.js';
import { createLogger } from './common/logger.js';
import { startWorker } from './app/system.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * `pnpm worker`: runs only the scheduled jobs (SLA, billing, archive, backups), no HTTP. Servers on
 * the same PostgreSQL may then run with JOBS_ENABLED=false; Agenda's locks let several workers
 * share the work (each job runs once).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel).child({ process: 'worker' });
  if (!config.databaseUrl) {
    log.warn('the worker runs on the embedded database: no server can use DATA_DIR while it runs');
  }
  const system = await startWorker(config, log);
  log.info(
    { database: config.databaseUrl ? 'postgresql' : 'embedded', store: system.jobs.store },
    'ITSupport worker is running jobs',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    system.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('ITSupport worker failed to start:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});

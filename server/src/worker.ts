import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { runProcess } from './app/process.js';
import { startWorker } from './app/system.js';

/**
 * `pnpm worker`: runs only the scheduled jobs (SLA, billing, archive, backups) — no API; with WORKER_PORT,
 * /healthz, /readyz and /metrics on that port. Servers on the same PostgreSQL may then run with
 * JOBS_ENABLED=false; Agenda's locks let several workers share the work (each job runs once).
 */
runProcess('ITSupport worker', async (config) => {
  const log = createLogger(config.logLevel).child({ process: 'worker' });
  if (!config.databaseUrl) {
    log.warn('the worker runs on the embedded database: no server can use DATA_DIR while it runs');
  }
  const system = await startWorker(config, log);
  log.info(
    { database: config.databaseUrl ? 'postgresql' : 'embedded', store: system.jobs.store },
    'ITSupport worker is running jobs',
  );
  if (system.port !== undefined) {
    log.info(`ITSupport worker serves /healthz, /readyz and /metrics on http://${config.host}:${system.port}`);
  }
  return { system, log };
});

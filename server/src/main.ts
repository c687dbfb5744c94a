import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { runProcess } from './app/process.js';
import { startSystem } from './app/system.js';

/** `pnpm start`: the GraphQL server (HTTP + WebSocket), running the scheduled jobs too unless JOBS_ENABLED=false. */
runProcess('ITSupport', async (config) => {
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const system = await startSystem(config, log);
  log.info(
    {
      url: `${system.url}/graphql`,
      database: config.databaseUrl ? 'postgresql' : 'embedded',
      startupMs: Date.now() - started,
    },
    `ITSupport is listening on ${system.url}/graphql`,
  );
  return { system, log };
});

import { ConfigError, parseConfig, type Config } from '../config.js';
import type { Logger } from '../common/logger.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

/** Something a process runs until it is told to stop. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The life of a process (server or worker): configuration parsed once (a bad variable stops start-up with
 * one line, exit 2), `start`, then a graceful stop on SIGTERM/SIGINT within 10 s (exit 0; 1 if it fails or
 * takes longer). A failure to start prints one line plus the stack and exits 1.
 *
 * The signal handlers are installed before `start`: a SIGTERM that arrives while the process starts (its port
 * may answer already, and an orchestrator may stop it then) is kept, and the process stops gracefully as soon
 * as start-up is over, instead of dying half-started by the default handler.
 */
export function runProcess(what: string, start: (config: Config) => Promise<{ system: Stoppable; log: Logger }>): void {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  let running: { system: Stoppable; log: Logger } | undefined;
  let signalled: string | undefined;
  // Called once: on the first signal if start-up is over, else when it ends.
  const stop = ({ system, log }: { system: Stoppable; log: Logger }, signal: string) => {
    log.info({ signal }, 'shutting down');
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
  const onSignal = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    // The deadline runs from the signal, start-up included.
    setTimeout(() => {
      (running?.log.error.bind(running.log) ?? console.error)('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    if (running) stop(running, signal);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  start(config).then(
    (started) => {
      running = started;
      if (signalled) stop(started, signalled);
    },
    (error: unknown) => {
      console.error(`${what} failed to start:`, error instanceof Error ? error.message : error);
      if (error instanceof Error && error.stack) console.error(error.stack);
      process.exit(1);
    },
  );
}

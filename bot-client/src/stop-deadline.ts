import type { Logger } from './logger.js';

/**
 * Runs a graceful stop for at most `timeoutMs` (BOT_STOP_TIMEOUT_SECONDS) and returns the exit code the process
 * ends with: 0 when the stop finished, 1 when it failed or ran past the deadline (logged, with the code). What a
 * stop cut short leaves unacknowledged, the server replays to the next bot instance.
 */
export async function stopWithin(stop: () => Promise<void>, timeoutMs: number, logger: Logger): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    if ((await Promise.race([stop(), deadline])) === 'late') {
      logger.error({ timeoutMs, exitCode: 1 }, 'bot did not stop within BOT_STOP_TIMEOUT_SECONDS; exiting anyway');
      return 1;
    }
    return 0;
  } catch (error) {
    logger.error({ err: error, exitCode: 1 }, 'bot stop failed; exiting');
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

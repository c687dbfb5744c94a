import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopWithin } from './stop-deadline.js';

/** A logger whose JSON lines the test reads. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('stopWithin (BOT_STOP_TIMEOUT_SECONDS: the SIGINT/SIGTERM handler exits with its result)', () => {
  afterEach(() => void vi.useRealTimers());

  it('a stop that never finishes is given up at the deadline: exit code 1, and the log says so', async () => {
    vi.useFakeTimers();
    const { logger, lines } = capturingLogger();
    const exitCode = stopWithin(() => new Promise<void>(() => {}), 20_000, logger);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(lines).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await exitCode).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        exitCode: 1,
        timeoutMs: 20_000,
        msg: 'bot did not stop within BOT_STOP_TIMEOUT_SECONDS; exiting anyway',
      }),
    ]);
  });

  it('a stop that finishes in time exits 0 without a word, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const { logger, lines } = capturingLogger();
    const exitCode = stopWithin(() => new Promise<void>((r) => setTimeout(r, 5_000)), 20_000, logger);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await exitCode).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('a stop that fails exits 1 with the error logged', async () => {
    const { logger, lines } = capturingLogger();
    expect(await stopWithin(() => Promise.reject(new Error('boom')), 20_000, logger)).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, exitCode: 1, err: expect.objectContaining({ message: 'boom' }) }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from '../coalescing-runner.js';

describe('CoalescingRunner', () => {
  it('issue 3 item 1: wake-ups in one go share one run; one during a run asks for exactly one more', async () => {
    let runs = 0;
    let running = 0;
    let overlap = false;
    let release: (() => void) | null = null;
    const runner = new CoalescingRunner(async () => {
      runs += 1;
      running += 1;
      if (running > 1) overlap = true;
      await new Promise<void>((r) => (release = r));
      running -= 1;
    });
    runner.wake();
    runner.wake();
    runner.wake();
    await new Promise((r) => setTimeout(r, 5));
    expect(runs).toBe(1);
    runner.wake(); // during the run: it may have looked already
    runner.wake();
    release!();
    await new Promise((r) => setTimeout(r, 5));
    expect(runs).toBe(2);
    release!();
    await runner.settled();
    expect(runs).toBe(2);
    expect(overlap).toBe(false);
  });
});

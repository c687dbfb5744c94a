import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { TableTail, type StreamRow } from '../table-tail.js';

/**
 * A tail over rows in memory that counts its reads. A read sees the rows there when it starts (its snapshot);
 * with `holdReads(true)` it stays open until `releaseRead()`.
 */
function countingTail() {
  const rows: StreamRow[] = [];
  let reads = 0;
  let release: (() => void) | null = null;
  let hold = false;
  const tail = new TableTail<StreamRow>(
    'memory',
    async (after) => {
      reads += 1;
      const snapshot = rows.filter((r) => BigInt(r.id) > BigInt(after));
      if (hold) await new Promise<void>((r) => (release = r));
      return snapshot;
    },
    async () => '0',
    createLogger('silent'),
  );
  return {
    tail,
    rows,
    reads: () => reads,
    holdReads: (on: boolean) => (hold = on),
    releaseRead: () => release?.(),
  };
}

describe('TableTail wake-ups', () => {
  it('issue 3 item 1: wake-ups of one moment (a commit publishing several events) share one read', async () => {
    const t = countingTail();
    await t.tail.start();
    const seen: string[] = [];
    t.tail.attach((rows) => seen.push(...rows.map((r) => r.id)));
    t.rows.push({ id: '1' });
    t.tail.wake();
    t.tail.wake();
    t.tail.wake();
    await t.tail.settled();
    expect(t.reads()).toBe(1);
    expect(seen).toEqual(['1']);
  });

  it('issue 3 item 1: a wake-up while a read is in flight asks for one more read, which misses nothing', async () => {
    const t = countingTail();
    await t.tail.start();
    const seen: string[] = [];
    t.tail.attach((rows) => seen.push(...rows.map((r) => r.id)));
    t.holdReads(true);
    t.tail.wake();
    await new Promise((r) => setTimeout(r, 10)); // the read has taken its snapshot
    t.rows.push({ id: '1' }); // committed after the read's snapshot
    t.tail.wake();
    t.tail.wake();
    t.holdReads(false);
    t.releaseRead();
    await t.tail.settled();
    expect(t.reads()).toBe(2);
    expect(seen).toEqual(['1']);
  });
});

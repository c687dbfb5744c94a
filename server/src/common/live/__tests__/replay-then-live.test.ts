import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { ReplayThenLive } from '../replay-then-live.js';
import { parseStreamCursor } from '../stream-cursor.js';
import { TableTail, TAIL_PAGE, type StreamRow } from '../table-tail.js';

/**
 * A stream table held in memory: rows are "committed" by appending them with growing ids (what the stream
 * gate guarantees of the real tables). The tail and the subscriber under test are the real ones.
 */
class MemoryTable {
  rows: Array<StreamRow & { mine: boolean }> = [];
  private nextId = 1n;

  commit(n: number, mine = true): void {
    for (let i = 0; i < n; i++) this.rows.push({ id: String(this.nextId++), mine });
  }

  async after(afterId: string, limit: number, onlyMine = false) {
    await Promise.resolve();
    const after = BigInt(afterId);
    return this.rows.filter((r) => BigInt(r.id) > after && (!onlyMine || r.mine)).slice(0, limit);
  }
}

function setup(table: MemoryTable) {
  const tail = new TableTail(
    'memory',
    (after, limit) => table.after(after, limit),
    async () => table.rows[table.rows.length - 1]?.id ?? '0',
    createLogger('silent'),
  );
  return tail;
}

const ids = (rows: StreamRow[]) => rows.map((r) => Number(r.id));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function take(it: AsyncIterator<StreamRow>, n: number): Promise<StreamRow[]> {
  const out: StreamRow[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('ReplayThenLive: replay from a cursor, then live, without gaps or repeats at the seam', () => {
  it('delivers rows committed before, during and after the replay exactly once, in order', async () => {
    const table = new MemoryTable();
    table.commit(1200);
    const tail = setup(table);
    await tail.start();
    let pages = 0;
    const sub = new ReplayThenLive({
      live: tail,
      after: '100',
      // While the replay pages are read, more rows commit and reach the subscriber live too (an overlap).
      replay: async (after, limit) => {
        if (++pages <= 3) {
          table.commit(7);
          tail.wake();
          await tail.settled();
        }
        return table.after(after, limit);
      },
      admit: async (rows) => rows,
      map: (r) => r,
    });
    const first = await take(sub, 1200 - 100 + 21);
    expect(ids(first)).toEqual(range(101, 1221));
    table.commit(5);
    tail.wake();
    expect(ids(await take(sub, 5))).toEqual(range(1222, 1226));
    await sub.return();
    expect(tail.attached).toBe(0);
  });

  it('applies the same rule to the replay and to live rows', async () => {
    const table = new MemoryTable();
    table.commit(3, true);
    table.commit(3, false);
    const tail = setup(table);
    await tail.start();
    const sub = new ReplayThenLive({
      live: tail,
      after: '0',
      replay: (after, limit) => table.after(after, limit, true),
      admit: async (rows) => rows.filter((r) => (r as { mine?: boolean }).mine),
      map: (r) => r,
    });
    expect(ids(await take(sub, 3))).toEqual([1, 2, 3]);
    table.commit(2, false);
    table.commit(2, true);
    tail.wake();
    expect(ids(await take(sub, 2))).toEqual([9, 10]);
    await sub.return();
  });

  it('a subscriber that falls too far behind reads the rest from the table instead of buffering it', async () => {
    const table = new MemoryTable();
    const tail = setup(table);
    await tail.start();
    let replays = 0;
    const sub = new ReplayThenLive({
      live: tail,
      after: '0',
      replay: (after, limit) => {
        replays++;
        return table.after(after, limit);
      },
      admit: async (rows) => rows,
      map: (r) => r,
      maxBuffered: 50,
    });
    expect(await take(sub, 0)).toEqual([]);
    table.commit(10);
    tail.wake();
    await tail.settled();
    expect(ids(await take(sub, 10))).toEqual(range(1, 10));
    const before = replays;
    // 3 pages' worth commit while the subscriber does not read: far more than it may buffer.
    for (let i = 0; i < 6; i++) {
      table.commit(TAIL_PAGE / 2);
      tail.wake();
      await tail.settled();
    }
    expect(ids(await take(sub, 3 * TAIL_PAGE))).toEqual(range(11, 10 + 3 * TAIL_PAGE));
    expect(replays).toBeGreaterThan(before);
    await sub.return();
  });

  it('issue 3 item 1: rows dropped by an overflow while a replay page is read are read from the table too, not skipped', async () => {
    const table = new MemoryTable();
    table.commit(10);
    const tail = setup(table);
    await tail.start();
    let pages = 0;
    const sub = new ReplayThenLive({
      live: tail,
      after: '0',
      // The first page is read (rows 1-10, short), then before it returns 60 rows commit and reach the
      // subscriber live — more than it may buffer, so it drops them — and then 5 more, which it buffers.
      replay: async (after, limit) => {
        const page = await table.after(after, limit);
        if (++pages === 1) {
          for (const n of [60, 5]) {
            table.commit(n);
            tail.wake();
            await tail.settled();
          }
        }
        return page;
      },
      admit: async (rows) => rows,
      map: (r) => r,
      maxBuffered: 50,
    });
    expect(ids(await take(sub, 15))).toEqual(range(1, 15));
    expect(ids(await take(sub, 60))).toEqual(range(16, 75));
    table.commit(5);
    tail.wake();
    expect(ids(await take(sub, 5))).toEqual(range(76, 80));
    await sub.return();
  });

  it('ends at once when the client goes away while it waits for rows', async () => {
    const table = new MemoryTable();
    const tail = setup(table);
    await tail.start();
    const sub = new ReplayThenLive({
      live: tail,
      after: '0',
      replay: (after, limit) => table.after(after, limit),
      admit: async (rows) => rows,
      map: (r) => r,
    });
    const pending = sub.next();
    await new Promise((r) => setTimeout(r, 20));
    await sub.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(tail.attached).toBe(0);
  });
});

describe('stream cursors', () => {
  it('are the decimal id of the last row received; anything else is refused', () => {
    expect(parseStreamCursor(undefined, '42')).toBe('42');
    expect(parseStreamCursor(null, '0')).toBe('0');
    expect(parseStreamCursor('007', '0')).toBe('7');
    for (const bad of ['-1', '1.5', 'abc', '1e3', '99999999999999999999']) {
      expect(() => parseStreamCursor(bad, '0')).toThrow(/after/);
    }
  });
});

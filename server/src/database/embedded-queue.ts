import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const TERMINATE = 0x58; // 'X'

/**
 * PGlite has one backend for every socket connection. The socket server's queue keeps a connection
 * in sole possession only inside an explicit transaction block (`isInTransaction()`), so under
 * concurrency the extended-protocol messages of two pooled connections (Parse/Bind/Execute/Sync)
 * interleave and fail ("portal does not exist") or answer the wrong query.
 *
 * This makes the queue treat the backend as busy from a connection's first message until the
 * backend reports ReadyForQuery with status idle — the end of a Sync or simple query outside a
 * transaction — so each connection's statements run whole, one connection at a time.
 */
export function serialiseConnections(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue?: { db: unknown } }).queryQueue;
  if (!queue || (queue.db as PGlite | undefined) !== db) {
    throw new Error('pglite-socket internals changed: review database/embedded-queue.ts');
  }
  let busy = false;
  queue.db = {
    isInTransaction: () => busy || db.isInTransaction(),
    runExclusive: <T>(fn: () => Promise<T>) => db.runExclusive(fn),
    async exec(sql: string) {
      // Used by the queue to roll back after a connection dropped mid-transaction.
      const result = await db.exec(sql);
      busy = false;
      return result;
    },
    async execProtocolRawStream(message: Uint8Array, opts: { onRawData: (data: Uint8Array) => void }) {
      let tail: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
      const result = await db.execProtocolRawStream(message, {
        ...opts,
        onRawData(data: Uint8Array) {
          if (data.length) tail = lastBytes(tail, data, 6);
          opts.onRawData(data);
        },
      });
      busy = message[0] !== TERMINATE && !endsIdle(tail);
      return result;
    },
  };
}

/** The last `n` bytes of `prev` followed by `next`. */
function lastBytes(
  prev: Uint8Array<ArrayBufferLike>,
  next: Uint8Array<ArrayBufferLike>,
  n: number,
): Uint8Array<ArrayBufferLike> {
  if (next.length >= n) return next.slice(next.length - n);
  const joined = new Uint8Array(prev.length + next.length);
  joined.set(prev);
  joined.set(next, prev.length);
  return joined.slice(Math.max(0, joined.length - n));
}

/** True when the output ends with ReadyForQuery('I'): Z, int32 length 5, status byte. */
function endsIdle(tail: Uint8Array): boolean {
  return (
    tail.length === 6 &&
    tail[0] === READY_FOR_QUERY &&
    tail[1] === 0 &&
    tail[2] === 0 &&
    tail[3] === 0 &&
    tail[4] === 5 &&
    tail[5] === IDLE
  );
}

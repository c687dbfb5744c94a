import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serialiseConnections } from './embedded-queue.js';

/** The embedded PostgreSQL (PGlite) in a data directory, served on a loopback pg socket. */
export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) the embedded database under `dataDir/pgdata` and serves it on 127.0.0.1
 * at a free port, so the same `pg` code paths run as against a PostgreSQL server.
 * `maxConnections` must cover every pool that connects, plus spare: extra ones are dropped.
 */
export async function startEmbeddedDatabase(dataDir: string, maxConnections: number): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir, 'pgdata');
  await mkdir(dir, { recursive: true });
  const releaseLock = await lockDataDir(path.resolve(dataDir));
  try {
    const db = await PGlite.create({ dataDir: dir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    serialiseConnections(server, db);
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return {
      url,
      db,
      async stop() {
        await server.stop();
        await db.close();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

/** The embedded database is in use by another process (or twice in this one). */
export class DataDirLockedError extends Error {}

const heldLocks = new Set<string>();

/**
 * PGlite does not notice a second process opening the same directory, and two writers corrupt it:
 * a lock file with the owner's pid guards the directory. A lock left by a dead process is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'database.lock');
  if (heldLocks.has(file))
    throw new DataDirLockedError(`The embedded database in ${dataDir} is already open in this process`);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by process ${pid}: stop the server first ` +
            `(if no server is running, delete ${file})`,
        );
      }
      await rm(file, { force: true });
    }
  }
  heldLocks.add(file);
  return async () => {
    heldLocks.delete(file);
    await rm(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageAdapter } from 'grammy';

/**
 * A persistent key → JSON store: one file per key in a directory, written atomically (temporary file +
 * rename), so a crash never leaves half a session. Used for sessions (a restart never loses a half-filled
 * order), offer cards and blocked chats with BOT_STATE=files. One bot process per data directory.
 */
export class JsonFileStore<T> implements StorageAdapter<T> {
  /** This instance's own directory: nobody else writes it. */
  readonly shared = false;
  private writes = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(key: string): string {
    // Keys are chat ids and ids; anything else is encoded so it can never leave the directory.
    return path.join(this.dir, `${encodeURIComponent(key)}.json`);
  }

  async read(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(key: string, value: T): Promise<void> {
    const target = this.file(key);
    const temporary = `${target}.${process.pid}.${++this.writes}.tmp`;
    await writeFile(temporary, JSON.stringify(value), { mode: 0o600 });
    await rename(temporary, target);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

import { spawn } from 'node:child_process';
import path from 'node:path';

/** A PostgreSQL client program (pg_dump, pg_restore) is not installed or not executable. */
export class MissingToolError extends Error {}

/**
 * The PostgreSQL client program to run: next to PG_DUMP_PATH when configured (pg_restore lives
 * beside pg_dump), else the bare name, found on PATH when it runs.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore', pgDumpPath?: string): string {
  if (!pgDumpPath) return name;
  return name === 'pg_dump' ? pgDumpPath : path.join(path.dirname(pgDumpPath), name);
}

/**
 * A connection URL split for the client programs: the password travels in PGPASSWORD, never on
 * the command line (where `ps` would show it).
 */
export function pgConnection(url: string): { dbname: string; password?: string } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { dbname: u.toString(), password };
}

/** Runs a program to completion; rejects with the last lines of its stderr when it fails. */
export function runTool(file: string, args: string[], password?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      // The child inherits the environment; only the password is added.
      ...(password ? { env: { ...process.env, PGPASSWORD: password } } : {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' || error.code === 'EACCES'
          ? new MissingToolError(
              `${file} was not found or is not executable: install the PostgreSQL client of the server's ` +
                `major version (Debian/Ubuntu: apt-get install postgresql-client) or set PG_DUMP_PATH`,
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const detail = stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${code ?? signal}`;
      reject(new Error(`${path.basename(file)} failed: ${detail}`));
    });
  });
}

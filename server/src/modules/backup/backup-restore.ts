import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { checksumProblem } from './backup-files.js';
import type { BackupKind } from './backup-retention.js';
import { pgConnection, pgTool, runTool } from './pg-tools.js';

/** A restore that cannot (or must not) go ahead; nothing was written. */
export class RestoreRefused extends Error {}

export interface RestoreRequest {
  /** The dump: a pg_dump custom-format file or an embedded-database tarball. */
  file: string;
  /** PostgreSQL URL to restore a pg_dump into (an empty database). */
  target?: string;
  /** DATA_DIR to restore an embedded tarball into (must hold no database yet). */
  dataDir: string;
  pgDumpPath?: string;
}

export interface RestoreReport {
  kind: BackupKind;
  /** The database restored into: the URL (password hidden) or the data directory. */
  into: string;
  /** Rows per table of the restored database, by table name. */
  tables: Array<{ table: string; rows: number }>;
}

const TABLES = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Loads a backup into a fresh database after verifying its checksum: a pg_dump into an empty
 * PostgreSQL database (pg_restore, one transaction), an embedded tarball into a DATA_DIR that
 * holds no database yet. Refuses anything else before writing.
 */
export async function restoreBackup(req: RestoreRequest): Promise<RestoreReport> {
  const file = path.resolve(req.file);
  const kind = await dumpKind(file);
  const problem = await checksumProblem(file);
  if (problem) throw new RestoreRefused(problem);
  if (kind === 'pgdump') {
    if (!req.target)
      throw new RestoreRefused(
        'a pg_dump backup needs --target postgres://… (or DATABASE_URL) naming an empty database',
      );
    return restorePostgres(file, req.target, req.pgDumpPath);
  }
  if (req.target)
    throw new RestoreRefused(
      'an embedded-database backup restores into DATA_DIR, not into PostgreSQL: restore it without --target ' +
        '(and without DATABASE_URL), then move it with migrate-to-postgres',
    );
  return restoreEmbedded(file, req.dataDir);
}

/** pg_dump's custom format starts with "PGDMP"; the embedded dump is a gzip stream. */
async function dumpKind(file: string): Promise<BackupKind> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      head = Buffer.alloc(5);
      await handle.read(head, 0, 5, 0);
    } finally {
      await handle.close();
    }
  } catch {
    throw new RestoreRefused(`cannot read ${file}`);
  }
  if (head.toString('latin1') === 'PGDMP') return 'pgdump';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'embedded';
  throw new RestoreRefused(`${file} is neither a pg_dump custom-format file nor an embedded-database tarball`);
}

async function restorePostgres(file: string, target: string, pgDumpPath?: string): Promise<RestoreReport> {
  const { dbname, password } = pgConnection(target);
  const into = redact(target);
  const client = new pg.Client({ connectionString: target });
  try {
    await client.connect();
  } catch (error) {
    throw new RestoreRefused(`cannot connect to ${into}: ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    if (rows[0]!.n > 0)
      throw new RestoreRefused(`the target database ${into} is not empty; restore into a freshly created database`);
    await runTool(
      pgTool('pg_restore', pgDumpPath),
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file],
      password,
    );
    const tables: RestoreReport['tables'] = [];
    for (const { table_name } of (await client.query<{ table_name: string }>(TABLES)).rows) {
      const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(table_name)}`);
      tables.push({ table: table_name, rows: Number(counted[0]!.n) });
    }
    return { kind: 'pgdump', into, tables };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function restoreEmbedded(file: string, dataDir: string): Promise<RestoreReport> {
  const pgdata = path.resolve(dataDir, 'pgdata');
  const present = await readdir(pgdata).catch(() => [] as string[]);
  if (present.length > 0)
    throw new RestoreRefused(
      `DATA_DIR already holds a database (${pgdata}); restore into an empty data directory (set DATA_DIR)`,
    );
  await mkdir(pgdata, { recursive: true });
  let db: PGlite | undefined;
  try {
    // PGlite unpacks the tarball into the directory; closing it leaves a normal data directory.
    db = await PGlite.create({ dataDir: pgdata, loadDataDir: new Blob([await readFile(file)]) });
    const tables: RestoreReport['tables'] = [];
    for (const { table_name } of (await db.query<{ table_name: string }>(TABLES)).rows) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q(table_name)}`);
      tables.push({ table: table_name, rows: rows[0]!.n });
    }
    await db.close();
    db = undefined;
    return { kind: 'embedded', into: path.resolve(dataDir), tables };
  } catch (error) {
    await db?.close().catch(() => undefined);
    // Leave no half-restored directory behind: the command can simply be run again.
    await rm(pgdata, { recursive: true, force: true });
    throw error;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

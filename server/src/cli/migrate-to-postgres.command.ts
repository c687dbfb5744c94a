import { access } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../common/logger.js';
import { openDatabase, type Database } from '../database/database.js';
import { CommandError, redactUrl, type CliOutput } from './cli-error.js';
import { copyOrder } from './table-order.js';

/** TypeORM's own bookkeeping: the target's migration run fills it itself. */
const MIGRATIONS_TABLE = 'migrations';
/** Bind parameters per INSERT stay well under PostgreSQL's 65 535. */
const MAX_PARAMS = 30_000;
const FETCH_ROWS = 1_000;

/** Every value travels as PostgreSQL's own text form, so nothing is lost converting to JS and back. */
const rawTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface SequenceRow {
  sequencename: string;
  data_type: string;
  start_value: string;
  min_value: string;
  max_value: string;
  increment_by: string;
  cycle: boolean | string;
  cache_size: string;
  last_value: string | null;
}

/**
 * Copies the embedded database in DATA_DIR into an empty PostgreSQL database: runs the
 * migrations there, copies every row of every table in one transaction, sets every sequence
 * (including the per-year order number sequences) and verifies the row counts.
 */
export async function migrateToPostgres(config: Config, log: Logger, target: string, out: CliOutput): Promise<void> {
  if (config.databaseUrl)
    throw new CommandError(
      'migrate-to-postgres reads the embedded database in DATA_DIR; unset DATABASE_URL (the target is --target)',
    );
  const dataDir = path.resolve(config.dataDir);
  try {
    await access(path.join(dataDir, 'pgdata', 'PG_VERSION'));
  } catch {
    throw new CommandError(`there is no embedded database in ${dataDir} (set DATA_DIR to the server's data directory)`);
  }

  const targetClient = new pg.Client({ connectionString: target, types: rawTypes });
  try {
    await targetClient.connect();
  } catch (error) {
    throw new CommandError(`cannot connect to ${redactUrl(target)}: ${(error as Error).message}`);
  }
  let source: Database | undefined;
  let targetDb: Database | undefined;
  const sourceClient = { current: undefined as pg.Client | undefined };
  try {
    source = await openDatabase({ dataDir, poolSize: 1 }, log);
    const src = new pg.Client({ connectionString: source.url, types: rawTypes });
    await src.connect();
    sourceClient.current = src;

    const tables = await listTables(src);
    const present = new Set(await listTables(targetClient, true));
    const clash = [...tables, MIGRATIONS_TABLE].filter((t) => present.has(t));
    if (clash.length)
      throw new CommandError(
        `the target database already has ITSupport tables (${clash.join(', ')}); give an empty database`,
      );

    targetDb = await openDatabase({ databaseUrl: target, dataDir, poolSize: 1 }, log);
    const targetTables = new Set(await listTables(targetClient));
    const missing = tables.filter((t) => !targetTables.has(t));
    if (missing.length) throw new CommandError(`the target lacks tables after migrating: ${missing.join(', ')}`);

    const order = copyOrder(tables, await foreignKeys(src));
    let counts: Map<string, number>;
    let sequences: string[];
    // A consistent snapshot of the source for the copy and for the counts it is checked against.
    await src.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await targetClient.query('BEGIN');
      try {
        await targetClient.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
          throw new CommandError(
            `the target user may not SET session_replication_role (${error.message}); connect as the database owner or a superuser`,
          );
        });
        // Migrations may seed rows (categories); the copy replaces them with the source's own.
        await targetClient.query(`TRUNCATE ${order.map(q).join(', ')}`);
        for (const table of order) await copyTable(src, targetClient, table);
        sequences = await copySequences(src, targetClient);
        await targetClient.query('COMMIT');
      } catch (error) {
        await targetClient.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      counts = await countRows(src, order);
    } finally {
      await src.query('COMMIT').catch(() => undefined);
    }
    const targetCounts = await countRows(targetClient, order);

    const width = Math.max(...order.map((t) => t.length), 5);
    out.print(`Copied ${dataDir} into ${redactUrl(target)}`);
    out.print(`${'table'.padEnd(width)}  ${'source'.padStart(8)}  ${'target'.padStart(8)}`);
    const mismatched: string[] = [];
    for (const table of order) {
      const a = counts.get(table)!;
      const b = targetCounts.get(table)!;
      if (a !== b) mismatched.push(table);
      out.print(
        `${table.padEnd(width)}  ${String(a).padStart(8)}  ${String(b).padStart(8)}${a === b ? '' : '  MISMATCH'}`,
      );
    }
    out.print(`sequences: ${sequences.length ? sequences.join(', ') : 'none'}`);
    if (mismatched.length) throw new CommandError(`row counts differ for ${mismatched.join(', ')}`);
    out.print(
      `All ${order.length} tables match. Start the server with DATABASE_URL set to the target, ENCRYPTION_KEY set to ` +
        `the contents of ${path.join(dataDir, 'secrets', 'encryption.key')} and BOT_SERVICE_TOKEN to that of ` +
        `${path.join(dataDir, 'secrets', 'bot-service-token')} (unless you had set them yourself).`,
    );
  } catch (error) {
    if (targetDb && !(await hasRows(targetClient))) await undoMigrations(targetDb, log);
    throw error;
  } finally {
    await sourceClient.current?.end().catch(() => undefined);
    await targetClient.end().catch(() => undefined);
    await targetDb?.close();
    await source?.close();
  }
}

/** Base tables of the public schema, read from information_schema rather than hard-coded. */
async function listTables(client: pg.Client, includeMigrations = false): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => includeMigrations || t !== MIGRATIONS_TABLE);
}

async function foreignKeys(client: pg.Client): Promise<Array<{ child: string; parent: string }>> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'`,
  );
  return rows;
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function copyTable(src: pg.Client, dst: pg.Client, table: string): Promise<void> {
  const targetColumns = new Set(await columnsOf(dst, table));
  const columns = (await columnsOf(src, table)).filter((c) => targetColumns.has(c));
  const list = columns.map(q).join(', ');
  const cursor = `copy_${table}`;
  await src.query(`DECLARE ${q(cursor)} NO SCROLL CURSOR FOR SELECT ${list} FROM ${q(table)}`);
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, columns.length)));
  for (;;) {
    const { rows } = await src.query<Record<string, unknown>>(`FETCH ${FETCH_ROWS} FROM ${q(cursor)}`);
    if (rows.length === 0) break;
    for (let i = 0; i < rows.length; i += perInsert) {
      const chunk = rows.slice(i, i + perInsert);
      const params: unknown[] = [];
      const tuples = chunk.map((row) => {
        const placeholders = columns.map((c) => {
          params.push(row[c]);
          return `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await dst.query(`INSERT INTO ${q(table)} (${list}) VALUES ${tuples.join(', ')}`, params);
    }
  }
  await src.query(`CLOSE ${q(cursor)}`);
}

/** Sets every sequence of the target to where the source's stands; creates the ones made on the fly. */
async function copySequences(src: pg.Client, dst: pg.Client): Promise<string[]> {
  const { rows } = await src.query<SequenceRow>(
    `SELECT sequencename, data_type::text AS data_type, start_value, min_value, max_value, increment_by, cycle,
            cache_size, last_value
       FROM pg_sequences s
      WHERE schemaname = 'public'
        AND NOT EXISTS (
          SELECT 1 FROM pg_depend d
            JOIN pg_class c ON c.oid = d.objid
            JOIN pg_class t ON t.oid = d.refobjid
           WHERE c.relname = s.sequencename AND c.relnamespace = 'public'::regnamespace
             AND d.deptype IN ('a', 'i') AND t.relname = $1)
      ORDER BY sequencename`,
    [MIGRATIONS_TABLE],
  );
  const done: string[] = [];
  for (const s of rows) {
    const name = `public.${q(s.sequencename)}`;
    const cycle = s.cycle === true || s.cycle === 't';
    await dst.query(
      `CREATE SEQUENCE IF NOT EXISTS ${name} AS ${s.data_type} INCREMENT BY ${BigInt(s.increment_by)}
         MINVALUE ${BigInt(s.min_value)} MAXVALUE ${BigInt(s.max_value)} START WITH ${BigInt(s.start_value)}
         CACHE ${BigInt(s.cache_size)} ${cycle ? 'CYCLE' : 'NO CYCLE'}`,
    );
    if (s.last_value === null) await dst.query(`SELECT setval($1::regclass, $2::bigint, false)`, [name, s.start_value]);
    else await dst.query(`SELECT setval($1::regclass, $2::bigint, true)`, [name, s.last_value]);
    done.push(`${s.sequencename}=${s.last_value ?? 'unused'}`);
  }
  return done;
}

async function countRows(client: pg.Client, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(table)}`);
    counts.set(table, Number(rows[0]!.n));
  }
  return counts;
}

/** True when any user-data table of the target has rows beyond what migrations seed. */
async function hasRows(client: pg.Client): Promise<boolean> {
  const { rows } = await client
    .query<{ n: string }>(`SELECT count(*) AS n FROM app_user`)
    .catch(() => ({ rows: [{ n: '0' }] }));
  return Number(rows[0]!.n) > 0;
}

/** After a failed copy, takes the target back to empty so that the command can simply be run again. */
async function undoMigrations(db: Database, log: Logger): Promise<void> {
  try {
    for (let i = 0; i < db.dataSource.migrations.length; i++) await db.dataSource.undoLastMigration();
    await db.dataSource.query(`DROP TABLE IF EXISTS ${q(MIGRATIONS_TABLE)}`);
  } catch (error) {
    log.error({ err: error }, 'could not undo the migrations on the target; drop and recreate the target database');
  }
}

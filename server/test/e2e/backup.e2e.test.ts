/**
 * Backups (PRODUCT §11): the backup service writes a dump with its checksum, the `restore` command
 * loads it into a fresh database, and every table's row count and a checksum of the orders match.
 * Embedded mode dumps the embedded database; with TEST_DATABASE=postgres it is pg_dump / pg_restore.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createLogger } from '../../src/common/logger.js';
import { openDatabase } from '../../src/database/database.js';
import { backupFileName, parseBackupFileName } from '../../src/modules/backup/backup-retention.js';
import { BackupService, backupSourceOf } from '../../src/modules/backup/backup.service.js';
import { jobCtx, startTestSystem, testDatabase, type TestSystem, dropTestDatabases } from '../harness.js';
import { newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedInvoice, seedOrder, seedSetting, seedTariff } from '../seed.js';

const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = createLogger('silent');

let t: TestSystem;
let backupDir: string;
const temps: string[] = [];
const databases: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itsupport-restore-'));
  temps.push(dir);
  return dir;
}

/** A fresh, empty PostgreSQL database, dropped after the tests. */
async function freshPostgres(): Promise<string> {
  const name = `itsupport_restore_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs the CLI in-process; returns its exit code and what it printed. */
async function cli(args: string[], env: Record<string, string>) {
  const lines: string[] = [];
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
  try {
    const code = await runCli(args, { LOG_LEVEL: 'silent', ...env }, { print: (l) => lines.push(l) });
    return { code, stdout: lines.join('\n'), stderr: errors.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** Every table's row count and an md5 over every order row, as the comparison basis. */
async function snapshot(query: Query) {
  const tables = (await query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  )) as Array<{ table_name: string }>;
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await query(`SELECT count(*)::int AS n FROM "${table_name}"`);
    counts[table_name] = row!.n as number;
  }
  const [orders] = await query(`SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) AS sum FROM service_order o`);
  return { counts, orders: orders!.sum as string };
}

beforeAll(async () => {
  backupDir = await tempDir();
  t = await startTestSystem({
    env: {
      JOBS_ENABLED: 'false',
      BACKUPS_ENABLED: 'true',
      BACKUP_DIR: backupDir,
      BACKUP_KEEP_DAILY: '2',
      BACKUP_KEEP_MONTHLY: '1',
    },
  });
  await seedSetting(t, 'TIMEZONE', 'UTC');
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '10');
});

afterAll(async () => {
  await t?.stop();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
  await dropTestDatabases(databases);
});

describe('§11 backups and restore', () => {
  let dump: string;
  let restoredInto: string;

  it('§11 a backup restored into a fresh database has every table’s rows and the same orders', async () => {
    t.clock.set(new Date('2027-01-15T00:43:00Z'));
    const tariffId = await seedTariff(t, { ordersPerPeriod: null, price: '1234.56' });
    const accountId = await seedAccount(t, { tariffId });
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    for (let i = 0; i < 3; i++) await newOrder(t, client.as, { credentials: `secret ${i}`, description: `Fix ${i} ü` });
    await seedOrder(t, { accountId, authorId: client.id, status: 'DONE', contractorId: contractor.id });
    await seedInvoice(t, { accountId, issuedAt: t.clock.now() });

    const taken = await t.system.services.backups.takeBackup(jobCtx(t));
    dump = taken.file;
    const ext = testDatabase === 'postgres' ? 'pgdump' : 'tar\\.gz';
    expect(path.basename(dump)).toMatch(new RegExp(`^itsupport-20270115T004300Z-yearly\\.${ext}$`));
    expect(await readFile(`${dump}.sha256`, 'utf8')).toBe(`${taken.sha256}  ${path.basename(dump)}\n`);
    const source = await snapshot((sql) => t.sql(sql));
    expect(source.counts.service_order).toBe(4);
    // Changes after the backup are not in it.
    await newOrder(t, client.as, { description: 'after the backup' });

    if (testDatabase === 'postgres') {
      restoredInto = await freshPostgres();
      const r = await cli(['restore', '--file', dump, '--target', restoredInto], {});
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/service_order\s+4\n/);
      const c = new pg.Client({ connectionString: restoredInto });
      await c.connect();
      try {
        expect(await snapshot(async (sql) => (await c.query(sql)).rows)).toEqual(source);
      } finally {
        await c.end();
      }
    } else {
      restoredInto = await tempDir();
      const r = await cli(['restore', '--file', dump], { DATA_DIR: restoredInto });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/service_order\s+4\n/);
      expect(r.stdout).toMatch(/holds no secrets/);
      const restored = await openDatabase({ dataDir: restoredInto, poolSize: 1 }, log);
      try {
        expect(await snapshot((sql) => restored.dataSource.query(sql))).toEqual(source);
      } finally {
        await restored.close();
      }
    }
  });

  it('§11 restore refuses a damaged or unverified dump and a non-empty target, writing nothing', async () => {
    const env: Record<string, string> = testDatabase === 'postgres' ? {} : { DATA_DIR: await tempDir() };
    const target = testDatabase === 'postgres' ? ['--target', await freshPostgres()] : [];
    const dir = await tempDir();
    const damaged = path.join(dir, path.basename(dump));
    const bytes = await readFile(dump);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(damaged, bytes);
    await copyFile(`${dump}.sha256`, `${damaged}.sha256`);
    const bad = await cli(['restore', '--file', damaged, ...target], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/does not match its checksum/);
    await rm(`${damaged}.sha256`);
    const unverified = await cli(['restore', '--file', damaged, ...target], env);
    expect(unverified.code).toBe(1);
    expect(unverified.stderr).toMatch(/no checksum file/);

    const again =
      testDatabase === 'postgres'
        ? await cli(['restore', '--file', dump, '--target', restoredInto], {})
        : await cli(['restore', '--file', dump], { DATA_DIR: restoredInto });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty|already holds a database/);
    expect((await cli(['restore'], env)).code).toBe(2);

    // Nothing was written anywhere the refused restores pointed at.
    if (testDatabase === 'postgres') {
      const c = new pg.Client({ connectionString: target[1] });
      await c.connect();
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      await c.end();
      expect(rows[0].n).toBe(0);
    } else {
      expect(await readdir(env.DATA_DIR!)).toEqual([]);
    }
  });

  it('§11 `backup` takes one now (PostgreSQL), or refuses while the server holds the embedded database', async () => {
    const dir = await tempDir();
    if (testDatabase === 'postgres') {
      const r = await cli(['backup'], {
        DATABASE_URL: t.system.database.url,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        BACKUP_DIR: dir,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      expect(files[0]).toMatch(/^itsupport-\d{8}T\d{6}Z-yearly\.pgdump$/);
      expect(files[1]).toBe(`${files[0]}.sha256`);
      expect(r.stdout).toContain(path.join(dir, files[0]!));
    } else {
      const r = await cli(['backup'], { DATA_DIR: t.system.config.dataDir, BACKUP_DIR: dir });
      expect(r.code).toBe(1);
      // In-process the lock says so; from another process it says "stop the server first".
      expect(r.stderr).toMatch(/stop the server first|already open in this process/);
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('§11 the daily job backs up once per day, names the tier, and keeps the newest of each tier', async () => {
    const backups = t.system.services.backups;
    t.clock.set(new Date('2027-01-15T23:43:00Z'));
    expect(await backups.takeDailyIfDue(jobCtx(t))).toBeNull();
    const tiers: string[] = [];
    for (const day of ['2027-01-16', '2027-01-17', '2027-01-18', '2027-02-01', '2027-03-01']) {
      t.clock.set(new Date(`${day}T00:43:00Z`));
      const taken = await backups.takeDailyIfDue(jobCtx(t));
      tiers.push(taken!.tier);
      expect(await backups.takeDailyIfDue(jobCtx(t))).toBeNull();
    }
    expect(tiers).toEqual(['daily', 'daily', 'daily', 'monthly', 'monthly']);
    const ext = testDatabase === 'postgres' ? 'pgdump' : 'tar.gz';
    // Daily keeps 2, monthly keeps 1 (this system's configuration), yearly keeps the January one.
    expect((await readdir(backupDir)).sort()).toEqual(
      [
        `itsupport-20270115T004300Z-yearly.${ext}`,
        `itsupport-20270117T004300Z-daily.${ext}`,
        `itsupport-20270118T004300Z-daily.${ext}`,
        `itsupport-20270301T004300Z-monthly.${ext}`,
      ]
        .flatMap((f) => [f, `${f}.sha256`])
        .sort(),
    );
  });
});

describe('§11 a dump is a backup only together with its checksum', () => {
  const kind = testDatabase === 'postgres' ? 'pgdump' : 'embedded';
  const ext = testDatabase === 'postgres' ? 'pgdump' : 'tar.gz';
  /** A backup service of this system's database writing into its own directory. */
  const backupsInto = (dir: string) =>
    new BackupService(
      t.system.services.settings,
      { dir, keep: { daily: 1, monthly: 1, yearly: 1 }, enabled: true },
      () => backupSourceOf(t.system.database),
    );
  const dumpsIn = async (dir: string) => (await readdir(dir)).filter((f) => parseBackupFileName(f)).sort();

  it('§11 a dump left without its checksum is not counted: the daily backup is still taken, retention keeps the dump', async () => {
    const dir = await tempDir();
    const unverified = `itsupport-20270610T000500Z-yearly.${ext}`;
    await writeFile(path.join(dir, unverified), 'a dump whose checksum was never written');
    t.clock.set(new Date('2027-06-10T00:43:00Z'));
    const taken = await backupsInto(dir).takeDailyIfDue(jobCtx(t));
    // It is the year's first verifiable backup; the unverified dump is neither counted nor pruned as a yearly one.
    expect(taken?.tier).toBe('yearly');
    expect(taken?.pruned).toEqual([]);
    expect(await dumpsIn(dir)).toEqual([unverified, `itsupport-20270610T004300Z-yearly.${ext}`]);
    expect(await backupsInto(dir).takeDailyIfDue(jobCtx(t))).toBeNull();
  });

  it('§11 when the checksum cannot be written, no dump gets a backup’s name', async () => {
    const dir = await tempDir();
    t.clock.set(new Date('2027-06-11T00:43:00Z'));
    const file = backupFileName(t.clock.now(), 'yearly', kind);
    // A directory where the checksum's temporary file goes makes writing the checksum fail.
    await mkdir(path.join(dir, `${file}.sha256.partial`));
    await expect(backupsInto(dir).takeBackup(jobCtx(t))).rejects.toThrow(/EISDIR|directory/);
    expect(await readdir(dir)).toEqual([`${file}.sha256.partial`]);

    await rm(path.join(dir, `${file}.sha256.partial`), { recursive: true });
    const taken = await backupsInto(dir).takeBackup(jobCtx(t));
    expect((await readdir(dir)).sort()).toEqual([file, `${file}.sha256`]);
    expect(await readFile(`${taken.file}.sha256`, 'utf8')).toBe(`${taken.sha256}  ${file}\n`);
  });

  it('§11 the daily job removes exactly the debris of interrupted runs, and logs it', async () => {
    const dir = await tempDir();
    t.clock.set(new Date('2027-06-12T09:43:00Z'));
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    const plant = async (name: string, contents: string, mtime?: Date) => {
      await writeFile(path.join(dir, name), contents);
      if (mtime) await utimes(path.join(dir, name), mtime, mtime);
    };
    // Today's backup (so none is due), with its checksum, and a file of the user's.
    const today = `itsupport-20270612T004300Z-yearly.${ext}`;
    await plant(today, 'a dump', dayAgo);
    await plant(
      `${today}.sha256`,
      `${createHash('sha256').update('a dump').digest('hex')}  ${today}
`,
      dayAgo,
    );
    await plant('notes.txt', 'mine', dayAgo);
    // Debris a day old: a run that died dumping, and one that died between its checksum and the rename.
    const diedDumping = `itsupport-20270610T004300Z-daily.${ext}.partial`;
    const diedRenaming = `itsupport-20270611T004300Z-daily.${ext}`;
    await plant(diedDumping, 'half a dump', dayAgo);
    await plant(`${diedRenaming}.partial`, 'a whole dump', dayAgo);
    await plant(`${diedRenaming}.sha256`, `${'0'.repeat(64)}  ${diedRenaming}\n`, dayAgo);
    await plant(`itsupport-20270609T004300Z-daily.${ext}.sha256`, 'a stray checksum', dayAgo);
    // A manual backup another instance is writing right now.
    const inProgress = `itsupport-20270612T094259Z-daily.${ext}.partial`;
    await plant(inProgress, 'being written');

    const lines: string[] = [];
    const logged = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const ctx = jobCtx(t, 'test', logged);
    expect(await backupsInto(dir).takeDailyIfDue(ctx)).toBeNull();

    const debris = [
      diedDumping,
      `${diedRenaming}.partial`,
      `${diedRenaming}.sha256`,
      `itsupport-20270609T004300Z-daily.${ext}.sha256`,
    ];
    expect((await readdir(dir)).sort()).toEqual([inProgress, today, `${today}.sha256`, 'notes.txt'].sort());
    const entry = lines.map((l) => JSON.parse(l) as { msg: string; removed?: string[] }).find((l) => l.removed);
    expect(entry?.msg).toMatch(/debris/);
    expect(entry?.removed?.sort()).toEqual(debris.sort());
  });
});

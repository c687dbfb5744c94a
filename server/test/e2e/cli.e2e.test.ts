import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '../../src/app/system.js';
import { ManualClock } from '../../src/common/clock.js';
import { createLogger } from '../../src/common/logger.js';
import { parseConfig } from '../../src/config.js';
import { CredentialCipher } from '../../src/common/crypto.js';
import { openDatabase } from '../../src/database/database.js';
import { testDatabase, dropTestDatabases } from '../harness.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliJs = path.join(serverDir, 'dist', 'cli.js');
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = createLogger('silent');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI as an operator would. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliJs, ...args],
      { cwd: serverDir, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itsupport-cli-'));
  temps.push(dir);
  return dir;
}

const databases: string[] = [];
/** A fresh, empty PostgreSQL database; dropped after the tests. */
async function freshPostgres(): Promise<string> {
  const name = `itsupport_cli_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

beforeAll(async () => {
  // The real compiled command is tested; type errors elsewhere in the tree do not stop tsc emitting.
  await new Promise<void>((resolve) =>
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: serverDir, timeout: 300_000 }, () => resolve()),
  );
  await access(cliJs);
}, 300_000);

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
  await dropTestDatabases(databases);
});

const SIGN_IN = `mutation ($u: String!, $p: String!) {
  signIn(username: $u, password: $p) { __typename ... on Session { token user { role username } } }
}`;

async function signIn(url: string, u: string, p: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: SIGN_IN, variables: { u, p } }),
  });
  return ((await res.json()) as { data: { signIn: { __typename: string; user?: { role: string } } } }).data.signIn;
}

describe('server CLI', () => {
  it('prints its usage; wrong usage exits 2 with one line', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('create-owner --username <name>');
    expect(help.stdout).toContain('migrate-to-postgres --target <postgres-url>');
    for (const args of [
      [],
      ['frobnicate'],
      ['create-owner'],
      ['create-owner', '--username', 'boss_one', '--nope', 'x'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const noPassword = await cli(['create-owner', '--username', 'boss_one']);
    expect(noPassword.stderr).toMatch(/ITSUPPORT_OWNER_PASSWORD/);
    const shortPassword = await cli(['create-owner', '--username', 'boss_one', '--password', 'short']);
    expect(shortPassword).toMatchObject({ code: 2 });
    expect(shortPassword.stderr).toMatch(/10 to 200/);
  });

  it('create-owner makes an owner who signs in with that password; run again it resets the password', async () => {
    const dataDir = await tempDir();
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (testDatabase === 'postgres') {
      env.DATABASE_URL = await freshPostgres();
      env.ENCRYPTION_KEY = randomBytes(32).toString('base64');
    }
    const created = await cli(
      ['create-owner', '--username', '@Cli_Boss', '--telegram-id', '4242', '--password', 'first password 1'],
      env,
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/Created owner @Cli_Boss/);
    const reset = await cli(['create-owner', '--username', 'cli_boss'], {
      ...env,
      ITSUPPORT_OWNER_PASSWORD: 'second password 2',
    });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Set the password of owner @Cli_Boss/);

    const config = parseConfig({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    const system = await startSystem(config, log, { clock: new ManualClock() });
    try {
      expect(await signIn(system.url, 'cli_boss', 'first password 1')).toEqual({ __typename: 'InvalidCredentials' });
      const ok = await signIn(system.url, 'cli_boss', 'second password 2');
      expect(ok).toMatchObject({ __typename: 'Session', user: { role: 'OWNER', username: 'Cli_Boss' } });
      const rows = await system.database.dataSource.query(
        `SELECT telegram_id, role, active FROM app_user WHERE username = 'Cli_Boss'`,
      );
      expect(rows).toEqual([{ telegram_id: '4242', role: 'OWNER', active: true }]);
      await system.database.dataSource.query(`INSERT INTO app_user (role, username) VALUES ('MANAGER', 'cli_manager')`);
      if (testDatabase === 'embedded') {
        // The embedded database is open in the server: the CLI must not open it too.
        const locked = await cli(['create-owner', '--username', 'cli_boss', '--password', 'third password 3'], env);
        expect(locked.code).toBe(1);
        expect(locked.stderr).toMatch(/stop the server first/);
      }
    } finally {
      await system.stop();
    }
    const manager = await cli(['create-owner', '--username', 'cli_manager', '--password', 'manager password'], env);
    expect(manager.code).toBe(1);
    expect(manager.stderr).toMatch(/is a MANAGER, not an owner/);
    const taken = await cli(
      ['create-owner', '--username', 'cli_other', '--telegram-id', '4242', '--password', 'other password'],
      env,
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already belongs to another user/);
  });

  it('migrate-to-postgres copies every row, keeps values exact and continues the order numbers', async () => {
    const dataDir = await tempDir();
    const source = await openDatabase({ dataDir, poolSize: 2 }, log);
    const sq = (sql: string, params: unknown[] = []) => source.dataSource.query(sql, params);
    const [tariff] = await sq(`INSERT INTO tariff (name, reaction_time_minutes) VALUES ('Basic', 60) RETURNING id`);
    await sq(
      `INSERT INTO tariff_price (tariff_id, price, effective_from) VALUES ($1, '1500.50', '2024-01-01T00:00:00Z')`,
      [tariff.id],
    );
    const [account] = await sq(`INSERT INTO client_account (name, tariff_id) VALUES ('Acme', $1) RETURNING id`, [
      tariff.id,
    ]);
    const [zone] = await sq(`INSERT INTO branch (account_id, kind, name) VALUES ($1, 'ZONE', 'North') RETURNING id`, [
      account.id,
    ]);
    await sq(`INSERT INTO branch (account_id, parent_id, kind, name) VALUES ($1, $2, 'BRANCH', 'North 1')`, [
      account.id,
      zone.id,
    ]);
    const [client] = await sq(
      `INSERT INTO app_user (role, username, account_id) VALUES ('CLIENT', 'acme_client', $1) RETURNING id`,
      [account.id],
    );
    const [owner] = await sq(
      `INSERT INTO app_user (role, username, password_hash) VALUES ('OWNER', 'acme_owner', '$2b$12$x') RETURNING id`,
    );
    const [category] = await sq(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    const order = (createdAt: string) =>
      sq(
        `INSERT INTO service_order (account_id, author_id, category_id, description, reaction_minutes, reaction_due_at, created_at, credentials)
         VALUES ($1, $2, $3, 'Printer', 60, $4, $4, $5) RETURNING id, number`,
        [account.id, client.id, category.id, createdAt, Buffer.from([0, 1, 2, 255])],
      );
    const numbers: string[] = [];
    for (const at of [
      '2024-06-01T09:00:00.123456Z',
      '2025-02-01T09:00:00Z',
      '2025-03-01T09:00:00Z',
      '2025-04-01T09:00:00Z',
    ]) {
      const [o] = await order(at);
      numbers.push(o.number);
      await sq(
        `INSERT INTO order_event (order_id, account_id, kind, actor_id, data) VALUES ($1, $2, 'CREATED', $3, '{"a": [1, 2]}')`,
        [o.id, account.id, client.id],
      );
    }
    expect(numbers).toEqual(['2024-000001', '2025-000001', '2025-000002', '2025-000003']);
    const [key] = await sq(
      `INSERT INTO api_key (name, prefix, key_hash, scopes, created_by_id) VALUES ('k', 'abc123', 'h', '{users:read,"orders:read"}', $1) RETURNING id`,
      [owner.id],
    );
    await sq(
      `INSERT INTO audit_log (actor_id, api_key_id, action, entity, data) VALUES ($1, $2, 'x', 'y', '{"z": "ü"}')`,
      [owner.id, key.id],
    );
    await sq(`INSERT INTO login_attempt (username, succeeded) VALUES ('acme_owner', false), ('acme_owner', true)`);
    await sq(`INSERT INTO setting (key, value) VALUES ('BILLING_DAY', '5')`);
    const sourceCounts = new Map<string, number>();
    const tables: Array<{ table_name: string }> = await sq(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`,
    );
    for (const { table_name } of tables) {
      const [{ n }] = await sq(`SELECT count(*)::int AS n FROM "${table_name}"`);
      sourceCounts.set(table_name, n);
    }
    const [sourceOrder] = await sq(
      `SELECT created_at::text AS at, credentials FROM service_order WHERE number = '2024-000001'`,
    );
    await source.close();

    const target = await freshPostgres();
    const r = await cli(['migrate-to-postgres', '--target', target], { DATA_DIR: dataDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ tables match/);
    expect(r.stdout).toMatch(/service_order\s+4\s+4/);
    expect(r.stdout).toMatch(/order_number_2025=3/);

    const t = new pg.Client({ connectionString: target });
    await t.connect();
    try {
      for (const [table, n] of sourceCounts) {
        const { rows } = await t.query(`SELECT count(*)::int AS n FROM "${table}"`);
        expect({ table, n: rows[0].n }).toEqual({ table, n });
      }
      const { rows: copied } = await t.query(
        `SELECT created_at::text AS at, credentials FROM service_order WHERE number = '2024-000001'`,
      );
      expect(copied[0].at).toBe(sourceOrder.at);
      expect(Buffer.compare(copied[0].credentials, sourceOrder.credentials)).toBe(0);
      const { rows: keys } = await t.query(`SELECT scopes FROM api_key`);
      expect(keys[0].scopes).toEqual(['users:read', 'orders:read']);
      const { rows: tree } = await t.query(`SELECT count(*)::int AS n FROM branch WHERE parent_id = $1`, [zone.id]);
      expect(tree[0].n).toBe(1);
      // The next order of 2025 continues the copied sequence; history ids continue too.
      const { rows: next } = await t.query(
        `INSERT INTO service_order (account_id, author_id, category_id, description, reaction_minutes, reaction_due_at, created_at)
         VALUES ($1, $2, $3, 'Next', 60, '2025-05-01T09:00:00Z', '2025-05-01T09:00:00Z') RETURNING id, number`,
        [account.id, client.id, category.id],
      );
      expect(next[0].number).toBe('2025-000004');
      await t.query(`INSERT INTO order_event (order_id, account_id, kind) VALUES ($1, $2, 'CREATED')`, [
        next[0].id,
        account.id,
      ]);
      // Triggers are back on: history stays append-only.
      await expect(t.query(`DELETE FROM order_event`)).rejects.toThrow(/append-only/);
    } finally {
      await t.end();
    }

    const again = await cli(['migrate-to-postgres', '--target', target], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has ITSupport tables/);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('migrate-to-postgres refuses a missing source, an unreachable target and DATABASE_URL', async () => {
    const empty = await tempDir();
    const target = await freshPostgres();
    const noSource = await cli(['migrate-to-postgres', '--target', target], { DATA_DIR: empty });
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/no embedded database/);
    const dataDir = await tempDir();
    await (await openDatabase({ dataDir, poolSize: 1 }, log)).close();
    const unreachable = await cli(['migrate-to-postgres', '--target', 'postgres://postgres@127.0.0.1:1/none'], {
      DATA_DIR: dataDir,
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot connect/);
    const both = await cli(['migrate-to-postgres', '--target', target], {
      DATA_DIR: dataDir,
      DATABASE_URL: target,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/unset DATABASE_URL/);
    const badTarget = await cli(['migrate-to-postgres', '--target', 'mysql://x'], { DATA_DIR: dataDir });
    expect(badTarget.code).toBe(2);
  });

  it('a failed migrate-to-postgres leaves the target empty, so it can simply be run again', async () => {
    const dataDir = await tempDir();
    const source = await openDatabase({ dataDir, poolSize: 1 }, log);
    await source.dataSource.query(`CREATE TABLE stray_table (id integer)`);
    await source.close();
    const target = await freshPostgres();
    const failed = await cli(['migrate-to-postgres', '--target', target], { DATA_DIR: dataDir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/lacks tables after migrating: stray_table/);
    const t = new pg.Client({ connectionString: target });
    await t.connect();
    const { rows } = await t.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    await t.end();
    expect(rows[0].n).toBe(0);
    const reopened = await openDatabase({ dataDir, poolSize: 1 }, log);
    await reopened.dataSource.query(`DROP TABLE stray_table`);
    await reopened.close();
    const retried = await cli(['migrate-to-postgres', '--target', target], { DATA_DIR: dataDir });
    expect(retried.code).toBe(0);
  });

  it('R-ORD-4 reencrypt-credentials moves stored credentials to the current key; an unknown key changes nothing', async () => {
    const dataDir = await tempDir();
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (testDatabase === 'postgres') env.DATABASE_URL = await freshPostgres();
    const secret = 'admin / correct horse battery staple';
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 1 }, log);
    try {
      const [tariff] = await database.dataSource.query(
        `INSERT INTO tariff (name, reaction_time_minutes) VALUES ('T', 60) RETURNING id`,
      );
      const [account] = await database.dataSource.query(
        `INSERT INTO client_account (name, tariff_id) VALUES ('A', $1) RETURNING id`,
        [tariff.id],
      );
      const [author] = await database.dataSource.query(
        `INSERT INTO app_user (role, username, account_id) VALUES ('CLIENT', 'cred_client', $1) RETURNING id`,
        [account.id],
      );
      await database.dataSource.query(
        `INSERT INTO service_order (account_id, author_id, category_id, description, credentials, reaction_minutes, reaction_due_at)
         SELECT $1, $2, id, 'fix the site', $3, 60, now() + interval '1 hour' FROM category WHERE code = 'IT_HELP'`,
        [account.id, author.id, new CredentialCipher(oldKey).encrypt(secret)],
      );
    } finally {
      await database.close();
    }
    const stored = async () => {
      const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 1 }, log);
      try {
        return (await db.dataSource.query('SELECT credentials FROM service_order'))[0].credentials as Buffer;
      } finally {
        await db.close();
      }
    };
    const before = await stored();

    const missing = await cli(['reencrypt-credentials'], { ...env, ENCRYPTION_KEY: newKey });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not configured; add it to ENCRYPTION_PREVIOUS_KEYS.*Nothing was changed/);
    expect((await stored()).equals(before)).toBe(true);
    const done = await cli(['reencrypt-credentials'], {
      ...env,
      ENCRYPTION_KEY: newKey,
      ENCRYPTION_PREVIOUS_KEYS: oldKey,
    });
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toMatch(/Re-encrypted 1 of 1/);
    expect(done.stdout + done.stderr).not.toContain('horse');
    const again = await cli(['reencrypt-credentials'], { ...env, ENCRYPTION_KEY: newKey });
    expect(again.stdout).toMatch(/Re-encrypted 0 of 1/);

    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 1 }, log);
    try {
      const after = (await db.dataSource.query('SELECT credentials FROM service_order'))[0].credentials as Buffer;
      expect(after.equals(before)).toBe(false);
      expect(new CredentialCipher(newKey).decrypt(after)).toBe(secret);
      expect(() => new CredentialCipher(oldKey).decrypt(after)).toThrow();
    } finally {
      await db.close();
    }
  });
});

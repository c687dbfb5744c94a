/**
 * Issue 3: kill -9 the compiled server during a burst of order creations. Every mutation that returned
 * success must be in the database with its history and its notifications; nothing may be half-written.
 * Runs on the embedded database in a temporary DATA_DIR, or on a fresh PostgreSQL database when
 * TEST_DATABASE=postgres.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { openDatabase } from '../../src/database/database.js';
import { testDatabase, dropTestDatabases } from '../harness.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const mainJs = path.join(serverDir, 'dist/main.js');
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = 20;
const CONTRACTORS = 3;
const IN_FLIGHT = 16;

let dataDir: string;
let databaseUrl: string | undefined;
let databaseName: string | undefined;
const botToken = randomBytes(24).toString('base64url');
const encryptionKey = randomBytes(32).toString('base64');
let clientTelegramIds: string[] = [];
let categoryId: string;

/** The database as the test sees it: opened in this process while no server runs. */
async function withDatabase<T>(fn: (query: <R>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>) {
  const db = await openDatabase({ databaseUrl, dataDir, poolSize: 2 }, createLogger('silent'));
  try {
    return await fn((sql, params = []) => db.dataSource.query(sql, params));
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  // The real compiled server, as production runs it (type errors elsewhere in the tree do not stop tsc emitting).
  await new Promise<void>((resolve) =>
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: serverDir, timeout: 300_000 }, () => resolve()),
  );
  await access(mainJs);
  dataDir = await mkdtemp(path.join(tmpdir(), 'itsupport-crash-'));
  if (testDatabase === 'postgres') {
    databaseName = `itsupport_crash_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${databaseName}`;
    databaseUrl = u.toString();
  }
  // Migrate and seed: a tariff without an order limit, one account, its client members, contractors.
  await withDatabase(async (q) => {
    await q(`INSERT INTO setting (key, value) VALUES ('MAX_OPEN_ORDERS_PER_CLIENT', '100000')`);
    const [tariff] = await q<{ id: string }>(
      `INSERT INTO tariff (name, orders_per_period, reaction_time_minutes) VALUES ('Crash', NULL, 60) RETURNING id`,
    );
    await q(`INSERT INTO tariff_price (tariff_id, price, effective_from) VALUES ($1, 100, 'epoch')`, [tariff!.id]);
    const [account] = await q<{ id: string }>(
      `INSERT INTO client_account (name, tariff_id) VALUES ('Crash account', $1) RETURNING id`,
      [tariff!.id],
    );
    clientTelegramIds = Array.from({ length: CLIENTS }, (_, i) => String(7_000_000 + i));
    for (const tg of clientTelegramIds) {
      await q(`INSERT INTO app_user (role, telegram_id, account_id, first_name) VALUES ('CLIENT', $1, $2, 'Client')`, [
        tg,
        account!.id,
      ]);
    }
    for (let i = 0; i < CONTRACTORS; i++) {
      await q(`INSERT INTO app_user (role, telegram_id, first_name) VALUES ('CONTRACTOR', $1, 'Contractor')`, [
        String(8_000_000 + i),
      ]);
    }
    categoryId = (await q<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`))[0]!.id;
  });
}, 300_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  if (databaseName) await dropTestDatabases([databaseName]);
});

/** Starts the compiled server on the test's data; resolves with its URL once it listens. */
async function startServer(): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  let out = '';
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      BOT_SERVICE_TOKEN: botToken,
      ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: 'info',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const until = Date.now() + 60_000;
  for (;;) {
    const m = /ITSupport is listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(out);
    if (m) return { child, url: m[1]!, exited };
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CREATE = `mutation ($input: CreateOrderInput!) {
  createOrder(input: $input) { __typename ... on Order { id number } }
}`;

/** One createOrder as a client through the bot; the order on success, null on any failure. */
async function createOrder(url: string, telegramId: string, i: number): Promise<{ id: string; number: string } | null> {
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${botToken}`,
        'x-telegram-user': Buffer.from(JSON.stringify({ id: telegramId })).toString('base64url'),
      },
      body: JSON.stringify({ query: CREATE, variables: { input: { categoryId, description: `Burst order ${i}` } } }),
    });
    const body = (await res.json()) as { data?: { createOrder?: { __typename: string; id: string; number: string } } };
    const order = body.data?.createOrder;
    return order?.__typename === 'Order' ? { id: order.id, number: order.number } : null;
  } catch {
    return null;
  }
}

describe('kill -9 during a burst of order creations', () => {
  it('issue 3: every createOrder that returned success survives with its CREATED history and its notifications; nothing is half-written; the server restarts on the same data', async () => {
    const server = await startServer();
    const succeeded: Array<{ id: string; number: string }> = [];
    let sent = 0;
    let killed = false;
    const started = Date.now();
    // Keep IN_FLIGHT requests running; kill the process once enough have succeeded (mid-burst).
    const worker = async () => {
      while (!killed) {
        const i = sent++;
        const order = await createOrder(server.url, clientTelegramIds[i % CLIENTS]!, i);
        if (order) succeeded.push(order);
      }
    };
    const workers = Array.from({ length: IN_FLIGHT }, worker);
    while (succeeded.length < 100 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(workers);
    console.log(
      `kill -9 after ${Date.now() - started} ms: ${succeeded.length} createOrder succeeded, ${sent - succeeded.length} in flight or failed`,
    );
    expect(succeeded.length).toBeGreaterThanOrEqual(100);

    // The server starts again on the same data (the embedded database recovers from its log).
    const restarted = await startServer();
    const after = await createOrder(restarted.url, clientTelegramIds[0]!, -1);
    expect(after).not.toBeNull();
    restarted.child.kill('SIGTERM');
    await restarted.exited;

    await withDatabase(async (q) => {
      const ids = succeeded.map((o) => o.id);
      const found = await q<{ id: string; number: string; created: number; notifications: number }>(
        `SELECT o.id, o.number,
                (SELECT count(*)::int FROM order_event e WHERE e.order_id = o.id AND e.kind = 'CREATED') AS created,
                (SELECT count(*)::int FROM notification n WHERE n.order_id = o.id) AS notifications
           FROM service_order o WHERE o.id = ANY($1::uuid[])`,
        [ids],
      );
      const byId = new Map(found.map((r) => [r.id, r]));
      for (const o of succeeded) {
        // Acknowledged: there, as it was answered, with its history and its author + contractors notified.
        expect(byId.get(o.id), `order ${o.number}`).toMatchObject({
          number: o.number,
          created: 1,
          notifications: 1 + CONTRACTORS,
        });
      }
      // Nothing half-written anywhere (also for requests the kill cut off, whether they committed or not).
      const [check] = await q<Record<string, number>>(`SELECT
        (SELECT count(*)::int FROM service_order o
          WHERE (SELECT count(*) FROM order_event e WHERE e.order_id = o.id AND e.kind = 'CREATED') <> 1) AS without_history,
        (SELECT count(*)::int FROM service_order o
          WHERE (SELECT count(*) FROM notification n WHERE n.order_id = o.id) <> ${1 + CONTRACTORS}) AS without_notifications,
        (SELECT count(*)::int FROM notification n
          WHERE n.order_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM service_order o WHERE o.id = n.order_id)) AS orphans,
        (SELECT count(*)::int - count(DISTINCT number)::int FROM service_order) AS duplicate_numbers,
        (SELECT count(*)::int FROM service_order) AS orders`);
      expect(check).toMatchObject({ without_history: 0, without_notifications: 0, orphans: 0, duplicate_numbers: 0 });
      expect(check!.orders).toBeGreaterThanOrEqual(succeeded.length + 1);
    });
  }, 240_000);
});

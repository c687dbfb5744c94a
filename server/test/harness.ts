import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseConfig } from '../src/config.js';
import { createLogger, type Logger } from '../src/common/logger.js';
import type { Ctx } from '../src/common/context.js';
import { jobContext } from '../src/jobs/job-context.js';
import { ManualClock, type Clock } from '../src/common/clock.js';
import { startSystem, type System } from '../src/app/system.js';

/** Which database the end-to-end suite runs on: the embedded one (default) or PostgreSQL (TEST_DATABASE=postgres). */
export const testDatabase = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'embedded';
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Caller {
  /** Extra HTTP headers for this caller. */
  headers: Record<string, string>;
  /** WebSocket connection params for this caller. */
  connectionParams: Record<string, unknown>;
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface TestSystem {
  system: System;
  url: string;
  clock: ManualClock;
  botToken: string;
  /** Every SQL statement run since the last reset (for query counting). */
  queries: string[];
  /** Sends a GraphQL request over HTTP. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GqlResult<T>>;
  /** Like gql but fails the test on any error and returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<T>;
  /** Raw SQL against the test database (to check what a request changed, or seed). */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** A graphql-ws client for a caller. */
  ws(as?: Caller): Client;
  stop(): Promise<void>;
}

/** The bot service acting for a Telegram user. */
export function asTelegram(
  t: TestSystem,
  tg: { id: string | number; username?: string; firstName?: string; lastName?: string; languageCode?: string },
): Caller {
  const identity = { ...tg, id: String(tg.id) };
  return {
    headers: {
      authorization: `Bearer ${t.botToken}`,
      'x-telegram-user': Buffer.from(JSON.stringify(identity)).toString('base64url'),
    },
    connectionParams: { authorization: `Bearer ${t.botToken}`, telegramUser: identity },
  };
}

/** A caller presenting a bearer token (a web session or an API key). */
export function withToken(token: string): Caller {
  return { headers: { authorization: `Bearer ${token}` }, connectionParams: { authorization: `Bearer ${token}` } };
}

/** A context like the job runner's on a test system: no caller, the test's clock; a silent log unless given. */
export function jobCtx(t: TestSystem, jobName = 'test', log: Logger = createLogger('silent')): Ctx {
  return jobContext(
    { dataSource: t.system.database.dataSource, clock: t.clock, log, eventBus: t.system.services.eventBus },
    jobName,
  );
}

export const anonymous: Caller = { headers: {}, connectionParams: {} };

/**
 * Starts the whole system on a fresh database; `stop` drops the database afterwards. With `attachTo`, starts a
 * second instance on the same PostgreSQL database instead (same secrets and clock; its `stop` leaves the
 * database alone) — several instances need a PostgreSQL server: the embedded database is single-process.
 */
export async function startTestSystem(
  opts: { env?: Record<string, string>; clock?: Clock; attachTo?: TestSystem } = {},
): Promise<TestSystem> {
  const clock = (opts.clock as ManualClock | undefined) ?? opts.attachTo?.clock ?? new ManualClock(new Date());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'itsupport-test-'));
  const botToken = opts.attachTo?.botToken ?? randomBytes(24).toString('base64url');
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (opts.attachTo) {
    databaseUrl = opts.attachTo.system.config.databaseUrl;
    if (!databaseUrl) throw new Error('attachTo needs a PostgreSQL database (TEST_DATABASE=postgres)');
  } else if (testDatabase === 'postgres') {
    const name = `itsupport_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = () => dropTestDatabases([name]);
  }
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BOT_SERVICE_TOKEN: botToken,
    ENCRYPTION_KEY: opts.attachTo?.system.config.encryptionKey ?? randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The hourly backup job would dump every test database it finds alive; backup tests turn it on.
    BACKUPS_ENABLED: 'false',
    // Background jobs (SLA sweep, billing checks) would act on a test's data at times the test does not
    // control; tests about jobs turn them on explicitly.
    JOBS_ENABLED: 'false',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  });
  const queries: string[] = [];
  const system = await startSystem(config, createLogger(config.logLevel), { clock, onQuery: (q) => queries.push(q) });
  const url = system.url;
  const clients: Client[] = [];

  const gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    as: Caller = anonymous,
  ): Promise<GqlResult<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as.headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };

  return {
    system,
    url,
    clock,
    botToken,
    queries,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<T> {
      const r = await gql<T>(query, variables, as);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data as T;
    },
    async sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
      return system.database.dataSource.query(text, params) as Promise<T[]>;
    },
    ws(as: Caller = anonymous) {
      const client = createClient({
        url: `${url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: as.connectionParams,
        lazy: true,
        retryAttempts: 0,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await system.stop();
      await dropDatabase?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Inserts a user directly (test set-up only); returns its id. */
export async function seedUser(
  t: TestSystem,
  u: {
    role: string;
    username?: string;
    telegramId?: string | number;
    accountId?: string;
    branchId?: string;
    active?: boolean;
    firstName?: string;
  },
): Promise<string> {
  const rows = await t.sql<{ id: string }>(
    `INSERT INTO app_user (role, username, telegram_id, account_id, branch_id, active, first_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      u.role,
      u.username ?? null,
      u.telegramId === undefined ? null : String(u.telegramId),
      u.accountId ?? null,
      u.branchId ?? null,
      u.active ?? true,
      u.firstName ?? null,
    ],
  );
  return rows[0]!.id;
}

let nextTelegramId = 100_000 + Math.floor(Math.random() * 1_000_000);

/** A fresh Telegram id for a test person. */
export const newTelegramId = () => String(nextTelegramId++);

/**
 * Drops test databases once their sessions are gone. A pool's end() resolves before its sockets have closed;
 * dropping WITH (FORCE) at once killed connections still saying goodbye, and their error had no listener
 * any more. So wait (bounded) for the sessions to leave, and force only what lingers.
 */
export async function dropTestDatabases(names: readonly string[]): Promise<void> {
  if (!names.length) return;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()',
        [names],
      );
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

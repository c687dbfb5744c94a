import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A Telegram identity the bot service acts for. */
export interface TelegramPerson {
  id: string;
  username: string;
}

/** The compiled server running on a fresh embedded database, as a black box reached over HTTP. */
export interface RunningServer {
  url: string;
  botToken: string;
  owner: TelegramPerson;
  /** GraphQL over HTTP as the bot acting for `as` (the owner by default); fails on errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: TelegramPerson): Promise<T>;
  /** GraphQL over HTTP with a bearer token (API key or session); returns data and errors as they are. */
  raw(query: string, variables: Record<string, unknown>, token: string): Promise<{ data?: any; errors?: any[] }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${log()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready within 60 s:\n${log()}`);
}

/**
 * Starts server/dist/main.js (built by the root `pnpm test` before this package's tests) with a temporary
 * DATA_DIR and a bootstrap owner; the admin panel it serves must be built (scripts/build-admin.mjs).
 */
export async function startServer(): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'itsupport-admin-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const owner = { id: '7100000001', username: 'panel_owner' };
  let output = '';
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/dist/main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      BACKUPS_ENABLED: 'false',
      BOOTSTRAP_OWNER_USERNAME: owner.username,
      BOOTSTRAP_OWNER_TELEGRAM_ID: owner.id,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    await waitReady(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const botToken = (await readFile(path.join(dataDir, 'secrets', 'bot-service-token'), 'utf8')).trim();

  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  return {
    url,
    botToken,
    owner,
    async gql(query, variables = {}, as = owner) {
      const identity = Buffer.from(JSON.stringify(as)).toString('base64url');
      const body = await post(query, variables, { authorization: `Bearer ${botToken}`, 'x-telegram-user': identity });
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    raw: (query, variables, token) => post(query, variables, { authorization: `Bearer ${token}` }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

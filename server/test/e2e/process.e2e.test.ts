import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const main = path.join(serverDir, 'dist/main.js');
const worker = path.join(serverDir, 'dist/worker.js');
let dataDir: string;

/** The compiled server, as production runs it: vitest would hide ESM decorator-metadata crashes. */
beforeAll(() => {
  execFileSync(path.join(serverDir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: serverDir,
    stdio: 'inherit',
  });
}, 180_000);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'itsupport-process-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function run(
  env: Record<string, string>,
  entry = main,
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForLine(output: () => string, pattern: RegExp, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!pattern.test(output())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the compiled server process', () => {
  it('stops at start-up with one line naming a bad variable', async () => {
    for (const [name, value, hint] of [
      ['PORT', 'eighty', /PORT="eighty": expected a whole number from 0 to 65535/],
      ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x": expected a postgres/],
      ['ENCRYPTION_KEY', 'short', /ENCRYPTION_KEY="short": expected 32 random bytes/],
      ['GRAPHQL_PLAYGROUND', 'maybe', /GRAPHQL_PLAYGROUND="maybe": expected true or false/],
    ] as const) {
      const p = run({ DATA_DIR: dataDir, [name]: value });
      expect(await p.exited).toBe(2);
      const lines = p.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(hint);
    }
  });

  it('starts on an empty data directory, creates the bootstrap owner, and stops within 10 s of SIGTERM', async () => {
    const p = run({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      BOOTSTRAP_OWNER_USERNAME: '@first_owner',
      BOOTSTRAP_OWNER_TELEGRAM_ID: '777000111',
    });
    await waitForLine(p.output, /ITSupport is listening on http:\/\/127\.0\.0\.1:(\d+)\/graphql/);
    const port = /127\.0\.0\.1:(\d+)\/graphql/.exec(p.output())![1];
    const startupMs = Number(/"startupMs":(\d+)/.exec(p.output())![1]);
    console.log(`start-up on an empty data directory: ${startupMs} ms`);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ viewer { __typename } }"}',
    });
    expect(await res.json()).toEqual({ data: { viewer: { __typename: 'Anonymous' } } });
    const started = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.output()).toMatch(/bootstrap owner created/);
  });

  it('a SIGTERM during start-up stops the server gracefully once start-up is over (exit 0)', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'itsupport-process-'));
    try {
      const p = run({ DATA_DIR: fresh, PORT: '0', HOST: '127.0.0.1' });
      // Well before the server listens: the database is open, migrations and jobs are still to come.
      await waitForLine(p.output, /embedded database opened/);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.output()).toMatch(/"signal":"SIGTERM","msg":"shutting down"[\s\S]*"msg":"stopped"/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('reopens an existing data directory and keeps what it had', async () => {
    const p = run({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', BOOTSTRAP_OWNER_USERNAME: 'first_owner' });
    await waitForLine(p.output, /ITSupport is listening/);
    const startupMs = Number(/"startupMs":(\d+)/.exec(p.output())![1]);
    console.log(`start-up on an existing data directory: ${startupMs} ms`);
    expect(p.output()).not.toMatch(/bootstrap owner created/);
    expect(p.output()).not.toMatch(/migrations applied/);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
  });
});

describe('the compiled worker process (pnpm worker)', () => {
  it('runs only the jobs (no HTTP) on the same data, and stops within 10 s of SIGTERM', async () => {
    const p = run({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }, worker);
    await waitForLine(p.output, /ITSupport worker is running jobs/);
    expect(p.output()).toMatch(/"processing":true/);
    expect(p.output()).not.toMatch(/listening/);
    const started = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops at start-up with one line naming a bad job setting', async () => {
    for (const [name, value, hint] of [
      ['JOBS_ENABLED', 'sometimes', /JOBS_ENABLED="sometimes": expected true or false/],
      [
        'AGENDA_MONGO_URL',
        'redis://x',
        /AGENDA_MONGO_URL="redis:\/\/x": expected a mongodb:\/\/ or mongodb\+srv:\/\/ connection URL/,
      ],
    ] as const) {
      const p = run({ DATA_DIR: dataDir, [name]: value }, worker);
      expect(await p.exited).toBe(2);
      expect(p.output().trim().split('\n')).toHaveLength(1);
      expect(p.output()).toMatch(hint);
    }
  });
});

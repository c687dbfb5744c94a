#!/usr/bin/env node
// `pnpm start`: the server, and next to it the Telegram bot when TELEGRAM_BOT_TOKEN is set. The bot talks to
// this server (GRAPHQL_URL) with the service token the server generates into DATA_DIR/secrets in embedded
// mode (or BOT_SERVICE_TOKEN), so no other variable is needed. Signals go to both; when one exits, both stop.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '4000';
const children = new Set();
let exiting = false;

function log(message) {
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), service: 'itsupport-start', msg: message })}\n`,
  );
}

function run(name, args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (exiting) {
      if (!children.size) process.exit(process.exitCode ?? 0);
      return;
    }
    log(`${name} exited (${signal ?? code}); stopping`);
    stopAll(code ?? 1);
  });
  return child;
}

function stopAll(code) {
  exiting = true;
  process.exitCode = code;
  for (const child of children) child.kill('SIGTERM');
  if (!children.size) process.exit(code);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Waits until the server answers /readyz (it has written its secrets by then). */
async function serverReady() {
  const url = `http://127.0.0.1:${port}/readyz`;
  for (let i = 0; i < 600 && !exiting; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

run('server', ['server/dist/main.js'], process.env);

if (!process.env.TELEGRAM_BOT_TOKEN) {
  log(
    'Telegram bot not started: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and start with ' +
      'TELEGRAM_BOT_TOKEN=<token> pnpm start to run it next to the server (README: "Telegram bot").',
  );
} else {
  const build = spawnSync('pnpm', ['--filter', '@itsupport/bot-client', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    log('Telegram bot not started: its build failed');
    stopAll(1);
  } else if (await serverReady()) {
    run('bot', ['bot-client/dist/main.js'], {
      ...process.env,
      GRAPHQL_URL: process.env.GRAPHQL_URL ?? `http://127.0.0.1:${port}/graphql`,
    });
  } else if (!exiting) {
    log('Telegram bot not started: the server did not become ready');
    stopAll(1);
  }
}

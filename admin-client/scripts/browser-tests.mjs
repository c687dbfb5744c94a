// Runs the panel's browser tests in Debian's Chromium (never a test tool's own download). Where no Chromium
// is installed — a fresh machine with only Node and npm — they are skipped with a clear message, except in CI
// (CI=true), where a missing browser is a failure: .ci/run installs it with apt.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message =
    `admin-client: browser tests need Chromium at ${chromium} (Debian: apt-get install chromium; ` +
    'or set CHROMIUM_PATH).';
  if (process.env.CI === 'true') {
    console.error(`${message} CI requires them.`);
    process.exit(1);
  }
  console.warn(`${message} Skipped them; the component tests ran.`);
  process.exit(0);
}
// vitest's own CLI entry (its package exports do not list it; its package.json names it as the bin).
const vitestPackage = createRequire(import.meta.url).resolve('vitest/package.json');
const vitest = path.join(path.dirname(vitestPackage), 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'browser'], { stdio: 'inherit' });
process.exit(run.status ?? 1);

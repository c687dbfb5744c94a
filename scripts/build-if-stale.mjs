// Builds a vite front-end package (playground/, admin-client/) into its dist/ when dist is missing or older
// than its sources, so `pnpm start` and `pnpm test` on a fresh clone get it and repeated runs cost ~nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time among the files under `p` (0 when absent). */
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * Builds `<root>/<dir>` with its own vite when stale (or always with `force`); exits the process on failure.
 * `label` names the package in messages.
 */
export function buildIfStale({ dir, label, force = false }) {
  const pkg = path.join(root, dir);
  const dist = path.join(pkg, 'dist');
  const stamp = path.join(dist, 'index.html');
  const inputs = ['index.html', 'vite.config.ts', 'package.json', 'src'].map((p) => path.join(pkg, p));
  const sourcesAt = Math.max(...inputs.map(newestMtime));
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesAt) return;

  const vite = path.join(pkg, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    console.error(`${dir}: vite is not installed; run \`pnpm install\` first.`);
    process.exit(1);
  }

  // Build next to dist and swap it in, so a failed or concurrent build never leaves a half-written dist
  // that looks fresh.
  const tmp = path.join(pkg, `dist.tmp-${process.pid}`);
  const old = path.join(pkg, `dist.old-${process.pid}`);
  console.log(`${dir}: building ${label} into ${dir}/dist …`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', tmp, '--emptyOutDir'], {
    cwd: pkg,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    console.error(`${dir}: build failed`);
    process.exit(result.status ?? 1);
  }
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`${dir}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

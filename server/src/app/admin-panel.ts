import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Logger } from '../common/logger.js';

/**
 * The admin panel built by `node scripts/build-admin.mjs` (part of `pnpm start`): admin-client/dist in the
 * nearest folder above this module that has admin-client — the project root, from server/src, server/dist or
 * the benchmarks' server/dist-bench/src alike.
 */
export const ADMIN_DIST = findAdminDist(path.dirname(fileURLToPath(import.meta.url)));

function findAdminDist(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'admin-client'))) return path.join(dir, 'admin-client', 'dist') + path.sep;
    if (path.dirname(dir) === dir) return fileURLToPath(new URL('../../../admin-client/dist/', import.meta.url));
  }
}

/**
 * Paths the panel never answers, even for a browser: the API, health checks, the playground, report files
 * (`/reports/<file>`; the panel's own reports page is `/reports`), and missing assets (a real 404, not HTML).
 */
const RESERVED = /^\/(graphql|graphql-playground|healthz|readyz|assets)(\/|$)|^\/reports\/./;

const notBuiltPage = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>ITSupport admin</title>
<h1>Admin panel not built</h1>
<p>Build it once from the project root and reload this page:</p>
<pre>pnpm install &amp;&amp; node scripts/build-admin.mjs</pre>
<p>(<code>pnpm start</code> builds it automatically.)</p>
</html>`;

/**
 * Serves the admin panel at `/`: hashed assets under /assets/, and index.html for every other page a browser
 * asks for (the panel routes on the client), never for the API, health or report paths. Register it last.
 */
export function serveAdminPanel(app: express.Express, log: Logger, dir: string = ADMIN_DIST): void {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) log.warn({ dir }, 'admin panel is not built; run `node scripts/build-admin.mjs`');
  app.use('/assets', express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '1y' }));
  app.get(/.*/, (req, res, next) => {
    if (RESERVED.test(req.path) || !req.accepts('html')) return next();
    // Checked per request: a build made while the server runs is picked up without a restart.
    if (!existsSync(index)) {
      res.status(503).type('html').send(notBuiltPage);
      return;
    }
    res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
  });
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Logger } from '../common/logger.js';

/**
 * The bundled GraphiQL built by `node scripts/build-playground.mjs` (part of `pnpm start` and `pnpm test`).
 * Resolved from this module, which sits at the same depth in server/src and server/dist.
 */
export const PLAYGROUND_DIST = fileURLToPath(new URL('../../../playground/dist/', import.meta.url));

/** URL prefix of the playground's scripts, styles, workers and fonts (vite `base`). */
export const PLAYGROUND_ASSETS_PATH = '/graphql-playground';

/** Browsers navigating to /graphql prefer HTML; API clients ask for JSON or anything. */
function wantsHtml(req: express.Request): boolean {
  return Boolean(req.accepts('html')) && req.accepts(['json', 'html']) === 'html';
}

const notBuiltPage = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>ITSupport GraphQL</title>
<h1>GraphQL playground not built</h1>
<p>The GraphQL API answers at <code>POST /graphql</code> (and over WebSocket, graphql-ws, at the same path).</p>
<p>To get the playground, build it once from the project root and reload this page:</p>
<pre>pnpm install &amp;&amp; node scripts/build-playground.mjs</pre>
<p>(<code>pnpm start</code> builds it automatically.)</p>
</html>`;

/**
 * Serves the offline GraphiQL: its page on GET /graphql to browsers (requests that accept HTML),
 * its assets under /graphql-playground/. Never fails start-up: without a build the page says how to build it.
 */
export function servePlayground(app: express.Express, log: Logger, dir: string = PLAYGROUND_DIST): void {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    log.warn({ dir }, 'GraphQL playground is not built; run `node scripts/build-playground.mjs`');
  }
  // Asset names carry content hashes, so browsers may cache them for good.
  app.use(PLAYGROUND_ASSETS_PATH, express.static(dir, { index: false, immutable: true, maxAge: '1y' }));
  app.get('/graphql', (req, res, next) => {
    if (!wantsHtml(req)) return next();
    // Checked per request: a build made while the server runs is picked up without a restart.
    if (!existsSync(index)) {
      res.status(503).type('html').send(notBuiltPage);
      return;
    }
    res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
  });
}

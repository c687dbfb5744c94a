import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { PLAYGROUND_ASSETS_PATH, PLAYGROUND_DIST, servePlayground } from '../../src/app/playground.js';
import { startTestSystem, withToken, type TestSystem } from '../harness.js';

// What a browser sends when navigating to a page.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const INTROSPECTION = '{ __schema { queryType { name } } }';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const getPage = (url: string, accept = BROWSER_ACCEPT) => fetch(`${url}/graphql`, { headers: { accept } });

/**
 * Every asset the page loads, directly or from its scripts and styles (lazy chunks, workers, fonts), as
 * same-origin paths with their HTTP status. References come in three forms: absolute under the assets path
 * (HTML, CSS url()), `./x.js` relative to the importing chunk, and `assets/x.js` relative to the base (preload map).
 */
async function crawlAssets(url: string, html: string): Promise<Map<string, number>> {
  const base = new URL(`${PLAYGROUND_ASSETS_PATH}/`, url);
  const ref = new RegExp(
    `(?:${PLAYGROUND_ASSETS_PATH}/assets/|(?<![\\w.])\\./|(?<![\\w/.-])assets/)[\\w.-]+\\.(?:js|css|ttf|woff2?|svg|png)`,
    'g',
  );
  const pending = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, url));
  const seen = new Map<string, number>();
  while (pending.length) {
    const asset = pending.pop()!;
    if (seen.has(asset.pathname)) continue;
    const res = await fetch(asset);
    seen.set(asset.pathname, res.status);
    if (!res.ok || !/\.(js|css)$/.test(asset.pathname)) continue;
    for (const found of (await res.text()).match(ref) ?? []) {
      pending.push(new URL(found, found.startsWith('assets/') ? base : asset));
    }
  }
  return seen;
}

beforeAll(() => {
  // `pnpm test` builds it first; this keeps a direct `vitest run` of this file working on a fresh clone.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-playground.mjs')], { stdio: 'inherit' });
}, 180_000);

describe('playground on (default)', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves GraphiQL to a browser at GET /graphql', async () => {
    const res = await getPage(t.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    expect(html).toMatch(new RegExp(`<script[^>]+src="${PLAYGROUND_ASSETS_PATH}/assets/[^"]+\\.js"`));
  });

  it('works offline: the page names no other host and the server serves every asset it loads', async () => {
    const html = await (await getPage(t.url)).text();
    expect(html).not.toMatch(/https?:\/\//);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(ref).toMatch(/^\/(?!\/)/); // same origin, never protocol-relative
    const assets = await crawlAssets(t.url, html);
    const failed = [...assets].filter(([, status]) => status !== 200);
    expect(failed).toEqual([]);
    // Scripts, styles, the Monaco editor/JSON/GraphQL workers and the icon font all come from here.
    const names = [...assets.keys()].join('\n');
    expect(names).toMatch(/\.css$/m);
    expect(names).toMatch(/editor\.worker[^/]*\.js$/m);
    expect(names).toMatch(/graphql\.worker[^/]*\.js$/m);
    expect(names).toMatch(/json\.worker[^/]*\.js$/m);
    expect(names).toMatch(/\.ttf$/m);
    // Nothing built is unreachable: the crawl found every file vite emitted.
    expect(assets.size).toBe(readdirSync(path.join(PLAYGROUND_DIST, 'assets')).length);
    // The bundle loads no code from a CDN.
    const main = /src="([^"]+\.js)"/.exec(html)![1]!;
    const code = await (await fetch(`${t.url}${main}`)).text();
    expect(code).not.toMatch(/esm\.sh|unpkg\.com|cdn\.jsdelivr|fonts\.googleapis/);
  });

  it('leaves API clients alone: JSON and wildcard GETs reach GraphQL, POST /graphql answers', async () => {
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      const res = await getPage(t.url, accept);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    }
    expect((await t.ok<any>('{ viewer { __typename } }')).viewer.__typename).toBe('Anonymous');
    // GraphiQL's HTTP fetcher asks for multipart or JSON; the answer is plain JSON.
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, multipart/mixed' },
      body: JSON.stringify({ query: INTROSPECTION }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('a header pasted into the header editor authenticates over HTTP and over WebSocket alike', async () => {
    // GraphiQL sends the editor's headers as HTTP headers and as graphql-ws connection params (key as typed).
    const header = `Bearer ${t.botToken}`;
    expect((await t.ok<any>('{ viewer { __typename } }', {}, withToken(t.botToken))).viewer.__typename).toBe(
      'BotService',
    );
    const ws = t.ws({ headers: {}, connectionParams: { Authorization: header } });
    const result = await new Promise<any>((resolve, reject) => {
      let value: unknown;
      ws.subscribe(
        { query: '{ viewer { __typename } }' },
        { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
      );
    });
    expect(result).toEqual({ data: { viewer: { __typename: 'BotService' } } });
  });

  it('an unknown asset is a 404, not the page', async () => {
    const res = await fetch(`${t.url}${PLAYGROUND_ASSETS_PATH}/assets/nope.js`);
    expect(res.status).toBe(404);
  });
});

describe('GRAPHQL_PLAYGROUND=false', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ env: { GRAPHQL_PLAYGROUND: 'false' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves no page and no assets, while the API and introspection still work', async () => {
    const res = await getPage(t.url);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await res.text()).not.toContain('<div id="root">');
    const built = readFileSync(path.join(PLAYGROUND_DIST, 'index.html'), 'utf8');
    const script = /src="([^"]+\.js)"/.exec(built)![1]!;
    expect((await fetch(`${t.url}${script}`)).status).toBe(404);
    expect((await t.ok<any>('{ viewer { __typename } }')).viewer.__typename).toBe('Anonymous');
    expect(await t.ok<any>(INTROSPECTION)).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ env: { GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses an introspection query and changes nothing else', async () => {
    const r = await t.gql(INTROSPECTION);
    expect(r.data ?? null).toBeNull();
    expect(JSON.stringify(r.errors)).toMatch(/introspection/i);
    const byType = await t.gql('{ __type(name: "Query") { name } }');
    expect(byType.data ?? null).toBeNull();
    expect(JSON.stringify(byType.errors)).toMatch(/introspection/i);
    expect((await t.ok<any>('{ viewer { __typename } }')).viewer.__typename).toBe('Anonymous');
    expect((await getPage(t.url)).status).toBe(200);
  });
});

describe('playground not built', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    servePlayground(app, createLogger('silent'), path.join(tmpdir(), `itsupport-no-playground-${process.pid}`));
    app.use('/graphql', (_req, res) => {
      res.json({ api: true });
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('says how to build it instead of failing, and leaves the API path alone', async () => {
    const res = await getPage(url);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('node scripts/build-playground.mjs');
    expect(await (await getPage(url, 'application/json')).json()).toEqual({ api: true });
  });
});

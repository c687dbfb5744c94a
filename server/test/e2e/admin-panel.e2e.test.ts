import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { serveAdminPanel } from '../../src/app/admin-panel.js';
import { startTestSystem, type TestSystem } from '../harness.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the admin panel is served at / without shadowing the API', () => {
  let dir: string;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'admin-dist-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>panel</title>');
    await writeFile(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const app = express();
    app.get('/reports/:file', (_req, res) => void res.type('text/csv').send('report'));
    app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    app.use('/graphql', (_req, res) => void res.json({ data: { api: true } }));
    serveAdminPanel(app, createLogger('silent'), dir);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every client route a browser opens with index.html, and assets as cacheable files', async () => {
    for (const page of ['/', '/orders', '/orders/123', '/reports', '/login?token=x']) {
      const res = await fetch(`${url}${page}`, { headers: { accept: BROWSER_ACCEPT } });
      expect(res.status, page).toBe(200);
      expect(await res.text()).toContain('<title>panel</title>');
    }
    const asset = await fetch(`${url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
  });

  it('never shadows the API, health checks or report files', async () => {
    const report = await fetch(`${url}/reports/orders.csv`, { headers: { accept: BROWSER_ACCEPT } });
    expect(await report.text()).toBe('report');
    expect(await (await fetch(`${url}/healthz`, { headers: { accept: BROWSER_ACCEPT } })).json()).toEqual({
      status: 'ok',
    });
    expect(await (await fetch(`${url}/graphql`, { headers: { accept: 'application/json' } })).json()).toEqual({
      data: { api: true },
    });
    expect((await fetch(`${url}/readyz`, { headers: { accept: BROWSER_ACCEPT } })).status).toBe(404);
  });

  it('says how to build the panel when it is not built', async () => {
    await rm(path.join(dir, 'index.html'));
    const res = await fetch(`${url}/orders`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('node scripts/build-admin.mjs');
  });
});

describe('the real server', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => t?.stop());

  it('keeps GraphQL and health answering next to the panel', async () => {
    expect((await t.ok('{ viewer { __typename } }')).viewer.__typename).toBe('Anonymous');
    const health = await fetch(`${t.url.replace(/\/graphql$/, '')}/healthz`, { headers: { accept: BROWSER_ACCEPT } });
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});

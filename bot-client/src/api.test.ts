import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTimeoutError, download, request, type ApiOptions } from './api.js';

/**
 * A server that answers the headers and never the rest (POST), or nothing at all (GET): the deadline covers the
 * whole answer, not only its start.
 */
describe('deadlines of calls to the server (request, download)', () => {
  const BOUND_MS = 5_000;
  let server: http.Server;
  let options: ApiOptions;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.method === 'POST') res.writeHead(200, { 'content-type': 'application/json' }).write('{"data":');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    options = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      serviceToken: 'a-service-token-of-24-chars',
      timeoutMs: 300,
      downloadTimeoutMs: 600,
    };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a query whose answer stops half-way fails with ApiTimeoutError naming the operation', async () => {
    const started = Date.now();
    const error = await request(options, parse('query Viewer { viewer { __typename } }'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toMatchObject({ call: 'Viewer', timeoutMs: 300, code: 'API_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  });

  it('a report download nobody answers fails with ApiTimeoutError after the download deadline', async () => {
    const started = Date.now();
    const error = await download(options, '/reports/sla.xlsx?periodStart=x', { id: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toMatchObject({ call: '/reports/sla.xlsx', timeoutMs: 600 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  });
});

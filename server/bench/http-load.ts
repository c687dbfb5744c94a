/**
 * A separate process sending GraphQL requests over HTTP, so that the server's process does only server work
 * (the HTTP client costs CPU too: in the server's own process it was counted as the server's). Driven over IPC
 * by create-order.bench.ts.
 */
import http from 'node:http';

interface Run {
  type: 'run';
  url: string;
  query: string;
  /** Variables as JSON; every `$I` in it becomes the request's number (distinct texts per request). */
  variables: string;
  /** Headers per lane: lane k sends requests k, k + lanes, … one at a time. */
  lanes: Array<Record<string, string>>;
  total: number;
}

export interface LoadResult {
  type: 'done';
  elapsedMs: number;
  failures: number;
  firstFailure: string | null;
  /** CPU this process spent, milliseconds. */
  cpuMs: number;
}

/** One connection per lane, kept open: a load generator that costs little CPU next to the server it loads. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(msg: Run): Promise<LoadResult> {
  const url = new URL(msg.url);
  let next = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    msg.lanes.map(async (headers) => {
      while (next < msg.total) {
        const i = next++;
        const { status, text } = await post(
          url,
          headers,
          `{"query":${JSON.stringify(msg.query)},"variables":${msg.variables.replaceAll('$I', String(i))}}`,
        );
        const body = JSON.parse(text) as { errors?: unknown[] };
        if (status !== 200 || body.errors?.length) {
          failures++;
          firstFailure ??= JSON.stringify(body).slice(0, 300);
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { type: 'done', elapsedMs, failures, firstFailure, cpuMs: (used.user + used.system) / 1000 };
}

process.on('message', (msg: Run | { type: 'stop' }) => {
  if (msg.type === 'stop') process.exit(0);
  run(msg).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
  );
});

/**
 * A separate process sending GraphQL requests over HTTP, so that the server's process does only server work
 * (the HTTP client costs CPU too: in the server's own process it was counted as the server's). Driven over IPC
 * by create-order.bench.ts.
 */

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

async function run(msg: Run): Promise<LoadResult> {
  let next = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    msg.lanes.map(async (headers) => {
      while (next < msg.total) {
        const i = next++;
        const res = await fetch(msg.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: `{"query":${JSON.stringify(msg.query)},"variables":${msg.variables.replaceAll('$I', String(i))}}`,
        });
        const body = (await res.json()) as { errors?: unknown[] };
        if (!res.ok || body.errors?.length) {
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

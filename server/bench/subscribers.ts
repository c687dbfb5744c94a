/**
 * A separate process holding many graphql-ws subscriptions, so that the server's own process measures
 * only server work and memory. Driven over IPC by bench/run.ts.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface Start {
  type: 'start';
  url: string;
  count: number;
  query: string;
  /** One entry per client, used round-robin: several callers spread over the subscribers. */
  connectionParams: Array<Record<string, unknown>>;
  /** Path to the ISO timestamp in each event payload, to compute commit → receive latency. */
  timestampPath: string[];
}

const clients: Client[] = [];
const latencies: number[] = [];
let received = 0;

function pick(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );
}

async function start(msg: Start): Promise<void> {
  let connected = 0;
  await new Promise<void>((resolve, reject) => {
    for (let i = 0; i < msg.count; i++) {
      const client = createClient({
        url: msg.url,
        webSocketImpl: WebSocket,
        connectionParams: msg.connectionParams[i % msg.connectionParams.length],
        lazy: false,
        retryAttempts: 0,
        on: {
          connected: () => {
            connected += 1;
            if (connected === msg.count) resolve();
          },
          error: (e) => reject(e instanceof Error ? e : new Error(String(e))),
        },
      });
      clients.push(client);
      client.subscribe(
        { query: msg.query },
        {
          next: (value) => {
            const at = pick(value.data, msg.timestampPath);
            if (typeof at === 'string') latencies.push(Date.now() - Date.parse(at));
            received += 1;
          },
          error: (e) => process.send?.({ type: 'error', message: JSON.stringify(e).slice(0, 500) }),
          complete: () => undefined,
        },
      );
    }
  });
}

process.on('message', (raw) => {
  const msg = raw as { type: string } & Partial<Start>;
  if (msg.type === 'start') {
    start(msg as Start).then(
      () => process.send?.({ type: 'ready' }),
      (e: unknown) => process.send?.({ type: 'error', message: String(e) }),
    );
  } else if (msg.type === 'stats') {
    process.send?.({ type: 'stats', received, latencies, cpu: process.cpuUsage() });
  } else if (msg.type === 'stop') {
    Promise.all(clients.map((c) => c.dispose())).finally(() => process.exit(0));
  }
});

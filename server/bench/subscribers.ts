/**
 * A separate process holding many subscriptions, so that the server's own process measures only server work
 * and memory. Driven over IPC by bench/run.ts.
 *
 * It speaks the graphql-transport-ws protocol directly over `ws` rather than through graphql-ws's client:
 * the 1,000 subscribers stand for 1,000 machines, but here one process on the server's own two cores
 * receives every message one after another, so whatever it spends per message delays the next subscriber's
 * receive time and takes CPU from the server under test. The library client spent about 30 µs per message
 * (validation, callbacks, promise bookkeeping); this one parses the message and reads the timestamp.
 */
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

interface Message {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: unknown } | unknown;
}

const sockets: WebSocket[] = [];
const latencies: number[] = [];
let received = 0;

function pick(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );
}

const fail = (message: string) => process.send?.({ type: 'error', message: message.slice(0, 500) });

/** One subscriber: connection_init, then one subscription; answers pings; counts `next` messages. */
function subscriber(msg: Start, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(msg.url, 'graphql-transport-ws');
    sockets.push(socket);
    socket.on('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: msg.connectionParams[i % msg.connectionParams.length] }),
      ),
    );
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as Message;
      switch (m.type) {
        case 'next': {
          const payload = m.payload as { data?: unknown; errors?: unknown };
          if (payload.errors) fail(JSON.stringify(payload.errors));
          const at = pick(payload.data, msg.timestampPath);
          if (typeof at === 'string') latencies.push(Date.now() - Date.parse(at));
          received += 1;
          break;
        }
        case 'connection_ack':
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: msg.query } }));
          resolve();
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'error':
        case 'complete':
          fail(`subscription ${m.type}: ${JSON.stringify(m.payload)}`);
          break;
      }
    });
    socket.on('error', reject);
    socket.on('close', (code, reason) => {
      if (code !== 1000) fail(`socket closed: ${code} ${String(reason)}`);
      reject(new Error(`closed before it was acknowledged: ${code}`));
    });
  });
}

async function start(msg: Start): Promise<void> {
  await Promise.all(Array.from({ length: msg.count }, (_, i) => subscriber(msg, i)));
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
    const closed = sockets.map((s) => new Promise((r) => (s.readyState === s.CLOSED ? r(null) : s.once('close', r))));
    for (const s of sockets) s.close(1000);
    void Promise.all(closed).finally(() => process.exit(0));
  }
});

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  parse,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { NextWriter } from '../next-writer.js';
import { createSharedSubscribe, type SharedSubscribeStats } from '../shared-subscribe.js';

/** One source of events handed to every subscriber as the same object, as the live streams do. */
class Broadcast {
  private readonly waiting = new Set<(tick: { n: number }) => void>();
  subscribe(): AsyncIterableIterator<{ n: number }> {
    let wake: ((tick: { n: number }) => void) | null = null;
    const queue: Array<{ n: number }> = [];
    const receive = (tick: { n: number }) => (wake ? (wake(tick), (wake = null)) : queue.push(tick));
    this.waiting.add(receive);
    const iterator: AsyncIterableIterator<{ n: number }> = {
      next: async () => {
        const tick = queue.shift() ?? (await new Promise<{ n: number }>((r) => (wake = r)));
        return { done: false, value: tick };
      },
      return: async () => {
        this.waiting.delete(receive);
        wake?.({ n: -1 });
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
  publish(tick: { n: number }): void {
    for (const receive of this.waiting) receive(tick);
  }
}

const ticks = new Broadcast();
const Tick = new GraphQLObjectType({
  name: 'Tick',
  fields: {
    n: { type: new GraphQLNonNull(GraphQLInt) },
    // Fails for odd ticks: a result with errors.
    even: {
      type: GraphQLInt,
      resolve: (tick: { n: number }) => {
        if (tick.n % 2) throw new Error(`tick ${tick.n} is odd`);
        return tick.n;
      },
    },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { n: { type: GraphQLInt } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: { ticks: { type: new GraphQLNonNull(Tick), subscribe: () => ticks.subscribe(), resolve: (t) => t } },
  }),
});

/** A real WebSocket pair: the server side for a NextWriter, the client side collecting what arrives. */
async function socketPair(): Promise<{ server: WebSocket; received: unknown[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  const received: unknown[] = [];
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false); // graphql-transport-ws messages are text frames
    received.push(JSON.parse(String(data)));
  });
  return {
    server,
    received,
    close: async () => {
      client.close();
      await new Promise((r) => wss.close(r));
    },
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const settle = () => new Promise((r) => setTimeout(r, 50));

/** Waits until every list has `n` messages (a loaded machine may take a while), then a little longer for extras. */
async function received(lists: unknown[][], n: number): Promise<void> {
  for (let waited = 0; lists.some((l) => l.length < n); waited += 10) {
    if (waited > 10_000) throw new Error(`fewer than ${n} messages after 10 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await settle();
}

async function setup(query: string, ids: string[]) {
  const stats: SharedSubscribeStats = { executions: 0, serialized: 0, written: 0 };
  const writers = new WeakMap<object, NextWriter>();
  const subscribe = createSharedSubscribe(stats, (args) => writers.get(args.contextValue as object));
  const document = parse(query);
  const subscriptions = [];
  for (const id of ids) {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const contextValue = { principal: { kind: 'system' } };
    writers.set(contextValue, new NextWriter(pair.server, id));
    const args: ExecutionArgs = { schema, document, contextValue };
    const iterator = (await subscribe(args)) as AsyncIterableIterator<ExecutionResult>;
    subscriptions.push({ iterator, received: pair.received, next: iterator.next() });
  }
  return { stats, subscriptions };
}

describe('subscription results written straight to the socket', () => {
  it('writes the message graphql-ws would send, serializing a shared result once for every subscriber', async () => {
    const { stats, subscriptions } = await setup('subscription { ticks { n } }', ['first', 'second']);
    ticks.publish({ n: 2 });
    ticks.publish({ n: 4 });
    const [a, b] = subscriptions;
    await received([a!.received, b!.received], 2);
    expect(a!.received).toEqual([
      { id: 'first', type: 'next', payload: { data: { ticks: { n: 2 } } } },
      { id: 'first', type: 'next', payload: { data: { ticks: { n: 4 } } } },
    ]);
    expect(b!.received).toEqual([
      { id: 'second', type: 'next', payload: { data: { ticks: { n: 2 } } } },
      { id: 'second', type: 'next', payload: { data: { ticks: { n: 4 } } } },
    ]);
    // Two events, two subscribers of one caller: one execution and one serialization per event.
    expect(stats).toEqual({ executions: 2, serialized: 2, written: 4 });
    for (const s of subscriptions) await s.iterator.return!();
    expect(await a!.next).toEqual({ done: true, value: undefined });
  });

  it('hands a result with errors to graphql-ws instead, and goes on writing after it', async () => {
    const { stats, subscriptions } = await setup('subscription { ticks { n even } }', ['only']);
    const [s] = subscriptions;
    ticks.publish({ n: 2 });
    ticks.publish({ n: 3 });
    const withErrors = await s!.next;
    expect(withErrors.done).toBe(false);
    expect(withErrors.value.errors?.[0]?.message).toBe('tick 3 is odd');
    expect(withErrors.value.data).toEqual({ ticks: { n: 3, even: null } });
    const after = s!.iterator.next();
    ticks.publish({ n: 4 });
    await received([s!.received], 2);
    expect(s!.received).toEqual([
      { id: 'only', type: 'next', payload: { data: { ticks: { n: 2, even: 2 } } } },
      { id: 'only', type: 'next', payload: { data: { ticks: { n: 4, even: 4 } } } },
    ]);
    expect(stats.written).toBe(2);
    await s!.iterator.return!();
    expect(await after).toEqual({ done: true, value: undefined });
  });

  it('writes nothing once the subscription has ended', async () => {
    const { stats, subscriptions } = await setup('subscription { ticks { n } }', ['gone']);
    const [s] = subscriptions;
    await s!.iterator.return!();
    expect(await s!.next).toEqual({ done: true, value: undefined });
    ticks.publish({ n: 6 });
    await settle();
    expect(s!.received).toEqual([]);
    expect(stats.written).toBe(0);
  });
});

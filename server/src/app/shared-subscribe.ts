import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Principal } from '../common/auth/principal.js';
import type { Ctx } from '../common/context.js';
import { sameForEveryoneVariables } from '../common/graphql/same-for-everyone.js';
import { NextWriter } from './next-writer.js';

/** Who the caller is, for sharing: two subscriptions share a result only when everything that can shape it is equal. */
function callerKey(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.user.id}:${p.user.role}:${p.user.language}:${p.via}`;
    case 'apiKey':
      return `key:${p.apiKeyId}:${[...p.scopes].sort().join(',')}`;
    case 'stranger':
      return `stranger:${p.telegram.id}`;
    default:
      return p.kind;
  }
}

/** What the shared subscriptions did (metrics, tests). */
export interface SharedSubscribeStats {
  /** Executions of an event's selection: one per event and group of subscriptions that share it. */
  executions: number;
  /** Results serialized: one per execution that some subscriber received through a NextWriter. */
  serialized: number;
  /** `next` messages handed to a NextWriter rather than to graphql-ws (one whose socket has closed is dropped). */
  written: number;
}

/**
 * graphql-ws's `subscribe`: like graphql's, except that the execution of one event is shared by every
 * subscription that would get the same result. graphql-js executes the selection once per subscription per
 * event; with many subscribers (staff with the orders list open, a dashboard on many screens, an integration
 * fanning out) that repeated work dominated delivery. (Each stream hands every subscriber the same item
 * object for a live row: order-event-stream.ts toOrderEventItem.) The result cannot differ between two
 * subscriptions when they have the same document and the same source event and
 * - either the same variables and the same caller,
 * - or a selection of fields that are the same for everyone (common/graphql/same-for-everyone.ts) and the
 *   same values of the variables that can shape it — whoever the callers are. Which events each one gets is
 *   still decided per subscriber (its cursor, its filter, what it may see).
 *
 * When `writerFor` gives a subscription a NextWriter, its results without errors are written by it, serialized
 * once per execution; a result with errors goes to graphql-ws as before (its error formatting, one path).
 */
export function createSharedSubscribe(
  stats: SharedSubscribeStats = { executions: 0, serialized: 0, written: 0 },
  writerFor: (args: ExecutionArgs) => NextWriter | undefined = () => undefined,
) {
  // Per source event object: its executions by operation. A live event is one object handed to every
  // subscriber (the stream's item for a row is made once), so identity finds the shared execution; a WeakMap
  // lets both go with the event's last subscriber — no keys to build, nothing to prune.
  const byEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  // A shared result's bytes, made by the first subscriber that writes it and reused by the rest.
  const bytes = new WeakMap<ExecutionResult, Buffer>();
  const serialized = (result: ExecutionResult): Buffer => {
    let b = bytes.get(result);
    if (!b) {
      stats.serialized += 1;
      bytes.set(result, (b = NextWriter.serialize(result)));
    }
    return b;
  };

  return async function subscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const events = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const variables = args.variableValues ?? {};
    const shaping = sameForEveryoneVariables(args.schema, args.document, args.operationName);
    const operation = [
      args.document.loc?.source.body ?? print(args.document),
      args.operationName ?? '',
      ...(shaping
        ? [JSON.stringify(shaping.map((name) => variables[name] ?? null)), 'everyone']
        : [JSON.stringify(variables), callerKey((args.contextValue as Ctx).principal)]),
    ].join('\u0000');
    const run = (payload: unknown) => {
      stats.executions += 1;
      return Promise.resolve(execute({ ...args, rootValue: payload }));
    };
    const executeShared = (payload: unknown): Promise<ExecutionResult> => {
      if (payload === null || typeof payload !== 'object') return run(payload);
      let executions = byEvent.get(payload);
      if (!executions) byEvent.set(payload, (executions = new Map()));
      let result = executions.get(operation);
      if (!result) executions.set(operation, (result = run(payload)));
      return result;
    };
    const writer = writerFor(args);
    let ended = false;
    // A plain iterator (not a generator): return() must end the stream at once, even while waiting. With a
    // writer, next() writes results itself and hands graphql-ws only one with errors (or the end).
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        for (;;) {
          const r = await events.next();
          if (r.done || ended) return { done: true, value: undefined };
          const result = await executeShared(r.value);
          // Unsubscribed while this event was executed: nothing more for this subscription.
          if (ended) return { done: true, value: undefined };
          if (!writer || result.errors) return { done: false, value: result };
          stats.written += 1;
          const full = writer.send(serialized(result));
          if (full) await full;
        }
      },
      async return() {
        ended = true;
        await events.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        ended = true;
        await events.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  };
}

import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Principal } from '../common/auth/principal.js';
import type { Ctx } from '../common/context.js';

/** How long a shared execution of one event is kept for other subscriptions to reuse. */
const SHARE_MS = 5_000;
const MAX_ENTRIES = 20_000;

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

/**
 * graphql-ws's `subscribe`: like graphql's, except that the execution of one event is shared by every
 * subscription with the same operation, variables and caller. graphql-js executes the selection once per
 * subscription per event; with many subscribers of one caller (a dashboard open on many screens, an
 * integration fanning out) that repeated work dominated delivery. The result cannot differ between them:
 * same document, same variables, same source event, same principal.
 */
export function createSharedSubscribe() {
  const shared = new Map<string, { at: number; result: Promise<ExecutionResult> }>();
  let lastPrune = 0;
  const prune = (now: number) => {
    if (now - lastPrune < 1_000 && shared.size < MAX_ENTRIES) return;
    lastPrune = now;
    for (const [key, entry] of shared) if (now - entry.at > SHARE_MS || shared.size > MAX_ENTRIES) shared.delete(key);
  };

  return async function subscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const events = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const operation = [
      args.document.loc?.source.body ?? print(args.document),
      args.operationName ?? '',
      JSON.stringify(args.variableValues ?? {}),
      callerKey((args.contextValue as Ctx).principal),
    ].join('\u0000');
    const executeShared = (payload: unknown): Promise<ExecutionResult> => {
      const now = Date.now();
      prune(now);
      const key = `${operation}\u0000${JSON.stringify(payload)}`;
      let entry = shared.get(key);
      if (!entry) {
        entry = { at: now, result: Promise.resolve(execute({ ...args, rootValue: payload })) };
        shared.set(key, entry);
      }
      return entry.result;
    };
    // A plain iterator (not a generator): return() must end the stream at once, even while waiting.
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const r = await events.next();
        return r.done ? { done: true, value: undefined } : { done: false, value: await executeShared(r.value) };
      },
      async return() {
        await events.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
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

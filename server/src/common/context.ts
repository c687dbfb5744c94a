import type { Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { Logger } from './logger.js';
import type { Clock } from './clock.js';
import type { Principal } from './auth/principal.js';
import type { Loaders } from './loaders.js';
import type { DomainEvent, EventBus } from './events.js';

/**
 * The request context: first argument of every service method (STYLE.md, Vendure).
 * `em` is the transaction's manager inside `inTransaction`, the pool's otherwise.
 */
export interface Ctx {
  requestId: string;
  principal: Principal;
  em: EntityManager;
  clock: Clock;
  log: Logger;
  /** Per-request batching. Never used inside a transaction (it reads through the pool). */
  loaders: Loaders;
  /** The HTTP response, to set or clear the session cookie; absent over WebSocket. */
  res?: Response;
  eventBus: EventBus;
  /** Events raised inside the current transaction, published once it commits. */
  pendingEvents?: DomainEvent[];
}

/**
 * Runs `fn` in a database transaction carried on the context. Nested calls join the outer one.
 * Inside, use only `ctx.em`: a query on another pool connection would wait for this transaction.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.em.queryRunner?.isTransactionActive) return fn(ctx);
  const pendingEvents: DomainEvent[] = [];
  // READ COMMITTED is every connection's default (database/data-source.ts): naming it here would cost a
  // second statement per transaction.
  const result = await ctx.em.transaction(async (em) => {
    const tx: Ctx = { ...ctx, em, pendingEvents };
    const value = await fn(tx);
    // Writers that must commit together with the change (the notification outbox) see its events here.
    await ctx.eventBus.beforeCommit(tx, pendingEvents);
    return value;
  });
  for (const event of pendingEvents) ctx.eventBus.publish(event);
  return result;
}

/** Raises a domain event: delivered after the surrounding transaction commits, or now outside one. */
export function emit(ctx: Ctx, event: DomainEvent): void {
  if (ctx.pendingEvents) ctx.pendingEvents.push(event);
  else ctx.eventBus.publish(event);
}

import type { Ctx } from './context.js';

/** Domain events: published after the transaction that caused them commits (never before). */
export interface DomainEvent {
  type: string;
}

export type EventHandler = (event: DomainEvent) => void;

/** Runs inside the transaction that raised the events, before it commits: its writes commit or roll back with the change. */
export type TransactionalEventHandler = (tx: Ctx, events: readonly DomainEvent[]) => Promise<void>;

/** In-process event bus. The notification and subscription layers listen; services only publish. */
export class EventBus {
  private readonly handlers = new Set<EventHandler>();
  private readonly transactional: TransactionalEventHandler[] = [];

  /** Registers a writer that turns events into rows in the same transaction (e.g. the notification outbox). */
  addTransactionalHandler(handler: TransactionalEventHandler): void {
    this.transactional.push(handler);
  }

  /** Called by inTransaction just before commit. */
  async beforeCommit(tx: Ctx, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const handler of this.transactional) await handler(tx, events);
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  publish(event: DomainEvent): void {
    for (const h of this.handlers) h(event);
  }
}

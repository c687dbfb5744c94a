/** Domain events: published after the transaction that caused them commits (never before). */
export interface DomainEvent {
  type: string;
}

export type EventHandler = (event: DomainEvent) => void;

/** In-process event bus. The notification and subscription layers listen; services only publish. */
export class EventBus {
  private readonly handlers = new Set<EventHandler>();

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  publish(event: DomainEvent): void {
    for (const h of this.handlers) h(event);
  }
}

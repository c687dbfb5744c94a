import type { DomainEvent } from '../events.js';

/**
 * Someone's access may have changed: a user's role, account, branch or active flag, a web session ended, an API
 * key revoked. Raised by the services that make such changes; the WebSocket server then checks its open
 * connections at once (app/access-watch.ts) instead of at its next periodic look, and the notification module
 * withdraws what that user was told under their former access and has not received yet.
 */
export class AccessChanged implements DomainEvent {
  readonly type = 'AccessChanged';

  /** @param userId the user whose role, account, branch or active flag may have changed (none: a session or key). */
  constructor(readonly userId?: string) {}
}

import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';

/** Bytes a socket may hold unsent before a writer waits for it (a slow client then falls behind on its own). */
const HIGH_WATER = 1 << 20;
const TAIL = Buffer.from('}');

/**
 * Writes one subscription's `next` messages (graphql-transport-ws) straight to its WebSocket, with the
 * result serialized by the caller — once per event for every subscriber that shares its execution
 * (shared-subscribe.ts). graphql-ws would serialize, validate and copy the message for every subscriber and
 * wait for every write; with 1,000 subscribers of an event that work was a sixth to a quarter of the server's
 * CPU per delivery (pnpm bench). The bytes are what graphql-ws sends: `{"id":…,"type":"next","payload":{"data":…}}`.
 * Everything else on the connection (acknowledgement, errors, `complete`, pings) stays graphql-ws's.
 */
export class NextWriter {
  private readonly head: Buffer;

  constructor(
    private readonly socket: WebSocket,
    id: string,
  ) {
    this.head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  /** The payload bytes of a result without errors (what graphql-ws would put under `payload`). */
  static serialize(result: ExecutionResult): Buffer {
    return Buffer.from(JSON.stringify(result));
  }

  /**
   * Sends one payload. Returns a promise only when the socket holds more than it should unsent: the caller
   * waits for it before its next event, as graphql-ws waits for every write. A closed socket drops the
   * message (graphql-ws ends the subscription when the socket closes).
   */
  send(payload: Buffer): Promise<void> | undefined {
    if (this.socket.readyState !== WebSocket.OPEN) return undefined;
    const message = Buffer.concat([this.head, payload, TAIL], this.head.length + payload.length + TAIL.length);
    if (this.socket.bufferedAmount < HIGH_WATER) {
      this.socket.send(message, { binary: false });
      return undefined;
    }
    return new Promise((resolve) => this.socket.send(message, { binary: false }, () => resolve()));
  }
}

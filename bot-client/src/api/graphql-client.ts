import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { download, request, type ApiOptions, type TelegramActor } from '../api.js';

/** Server calls made for one Telegram user (the server authorises as that user). */
export interface ActorApi {
  /** A file served next to the API (a path like /reports/sla.xlsx). */
  download(path: string): Promise<Buffer>;
  request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult>;
}

/**
 * The bot's connection to the GraphQL API: HTTP for queries and mutations (service token + the acting
 * Telegram user), graphql-ws for subscriptions as the service itself.
 */
export class GraphqlClient {
  private ws: Client | undefined;

  constructor(private readonly options: ApiOptions) {}

  /** Calls made on behalf of a Telegram user. */
  as(actor: TelegramActor): ActorApi {
    return {
      request: (document, variables) => request(this.options, document, variables, actor),
      download: (path) => download(this.options, path, actor),
    };
  }

  /** A call made as the bot service itself (no acting user), e.g. acknowledging notifications. */
  asService<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    return request(this.options, document, variables);
  }

  /**
   * Subscribes as the service; calls `onNext` for each item in order (waiting for its promise before
   * the next one). Resolves when the subscription ends, rejects on an error or a lost connection.
   */
  subscribe<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    onNext: (data: TResult) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    this.ws ??= createClient({
      url: this.options.url.replace(/^http/, 'ws'),
      // Opening the stream has the calls' deadline: the handshake, then the server's acknowledgement.
      webSocketImpl: webSocketWithHandshakeDeadline(this.options.timeoutMs),
      connectionAckWaitTimeout: this.options.timeoutMs,
      connectionParams: { authorization: `Bearer ${this.options.serviceToken}` },
      lazy: true,
      retryAttempts: 0,
    });
    const ws = this.ws;
    return new Promise<void>((resolve, reject) => {
      let chain = Promise.resolve();
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        unsubscribe();
        reject(error instanceof Error ? error : new Error(describe(error)));
      };
      const unsubscribe = ws.subscribe<TResult>(
        { query: print(document), variables },
        {
          next: (value) => {
            if (value.errors?.length) return fail(new Error(value.errors.map((e) => e.message).join('; ')));
            const data = value.data;
            if (data) chain = chain.then(() => onNext(data)).catch(fail);
          },
          error: fail,
          complete: () => void chain.then(() => resolve(), fail),
        },
      );
      signal.addEventListener('abort', () => {
        unsubscribe();
        resolve();
      });
    });
  }

  /** Closes the WebSocket (a new one opens on the next subscribe). */
  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = undefined;
    try {
      await ws?.dispose();
    } catch {
      // dispose() waits for a connection still opening (bounded by the handshake deadline) and rejects when it
      // fails to open: then there is nothing left to close.
    }
  }
}

/** `ws` as graphql-ws constructs it (url, subprotocol), giving up an opening handshake after `timeoutMs`. */
function webSocketWithHandshakeDeadline(timeoutMs: number) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { handshakeTimeout: timeoutMs });
    }
  };
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return `WebSocket closed ${String(error.code)} ${String(error.reason)}`;
  }
  if (error && typeof error === 'object' && 'type' in error) return `WebSocket ${String(error.type)}`;
  return String(error);
}

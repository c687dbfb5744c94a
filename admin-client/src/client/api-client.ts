import { Client, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** True when the server refused the caller as not signed in (an ended or expired session). */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return Boolean(error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));
}

export interface ApiClientOptions {
  /** Called once per refused operation when the session is gone; the panel returns to sign-in. */
  onUnauthenticated: () => void;
  /** Base URL of the server; the page's own origin by default (the server serves the panel). */
  origin?: string;
}

export interface ApiClient {
  client: Client;
  /** Closes the WebSocket (on sign-out, so the next connection carries the new cookie). */
  resetSocket(): void;
}

/**
 * One urql client for the panel: queries and mutations as POST (Apollo's CSRF check refuses urql's GETs),
 * subscriptions over graphql-ws on the same /graphql path. The session travels as the httpOnly cookie on both.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const origin = options.origin ?? window.location.origin;
  const wsUrl = `${origin.replace(/^http/, 'ws')}/graphql`;
  let ws: WsClient | undefined;
  const socket = (): WsClient => (ws ??= createWsClient({ url: wsUrl, lazy: true, retryAttempts: Infinity }));

  const client = new Client({
    url: `${origin}/graphql`,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) options.onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const dispose = socket().subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    resetSocket() {
      void ws?.dispose();
      ws = undefined;
    },
  };
}

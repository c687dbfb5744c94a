import { Client, fetchExchange } from '@urql/core';
import { Provider } from '@urql/solid';
import type { JSX } from 'solid-js';

/** One request a page made: its operation's name and variables. */
export interface CannedRequest {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * A real urql client that answers each operation, by name, with the data given — for component tests of what a
 * page shows and sends for known answers. An operation without an answer fails the test; `requests` records
 * what was sent. What a real server answers is the browser tests' business.
 */
export function CannedApi(props: {
  answers: Record<string, unknown>;
  requests?: CannedRequest[];
  children: JSX.Element;
}): JSX.Element {
  const client = new Client({
    url: 'http://canned.invalid/graphql',
    preferGetMethod: false,
    requestPolicy: 'network-only',
    exchanges: [fetchExchange],
    fetch: async (_url, init) => {
      const { operationName, variables } = JSON.parse(String(init?.body)) as CannedRequest;
      props.requests?.push({ operationName, variables });
      if (!(operationName in props.answers)) throw new Error(`no canned answer for ${operationName}`);
      return new Response(JSON.stringify({ data: props.answers[operationName] }), {
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return <Provider value={client}>{props.children}</Provider>;
}

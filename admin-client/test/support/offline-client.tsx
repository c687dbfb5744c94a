import { Client, fetchExchange } from '@urql/core';
import { Provider } from '@urql/solid';
import type { JSX } from 'solid-js';

/**
 * A real urql client whose every request fails the test: for component tests of what a form decides on its own,
 * before (or instead of) asking the server. The requests that do reach a server are the browser tests' business.
 */
export function OfflineApi(props: { children: JSX.Element }): JSX.Element {
  const client = new Client({
    url: 'http://offline.invalid/graphql',
    exchanges: [fetchExchange],
    fetch: () => {
      throw new Error('this component test must not reach the server');
    },
  });
  return <Provider value={client}>{props.children}</Provider>;
}

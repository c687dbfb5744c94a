import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Same origin as the page: HTTP for queries and mutations, graphql-ws for subscriptions. The toolkit
// sends the header editor's headers as the WebSocket connection params, which the server reads for
// `Authorization: Bearer …` just like the HTTP header.
const endpoint = new URL('/graphql', window.location.href);
const subscriptionUrl = new URL(endpoint);
subscriptionUrl.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: endpoint.href,
  subscriptionUrl: subscriptionUrl.href,
});

const defaultQuery = `# ITSupport GraphQL API.
# Integrations: put your API key in the Headers tab below, e.g.
# { "Authorization": "Bearer itsk_…" }

query Viewer {
  viewer {
    __typename
  }
}
`;

const root = document.getElementById('root');
if (!root) throw new Error('GraphiQL: #root element missing');

createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={defaultQuery}
      defaultHeaders={'{\n  "Authorization": "Bearer "\n}'}
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    />
  </StrictMode>,
);

import type express from 'express';

/**
 * Serves the GraphQL playground to browsers on GET /graphql (requests that accept HTML).
 * Replaced by the bundled offline GraphiQL.
 */
export function servePlayground(app: express.Express): void {
  app.get('/graphql', (req, res, next) => {
    if (!req.accepts('html') || req.accepts(['json', 'html']) === 'json') return next();
    res.type('html').send('<!doctype html><title>ITSupport GraphQL</title><p>GraphQL endpoint: POST /graphql</p>');
  });
}

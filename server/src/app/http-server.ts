import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { AppError } from '../common/errors.js';
import { assertOperationAllowed } from '../common/auth/operation-access.js';
import type { Principal } from '../common/auth/principal.js';
import type { Clock } from '../common/clock.js';
import type { Ctx } from '../common/context.js';
import { createLoaders } from '../common/loaders.js';
import type { Logger } from '../common/logger.js';
import {
  SESSION_COOKIE,
  parseTelegramIdentity,
  parseTelegramUserHeader,
  type PresentedCredentials,
} from '../modules/auth/authentication.service.js';
import { errorLoggingPlugin, formatError } from './errors.js';
import { assertComplexity, complexityPlugin, depthLimitRule } from './limits.js';
import { servePlayground } from './playground.js';
import { serveAdminPanel } from './admin-panel.js';
import { AccessWatch } from './access-watch.js';
import { NextWriter } from './next-writer.js';
import type { ServerMetrics } from './metrics.js';
import { createSharedSubscribe, type SharedSubscribeStats } from './shared-subscribe.js';
import { reportDownload } from './report-download.js';
import type { Services } from './services.js';

export interface HttpServerDeps {
  config: Config;
  schema: GraphQLSchema;
  services: Services;
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  /** Readiness: true while the database answers. */
  isReady: () => Promise<boolean>;
  /** Prometheus metrics of this process, served at GET /metrics. */
  metrics: ServerMetrics;
}

/** Every GraphQL answer over HTTP is private to its caller: never stored by a browser or a proxy. */
const noStorePlugin: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  /** What the WebSocket subscriptions did (metrics, tests). */
  subscriptions: SharedSubscribeStats;
  /** Closes WebSocket connections whose caller's access changed. */
  accessWatch: AccessWatch;
  /** Stops accepting, drains open requests and WebSocket connections. */
  stop(): Promise<void>;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function bearer(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim();
}

/** GraphQL over HTTP and WebSocket at /graphql, health at /healthz and /readyz, metrics at /metrics, on one port. */
export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const { config, schema, services, dataSource, clock, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const makeCtx = (principal: Principal, requestId: string, res?: express.Response): Ctx => ({
    requestId,
    principal,
    em: dataSource.manager,
    clock,
    log: log.child({ requestId }),
    loaders: createLoaders(dataSource.manager),
    eventBus: services.eventBus,
    res,
  });

  const authenticate = (creds: PresentedCredentials) => services.authentication.authenticate(dataSource.manager, creds);

  const wsValidationRules = [
    ...specifiedRules,
    depthLimitRule(config.maxDepth),
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptionStats: SharedSubscribeStats = { executions: 0, serialized: 0, written: 0 };
  // Each subscription's writer, by its context (made per operation in onSubscribe below).
  const writers = new WeakMap<object, NextWriter>();
  const accessWatch = new AccessWatch({ dataSource, clock, eventBus: services.eventBus, log });
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal; creds?: PresentedCredentials }>(
    {
      schema,
      subscribe: createSharedSubscribe(subscriptionStats, (args) => writers.get(args.contextValue as object)),
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const token =
          bearer(params.authorization ?? params.Authorization) ??
          readCookie(ctx.extra.request.headers.cookie, SESSION_COOKIE);
        const telegramUser = parseTelegramIdentity(params.telegramUser);
        ctx.extra.creds = { token, telegramUser };
        ctx.extra.principal = await authenticate(ctx.extra.creds);
        accessWatch.track(ctx.extra.socket, ctx.extra.principal);
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        // The caller is authenticated again for every operation, so a revoked key, an ended session or a
        // deactivated user stops working on connections that were already open. Operations already running
        // are ended by the access watch (the connection is closed) when what they were authenticated as changed.
        ctx.extra.principal = await authenticate(ctx.extra.creds ?? {});
        accessWatch.track(ctx.extra.socket, ctx.extra.principal);
        // The same checks as over HTTP — validation with the depth limit, complexity, every field's access
        // rule — once per operation; a refusal is that operation's error (the connection stays open).
        try {
          const document = parse(payload.query);
          const errors = validate(schema, document, wsValidationRules);
          if (errors.length) return errors;
          const contextValue = makeCtx(ctx.extra.principal, randomUUID());
          assertComplexity(schema, document, payload.operationName, payload.variables, config.maxComplexity);
          assertOperationAllowed(schema, document, payload.operationName, contextValue);
          writers.set(contextValue, new NextWriter(ctx.extra.socket, id));
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue,
          };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Ctx>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns signal handling: stop HTTP, then close the database, within the deadline.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: [depthLimitRule(config.maxDepth)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin hooks every field of every operation (and wraps the schema's resolvers,
      // which WebSocket deliveries then pay for too), only to conclude what is always true here: answers are
      // private and never cached. Off; the one header it set is set below.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      complexityPlugin(schema, config.maxComplexity),
      {
        // Every selected field's access rule, once per operation, before anything executes.
        async requestDidStart() {
          return {
            async didResolveOperation({ document, operationName, contextValue }) {
              try {
                assertOperationAllowed(schema, document, operationName, contextValue);
              } catch (error) {
                // A refusal is an ordinary GraphQL answer, not a server failure (Apollo's default is 500).
                if (error instanceof AppError) error.extensions.http = { status: 200 };
                throw error;
              }
            },
          };
        },
      },
      errorLoggingPlugin,
      deps.metrics.graphqlPlugin(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await accessWatch.stop();
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  accessWatch.start();
  deps.metrics.observeLive({
    connections: () => wsServer.clients.size,
    deliveries: () => subscriptionStats.written,
  });

  serveProbes(app, { isReady: deps.isReady, metrics: deps.metrics, metricsToken: config.metricsToken });
  if (config.playground) servePlayground(app, log);
  /** The context of an HTTP request: the caller authenticated from its cookie, bearer token or bot headers. */
  const requestContext = async (req: express.Request, res: express.Response): Promise<Ctx> => {
    const requestId =
      (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    const token = bearer(req.headers.authorization) ?? readCookie(req.headers.cookie, SESSION_COOKIE);
    const telegramUser = parseTelegramUserHeader(req.headers['x-telegram-user'] as string | undefined);
    res.setHeader('x-request-id', requestId);
    return makeCtx(await authenticate({ token, telegramUser }), requestId, res);
  };
  app.use(
    '/graphql',
    express.json({ limit: '4mb' }),
    expressMiddleware(apollo, { context: async ({ req, res }) => requestContext(req, res) }),
  );
  // Reports as XLSX/CSV files, authorised by the rule of each report's query (README "Reports").
  app.get('/reports/:file', reportDownload({ schema, services, contextOf: requestContext }));

  // Last: the panel's client-side routes answer only what nothing above did.
  serveAdminPanel(app, log);

  const port = await listen(httpServer, config.port, config.host);
  return {
    server: httpServer,
    port,
    subscriptions: subscriptionStats,
    accessWatch,
    async stop() {
      await apollo.stop();
    },
  };
}

/** What /healthz, /readyz and /metrics answer from, on the server's port and on the worker's. */
export interface ProbeDeps {
  /** Readiness: whether this process can do its work now (false or a throw: 503). */
  isReady: () => Promise<boolean>;
  metrics: ServerMetrics;
  /** METRICS_TOKEN: /metrics answers only its bearer when set. */
  metricsToken: string | undefined;
}

/**
 * Liveness at /healthz (the process answers), readiness at /readyz (200 ready, 503 not) and Prometheus metrics at
 * /metrics: the same answers from a server and from a worker, so one probe and one scrape config fit both.
 */
export function serveProbes(app: express.Express, deps: ProbeDeps): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', deps.metrics.handler(deps.metricsToken));
}

export interface RunningProbeServer {
  port: number;
  /** Stops accepting and closes idle (kept-alive) connections; answers in progress finish. */
  stop(): Promise<void>;
}

/** A port that answers only {@link serveProbes} (the worker's WORKER_PORT: no GraphQL, no panel). */
export async function startProbeServer(deps: ProbeDeps & { port: number; host: string }): Promise<RunningProbeServer> {
  const app = express();
  app.disable('x-powered-by');
  serveProbes(app, deps);
  const server = http.createServer(app);
  const port = await listen(server, deps.port, deps.host);
  return {
    port,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Listens on host:port; resolves with the port bound (port 0: one the system picked). */
async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

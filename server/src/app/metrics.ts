import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { Ctx } from '../common/context.js';
import type { Logger } from '../common/logger.js';

/** What the WebSocket side reports when scraped. */
export interface LiveStats {
  /** Open WebSocket connections. */
  connections(): number;
  /** Subscription results handed to subscribers so far. */
  deliveries(): number;
}

export interface MetricsDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
}

const CHANNELS = ['TELEGRAM', 'ADMIN', 'EMAIL'] as const;

interface NotificationRow {
  channel: string;
  n: number;
  oldest: Date | string | null;
}

/** An SLA moment this much past due without having been evaluated means the jobs are not keeping up. */
const SLA_LATE_AFTER_MS = 60_000;

/** The root fields an operation selects: bounded by the schema, unlike client-chosen operation names. */
function rootFields(operation: OperationDefinitionNode | undefined): string[] {
  if (!operation) return [];
  return operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
}

/**
 * Prometheus metrics of one process (PRODUCT.md §11), served at GET /metrics of a server or of a worker's
 * WORKER_PORT: the process itself (CPU, memory, event loop, GC), GraphQL requests and errors, WebSocket
 * connections and deliveries (zero in a worker: it serves no API), job runs, and, read when scraped, the numbers
 * an operator alerts on — notifications waiting for their channel and how old the oldest is, SLA moments the
 * jobs are late with, open orders. Counts only: no names, ids or texts. Every process has its own registry, so
 * several systems in one process (the tests) do not mix.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly operations: Counter<'type' | 'field' | 'outcome'>;
  private readonly durations: Histogram<'type'>;
  private readonly errors: Counter<'code'>;
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobDurations: Histogram<'job'>;
  private live: LiveStats | undefined;
  /** Scrapes so far: readings shared by several gauges are read once per scrape. */
  private scrapes = 0;

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'itsupport_' });
    this.operations = new Counter({
      name: 'itsupport_graphql_operations_total',
      help: 'GraphQL operations over HTTP by type, root field and outcome (ok, or error when any error was answered).',
      labelNames: ['type', 'field', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'itsupport_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request over HTTP to its answer, by operation type.',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'itsupport_graphql_errors_total',
      help: 'Errors answered to GraphQL requests over HTTP, by extensions.code (INTERNAL_SERVER_ERROR: logged with its request id).',
      labelNames: ['code'],
      registers,
    });
    this.jobRuns = new Counter({
      name: 'itsupport_jobs_total',
      help: 'Scheduled job runs in this process (SLA, billing, archive, backups, …) by job and outcome.',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.jobDurations = new Histogram({
      name: 'itsupport_job_duration_seconds',
      help: 'How long each job run in this process took.',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    const live = () => this.live;
    new Gauge({
      name: 'itsupport_websocket_connections',
      help: 'Open GraphQL WebSocket connections (subscribers: the bot, admin panels, integrations).',
      registers,
      collect() {
        this.set(live()?.connections() ?? 0);
      },
    });
    new Counter({
      name: 'itsupport_subscription_deliveries_total',
      help: 'Subscription results handed to WebSocket subscribers.',
      registers,
      collect() {
        this.reset();
        this.inc(live()?.deliveries() ?? 0);
      },
    });
    this.databaseGauges(registers);
  }

  /** Scrape-time readings of the database: each one indexed query. */
  private databaseGauges(registers: Registry[]): void {
    const { dataSource, clock, log } = this.deps;
    const read = async <T>(what: string, sql: string, params: unknown[] = []): Promise<T[] | undefined> => {
      try {
        return (await dataSource.query(sql, params)) as T[];
      } catch (error) {
        log.warn({ err: error, metric: what }, 'metrics: could not read the database');
        return undefined;
      }
    };
    // Both notification gauges come from one statement per scrape (each gauge's collect awaits the same read).
    let notifications: { scrape: number; rows: Promise<NotificationRow[] | undefined> } | undefined;
    const notificationRows = () => {
      if (notifications?.scrape !== this.scrapes) {
        notifications = {
          scrape: this.scrapes,
          rows: read<NotificationRow>(
            'notifications',
            `SELECT channel, count(*)::int AS n, min(created_at) AS oldest FROM notification
              WHERE delivered_at IS NULL GROUP BY channel`,
          ),
        };
      }
      return notifications.rows;
    };
    new Gauge({
      name: 'itsupport_notifications_pending',
      help: 'Notifications written and not yet acknowledged by their channel’s consumer (TELEGRAM: the bot, ADMIN: a panel, EMAIL: the sender).',
      labelNames: ['channel'],
      registers,
      async collect() {
        const rows = await notificationRows();
        if (!rows) return;
        for (const channel of CHANNELS) this.set({ channel }, rows.find((r) => r.channel === channel)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'itsupport_notifications_oldest_pending_seconds',
      help: 'Age of the oldest notification not yet acknowledged, by channel (0 when none waits).',
      labelNames: ['channel'],
      registers,
      async collect() {
        const rows = await notificationRows();
        if (!rows) return;
        const now = clock.now().getTime();
        for (const channel of CHANNELS) {
          const oldest = rows.find((r) => r.channel === channel)?.oldest;
          this.set({ channel }, oldest ? Math.max(0, (now - new Date(oldest).getTime()) / 1000) : 0);
        }
      },
    });
    new Gauge({
      name: 'itsupport_sla_moments_late',
      help: `Open orders whose next SLA moment passed more than ${SLA_LATE_AFTER_MS / 1000} s ago without being evaluated: above 0 for long, the jobs are not running.`,
      registers,
      async collect() {
        const rows = await read<{ n: number }>(
          'sla',
          `SELECT count(*)::int AS n FROM service_order WHERE sla_next_due_at < $1`,
          [new Date(clock.now().getTime() - SLA_LATE_AFTER_MS)],
        );
        if (rows) this.set(rows[0]?.n ?? 0);
      },
    });
    new Gauge({
      name: 'itsupport_orders_open',
      help: 'Open orders by status (NEW: waiting for a contractor; IN_PROGRESS: held by one).',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await read<{ status: string; n: number }>(
          'orders',
          `SELECT status, count(*)::int AS n FROM service_order WHERE status IN ('NEW', 'IN_PROGRESS') GROUP BY status`,
        );
        if (!rows) return;
        for (const status of ['NEW', 'IN_PROGRESS'])
          this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      },
    });
  }

  /** The WebSocket side, once it exists. */
  observeLive(stats: LiveStats): void {
    this.live = stats;
  }

  /** Counts every GraphQL request over HTTP: type, root fields, outcome, time, error codes. */
  graphqlPlugin(): ApolloServerPlugin<Ctx> {
    const operations = this.operations;
    const durations = this.durations;
    const errors = this.errors;
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operation, response }) {
            const type = operation?.operation ?? 'unknown';
            const body = response.body;
            const answered = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
            for (const e of answered) errors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
            const outcome = answered.length ? 'error' : 'ok';
            const fields = rootFields(operation);
            for (const field of fields.length ? fields : ['(none)']) operations.inc({ type, field, outcome });
            durations.observe({ type }, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }

  /** A job run in this process finished. */
  jobFinished(job: string, succeeded: boolean, seconds: number): void {
    this.jobRuns.inc({ job, outcome: succeeded ? 'succeeded' : 'failed' });
    this.jobDurations.observe({ job }, seconds);
  }

  /**
   * GET /metrics in Prometheus' text format. With a token, only `Authorization: Bearer <token>` is answered
   * (401 otherwise); without one, anyone who reaches the port may read these counts.
   */
  handler(token: string | undefined): RequestHandler {
    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    return async (req, res) => {
      if (expected) {
        const given = Buffer.from(req.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('metrics need the METRICS_TOKEN\n');
          return;
        }
      }
      try {
        this.scrapes++;
        const text = await this.registry.metrics();
        res.set('cache-control', 'no-store').type(this.registry.contentType).send(text);
      } catch (error) {
        this.deps.log.error({ err: error }, 'metrics: could not collect');
        res.status(500).type('text/plain').send('could not collect the metrics\n');
      }
    };
  }
}

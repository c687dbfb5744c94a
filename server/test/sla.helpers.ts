/** Set-up and checks shared by the SLA end-to-end tests. */
import type { Clock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { jobContext } from '../src/jobs/job-context.js';
import { SlaStageReached } from '../src/modules/sla/sla.events.js';
import type { Database } from '../src/database/database.js';
import type { Services } from '../src/app/services.js';
import type { TestSystem } from './harness.js';

const silent = createLogger('silent');

/** Anything that has the SLA service and a database: a server System or a WorkerSystem. */
export interface SlaHost {
  database: Database;
  services: Services;
}

/** Runs the SLA sweep as its job does, with the given clock as "now". */
export function sweep(host: SlaHost, clock: Clock): Promise<number> {
  return host.services.sla.sweep(
    jobContext(
      { dataSource: host.database.dataSource, clock, log: silent, eventBus: host.services.eventBus },
      'test-sweep',
    ),
  );
}

/** Evaluates one order as its one-off job does. */
export function evaluateOrder(host: SlaHost, clock: Clock, orderId: string): Promise<Date | null> {
  return host.services.sla.evaluateOrder(
    jobContext(
      { dataSource: host.database.dataSource, clock, log: silent, eventBus: host.services.eventBus },
      'test-sla-due',
    ),
    orderId,
  );
}

/** Collects every SlaStageReached a host publishes (after commit). */
export function collectStages(host: SlaHost): SlaStageReached[] {
  const seen: SlaStageReached[] = [];
  host.services.eventBus.subscribe((e) => {
    if (e instanceof SlaStageReached) seen.push(e);
  });
  return seen;
}

/** The stages events reported for one order, as "STAGE@due ISO". */
export const reachedFor = (seen: readonly SlaStageReached[], orderId: string) =>
  seen.filter((e) => e.orderId === orderId).map((e) => `${e.stage}@${e.dueAt.toISOString()}`);

/** The sla_warning rows of an order, in firing order, as "STAGE@due ISO". */
export async function warningsOf(host: SlaHost, orderId: string): Promise<string[]> {
  const rows = (await host.database.dataSource.query(
    `SELECT stage, due_at FROM sla_warning WHERE order_id = $1 ORDER BY due_at, fired_at, stage`,
    [orderId],
  )) as Array<{ stage: string; due_at: Date }>;
  return rows.map((r) => `${r.stage}@${new Date(r.due_at).toISOString()}`);
}

/** The order's stored next SLA moment (ISO) or null. */
export async function nextDueOf(host: SlaHost, orderId: string): Promise<string | null> {
  const [row] = (await host.database.dataSource.query(`SELECT sla_next_due_at FROM service_order WHERE id = $1`, [
    orderId,
  ])) as Array<{ sla_next_due_at: Date | null }>;
  return row?.sla_next_due_at ? new Date(row.sla_next_due_at).toISOString() : null;
}

/**
 * Notification rows about an order, or null while the notification outbox does not exist. The SLA
 * tests only require that a repeated evaluation adds none (they do not depend on who is told what).
 */
export async function notificationsOf(host: SlaHost, orderId: string): Promise<number | null> {
  const [exists] = (await host.database.dataSource.query(`SELECT to_regclass('notification') IS NOT NULL AS ok`)) as [
    { ok: boolean },
  ];
  if (!exists.ok) return null;
  const [row] = (await host.database.dataSource.query(
    `SELECT count(*)::int AS n FROM notification WHERE order_id = $1`,
    [orderId],
  )) as [{ n: number }];
  return row.n;
}

/** ISO of `base + ms`. */
export const isoAt = (base: string | Date, ms: number) => new Date(new Date(base).getTime() + ms).toISOString();

/** Moves a test system's clock forward to `base + ms` (never backwards: other orders share it). */
export function moveClockTo(t: TestSystem, base: string | Date, ms: number): void {
  const target = new Date(base).getTime() + ms;
  if (target < t.clock.now().getTime()) throw new Error('moveClockTo: the clock only moves forward');
  t.clock.set(new Date(target));
}

import type { Agenda, Job } from 'agenda';
import type { EntityManager } from 'typeorm';
import { PROCESS_EVERY_MS, type JobDeps, type JobCleanup } from '../../../jobs/agenda.js';
import type { Logger } from '../../../common/logger.js';
import { SlaDueChanged } from '../sla.events.js';

/** One-off job per order: evaluates the order at its next SLA moment. Unique per order. */
export const SLA_DUE_JOB = 'sla-due';
/** Recurring safety net: evaluates whatever is due (a lost or late one-off job, a restart). */
export const SLA_SWEEP_JOB = 'sla-sweep';
export const SLA_SWEEP_EVERY = '30 seconds';

/**
 * R-SLA-5: the SLA jobs. Each open order's next due moment is stored on the order; after the
 * transaction that moved it commits, the order's `sla-due` job is moved there (so the stage fires
 * within seconds), and a sweep every 30 s picks up anything a job missed. Both only call the SLA
 * service, which decides under row locks and a unique record whether anything fires.
 */
export async function registerSlaJobs(agenda: Agenda, deps: JobDeps): Promise<JobCleanup> {
  // With the jobs in the application database, each run of an order's job ends by setting the job row from the
  // order row (settleDueJob below); in MongoDB, Agenda's own save and removal stand.
  const settle = deps.config.agendaMongoUrl ? undefined : new DueJobSettler(deps);
  agenda.define<{ orderId: string }>(
    SLA_DUE_JOB,
    async (job: Job<{ orderId: string }>) => {
      const next = await deps.services.sla.evaluateOrder(deps.context(SLA_DUE_JOB), job.attrs.data.orderId);
      // The job row itself carries the order's next moment (Agenda saves it when the run ends). Agenda runs on
      // the wall clock: a moment the injected clock calls future but the wall clock has passed (only in tests)
      // is left to the sweep.
      job.attrs.nextRunAt = next && next.getTime() > Date.now() ? next : null;
    },
    // Without a settler, a one-off without a next moment is removed by Agenda; with one, the settler removes it.
    { removeOnComplete: !settle, lockLifetime: 60_000, concurrency: 5 },
  );
  if (settle) {
    // After Agenda saved the run's job row, whether the run succeeded or failed (remote runs are settled where
    // they ran).
    agenda.on(`complete:${SLA_DUE_JOB}`, (job: { attrs?: { data?: unknown } }, remote?: boolean) => {
      const orderId = (job.attrs?.data as { orderId?: unknown } | undefined)?.orderId;
      if (remote !== true && typeof orderId === 'string') settle.request(orderId);
    });
  }
  agenda.define(
    SLA_SWEEP_JOB,
    async () => {
      await deps.services.sla.sweep(deps.context(SLA_SWEEP_JOB));
      // A run whose settling did not happen (the process stopped first) leaves its row without a moment.
      if (settle) await settle.removeSpent();
    },
    { lockLifetime: 120_000, concurrency: 1 },
  );
  await agenda.every(SLA_SWEEP_EVERY, SLA_SWEEP_JOB);

  // With the jobs in the application database, moves far enough ahead are one upsert per batch (below); in
  // MongoDB every move goes through Agenda.
  const moveMany = deps.config.agendaMongoUrl
    ? undefined
    : (moves: ReadonlyArray<[string, Date]>) => upsertDueJobs(deps.context(SLA_DUE_JOB).em, moves);
  const scheduler = new DueJobScheduler(agenda, deps.log, moveMany);
  const unsubscribe = deps.services.eventBus.subscribe((event) => {
    if (event instanceof SlaDueChanged && event.dueAt) scheduler.request(event.orderId, event.dueAt);
  });
  return async () => {
    unsubscribe();
    await scheduler.idle();
    await settle?.idle();
  };
}

/**
 * R-SLA-5: after each run of an order's job, sets the job row from the order row. When the run ends, Agenda
 * saves the job with the moment the run computed; a transition that committed meanwhile and moved the job (a
 * take seconds before a warning, say) was overwritten by that save, and its stage would have waited for the
 * sweep (up to 30 s). The order row is the truth: this statement reads it under a share lock, so a transition
 * in flight commits first and one starting later moves the job after this statement; the row ends at the
 * order's next moment, or is removed when there is none. (Unlocked CTEs would not do: `o` below is read
 * once, and the row lock is what orders this statement against the transitions' own moves.)
 */
class DueJobSettler {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: JobDeps) {}

  request(orderId: string): void {
    const done: Promise<void> = settleDueJob(this.deps.context(SLA_DUE_JOB).em, orderId)
      .catch((error: unknown) =>
        this.deps.log.warn({ err: error, orderId }, 'could not settle the SLA job; the sweep will cover it'),
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Removes job rows left without a moment and not running (their settling never happened). */
  async removeSpent(): Promise<void> {
    await this.deps
      .context(SLA_DUE_JOB)
      .em.query(`DELETE FROM agenda_jobs WHERE name = $1 AND next_run_at IS NULL AND locked_at IS NULL`, [SLA_DUE_JOB]);
  }
}

/**
 * Sets an order's `sla-due` job row from the order (see DueJobSettler): to its next moment when that is ahead
 * of the wall clock Agenda runs on, else no row (the sweep evaluates what is due).
 */
async function settleDueJob(em: EntityManager, orderId: string): Promise<void> {
  await em.query(
    `WITH locked AS (SELECT id, sla_next_due_at FROM service_order WHERE id = $2::uuid FOR SHARE),
     o AS (SELECT id, sla_next_due_at AS due_at FROM locked WHERE sla_next_due_at > now()),
     removed AS (
       DELETE FROM agenda_jobs
        WHERE name = $1 AND data->>'orderId' = $2::text AND NOT EXISTS (SELECT 1 FROM o))
     INSERT INTO agenda_jobs (name, next_run_at, data)
     SELECT $1, o.due_at, jsonb_build_object('orderId', o.id) FROM o
     ON CONFLICT ((data->>'orderId')) WHERE name = '${SLA_DUE_JOB}'
     DO UPDATE SET next_run_at = excluded.next_run_at`,
    [SLA_DUE_JOB, orderId],
  );
}

/** Jobs moved per statement. */
const MOVE_BATCH = 500;

/**
 * Moves (or creates) the `sla-due` jobs of many orders in one statement: the row Agenda itself writes for
 * `create(SLA_DUE_JOB, { orderId }).unique({ 'data.orderId': orderId }).schedule(dueAt)`, found by the same
 * unique index (migration 1764200000000-sla). Agenda wrote each job with a lookup, a write and a NOTIFY.
 */
async function upsertDueJobs(em: EntityManager, moves: ReadonlyArray<[string, Date]>): Promise<void> {
  await em.query(
    `INSERT INTO agenda_jobs (name, next_run_at, data)
     SELECT $1, m.due_at, jsonb_build_object('orderId', m.order_id)
       FROM unnest($2::text[], $3::timestamptz[]) AS m(order_id, due_at)
     ON CONFLICT ((data->>'orderId')) WHERE name = '${SLA_DUE_JOB}'
     DO UPDATE SET next_run_at = excluded.next_run_at`,
    [SLA_DUE_JOB, moves.map(([orderId]) => orderId), moves.map(([, dueAt]) => dueAt)],
  );
}

/**
 * Moves orders' `sla-due` jobs, keeping only the latest moment per order when changes arrive faster than
 * they are written (a threshold change can move many orders at once): what has gathered is written as one
 * statement (PostgreSQL job store), except moves due before Agenda's next look, which go through Agenda one
 * at a time. A moment that is not written (the process stops first) is still found by the sweep.
 */
class DueJobScheduler {
  private readonly pending = new Map<string, Date>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly agenda: Agenda,
    private readonly log: Logger,
    /** Writes many moves at once (the PostgreSQL job store); without it every move goes through Agenda. */
    private readonly moveMany?: (moves: ReadonlyArray<[string, Date]>) => Promise<void>,
  ) {}

  request(orderId: string, dueAt: Date): void {
    this.pending.set(orderId, dueAt);
    this.kick();
  }

  /** Resolves once every requested move has been written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.size) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size) {
      const batch = [...this.pending].slice(0, MOVE_BATCH);
      for (const [orderId] of batch) this.pending.delete(orderId);
      // A move due before Agenda's next look goes through Agenda, which tells the workers at once. Agenda
      // runs on the wall clock.
      const soon = Date.now() + PROCESS_EVERY_MS;
      const byStatement = this.moveMany ? batch.filter(([, dueAt]) => dueAt.getTime() > soon) : [];
      const throughAgenda = byStatement.length ? batch.filter(([, dueAt]) => dueAt.getTime() <= soon) : batch;
      if (byStatement.length) {
        await this.moveMany!(byStatement).catch((error: unknown) =>
          this.log.warn(
            { err: error, orders: byStatement.length },
            'could not move SLA jobs; the sweep will cover them',
          ),
        );
      }
      for (const [orderId, dueAt] of throughAgenda) await this.moveOne(orderId, dueAt);
    }
  }

  private async moveOne(orderId: string, dueAt: Date): Promise<void> {
    try {
      await this.schedule(orderId, dueAt);
    } catch {
      // Two processes inserting the same order's job at once: the unique index refuses one;
      // the retry finds the row and moves it.
      await this.schedule(orderId, dueAt).catch((error: unknown) =>
        this.log.warn({ err: error, orderId }, 'could not schedule the SLA job; the sweep will cover it'),
      );
    }
  }

  private async schedule(orderId: string, dueAt: Date): Promise<void> {
    await this.agenda.create(SLA_DUE_JOB, { orderId }).unique({ 'data.orderId': orderId }).schedule(dueAt).save();
  }
}

import type { Agenda, Job } from 'agenda';
import type { JobDeps, JobCleanup } from '../../../jobs/agenda.js';
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
  agenda.define<{ orderId: string }>(
    SLA_DUE_JOB,
    async (job: Job<{ orderId: string }>) => {
      const next = await deps.services.sla.evaluateOrder(deps.context(SLA_DUE_JOB), job.attrs.data.orderId);
      // The job row itself carries the order's next moment (Agenda saves it when the run ends; a
      // one-off without one is removed). Agenda runs on the wall clock: a moment the injected clock
      // calls future but the wall clock has passed (only in tests) is left to the sweep.
      job.attrs.nextRunAt = next && next.getTime() > Date.now() ? next : null;
    },
    { removeOnComplete: true, lockLifetime: 60_000, concurrency: 5 },
  );
  agenda.define(
    SLA_SWEEP_JOB,
    async () => {
      await deps.services.sla.sweep(deps.context(SLA_SWEEP_JOB));
    },
    { lockLifetime: 120_000, concurrency: 1 },
  );
  await agenda.every(SLA_SWEEP_EVERY, SLA_SWEEP_JOB);

  const scheduler = new DueJobScheduler(agenda, deps.log);
  const unsubscribe = deps.services.eventBus.subscribe((event) => {
    if (event instanceof SlaDueChanged && event.dueAt) scheduler.request(event.orderId, event.dueAt);
  });
  return async () => {
    unsubscribe();
    await scheduler.idle();
  };
}

/**
 * Moves orders' `sla-due` jobs, one at a time, keeping only the latest moment per order when
 * changes arrive faster than they are written (a threshold change can move many orders at once).
 * A moment that is not written (the process stops first) is still found by the sweep.
 */
class DueJobScheduler {
  private readonly pending = new Map<string, Date>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly agenda: Agenda,
    private readonly log: Logger,
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
    for (const [orderId, dueAt] of this.pending) {
      this.pending.delete(orderId);
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
  }

  private async schedule(orderId: string, dueAt: Date): Promise<void> {
    await this.agenda.create(SLA_DUE_JOB, { orderId }).unique({ 'data.orderId': orderId }).schedule(dueAt).save();
  }
}

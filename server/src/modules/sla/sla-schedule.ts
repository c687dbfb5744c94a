import { OrderStatus } from '../order/order.entity.js';
import { SlaStage } from './sla.events.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** What the SLA stages of an order depend on (columns of service_order). */
export interface SlaFacts {
  status: OrderStatus;
  createdAt: Date;
  reactionMinutes: number;
  reactionDueAt: Date;
  /** End of the pinned-only window; null when the account had nobody pinned (R-SLA-1). */
  pinnedUntil: Date | null;
  takenAt: Date | null;
  estimateHours: number | null;
  workDueAt: Date | null;
}

/** The settings the stage moments depend on, read when evaluated (PRODUCT.md §4). */
export interface SlaThresholds {
  INFORM_MANAGER_CREATED_PROJECT_LIMIT: number;
  INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: number;
}

/**
 * One stage of one cycle with its due moment. The cycle is the start of the span the stage counts:
 * the creation for reaction stages (a release does not restart them, R-ORD-7), the take for work
 * stages (each take has its own).
 */
export interface StageMoment {
  stage: SlaStage;
  dueAt: Date;
  cycleStart: Date;
}

/** Identifies a fired stage: a stage fires once per cycle. */
export const firedKey = (stage: SlaStage, cycleStart: Date) => `${stage}@${cycleStart.getTime()}`;

/** Evaluation order of stages due at the same moment: warnings before breaches. */
const RANK: Record<SlaStage, number> = {
  [SlaStage.PINNED_WINDOW_OVER]: 0,
  [SlaStage.NOT_TAKEN_WARNING]: 1,
  [SlaStage.REACTION_BREACHED]: 2,
  [SlaStage.RUNNING_LONG_WARNING]: 3,
  [SlaStage.WORK_BREACHED]: 4,
};

const percentOf = (start: Date, spanMs: number, percent: number) =>
  new Date(start.getTime() + Math.round((spanMs * percent) / 100));

/**
 * The stages that apply to the order in its current status (R-SLA-1..4): a NEW order has the
 * reaction stages, an order in work the work stages of its current take, a finished one none.
 */
export function slaStages(order: SlaFacts, t: SlaThresholds): StageMoment[] {
  const breach = breachStage(order);
  if (!breach) return [];
  const { cycleStart } = breach;
  if (order.status === OrderStatus.NEW) {
    const pinned = order.pinnedUntil
      ? [{ stage: SlaStage.PINNED_WINDOW_OVER, dueAt: order.pinnedUntil, cycleStart }]
      : [];
    const reactionMs = order.reactionMinutes * MINUTE_MS;
    const notTaken = {
      stage: SlaStage.NOT_TAKEN_WARNING,
      dueAt: percentOf(cycleStart, reactionMs, t.INFORM_MANAGER_CREATED_PROJECT_LIMIT),
      cycleStart,
    };
    return [...pinned, notTaken, breach];
  }
  const estimateMs = order.estimateHours! * HOUR_MS; // an order in work with a breach stage has an estimate
  const runningLong = {
    stage: SlaStage.RUNNING_LONG_WARNING,
    dueAt: percentOf(cycleStart, estimateMs, t.INFORM_MANAGER_IN_WORK_PROJECT_LIMIT),
    cycleStart,
  };
  return [runningLong, breach];
}

/**
 * The breach stage of the order's current status (R-SLA-4): the reaction time for a NEW order, the
 * estimate of the current take for an order in work; null for a finished order.
 */
export function breachStage(order: SlaFacts): StageMoment | null {
  if (order.status === OrderStatus.NEW) {
    return { stage: SlaStage.REACTION_BREACHED, dueAt: order.reactionDueAt, cycleStart: order.createdAt };
  }
  if (order.status === OrderStatus.IN_PROGRESS && order.takenAt && order.estimateHours && order.workDueAt) {
    return { stage: SlaStage.WORK_BREACHED, dueAt: order.workDueAt, cycleStart: order.takenAt };
  }
  return null;
}

/** Stages of the current status that have not fired yet, earliest first. */
export function pendingStages(order: SlaFacts, t: SlaThresholds, fired: ReadonlySet<string> = NONE): StageMoment[] {
  return slaStages(order, t)
    .filter((s) => !fired.has(firedKey(s.stage, s.cycleStart)))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || RANK[a.stage] - RANK[b.stage]);
}

/** Pending stages due at `now` (in the order they fire). */
export function dueStages(order: SlaFacts, t: SlaThresholds, fired: ReadonlySet<string>, now: Date): StageMoment[] {
  return pendingStages(order, t, fired).filter((s) => s.dueAt.getTime() <= now.getTime());
}

/**
 * The order's next SLA due moment: the earliest stage of its current status that has not fired,
 * or null when nothing is pending (finished orders, or every stage fired). Stored on the order as
 * `sla_next_due_at`, which the sweep finds by index.
 */
export function nextSlaDue(order: SlaFacts, t: SlaThresholds, fired: ReadonlySet<string> = NONE): Date | null {
  return pendingStages(order, t, fired)[0]?.dueAt ?? null;
}

const NONE: ReadonlySet<string> = new Set();

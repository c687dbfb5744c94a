import type { DomainEvent } from '../../common/events.js';

/** The SLA stages of an order (PRODUCT.md §4); each fires at most once per order (per take, for work stages). */
export enum SlaStage {
  /** R-SLA-1: the pinned-only window is over; all eligible contractors may take the order now. */
  PINNED_WINDOW_OVER = 'PINNED_WINDOW_OVER',
  /** R-SLA-2: INFORM_MANAGER_CREATED_PROJECT_LIMIT% of the reaction time passed and the order is still NEW. */
  NOT_TAKEN_WARNING = 'NOT_TAKEN_WARNING',
  /** R-SLA-3: INFORM_MANAGER_IN_WORK_PROJECT_LIMIT% of the estimate passed and the order is still in work. */
  RUNNING_LONG_WARNING = 'RUNNING_LONG_WARNING',
  /** R-SLA-4: the reaction time passed and the order is still NEW. */
  REACTION_BREACHED = 'REACTION_BREACHED',
  /** R-SLA-4: the estimate passed and the order is still in work. */
  WORK_BREACHED = 'WORK_BREACHED',
}

/** An order reached an SLA stage; raised inside the transaction that records the stage (once). */
export class SlaStageReached implements DomainEvent {
  readonly type = 'SlaStageReached';
  constructor(
    readonly orderId: string,
    readonly accountId: string,
    readonly stage: SlaStage,
    /** The moment the stage was due (not when the job happened to run). */
    readonly dueAt: Date,
  ) {}
}

/**
 * The order's next SLA due moment changed (stored on the order in the raising transaction); the job
 * layer moves the order's one-off `sla-due` job there after commit. Null: nothing is pending.
 */
export class SlaDueChanged implements DomainEvent {
  readonly type = 'SlaDueChanged';
  constructor(
    readonly orderId: string,
    readonly dueAt: Date | null,
  ) {}
}

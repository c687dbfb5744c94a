import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import type { DomainEvent } from '../../common/events.js';
import { isUuid } from '../../common/ids.js';
import { pinnedUntil } from '../order/order-rules.js';
import { OrderStatus } from '../order/order.entity.js';
import type { SettingKey, SettingValues } from '../settings/settings.definitions.js';
import { SettingChanged } from '../settings/settings.events.js';
import type { SettingsService } from '../settings/settings.service.js';
import { SlaDueChanged, SlaStage, SlaStageReached } from './sla.events.js';
import { breachStage, dueStages, firedKey, nextSlaDue, type SlaFacts } from './sla-schedule.js';
import {
  findSlaOrders,
  firedStages,
  holdSlaThresholds,
  lockDueOrders,
  lockSlaOrder,
  markBreached,
  openOrderIds,
  recordStage,
  storeSlaUpdates,
  type SlaOrder,
  type SlaUpdate,
} from './sla-store.js';

/** Settings whose change moves pending due moments. */
const THRESHOLD_KEYS: ReadonlySet<SettingKey> = new Set([
  'ASSIGNED_CONTRACTORS_TIME_LIMIT',
  'INFORM_MANAGER_CREATED_PROJECT_LIMIT',
  'INFORM_MANAGER_IN_WORK_PROJECT_LIMIT',
]);

const BREACHES: ReadonlySet<SlaStage> = new Set([SlaStage.REACTION_BREACHED, SlaStage.WORK_BREACHED]);

/** Orders evaluated per sweep transaction, and at most this many transactions per sweep run. */
const SWEEP_BATCH = 200;
const SWEEP_MAX_BATCHES = 50;
/** Orders recomputed per statement after a threshold changed. */
const RECOMPUTE_BATCH = 1000;

/**
 * SLA stages and escalation (R-SLA-1..5). Each open order stores its next due moment
 * (`sla_next_due_at`); evaluating an order fires every pending stage that is due — once, guarded
 * by a unique `sla_warning` row — and stores the next one. Thresholds are read when evaluated.
 */
export class SlaService {
  constructor(private readonly settings: SettingsService) {}

  /** Evaluates one order now (its one-off job); returns its next due moment (null: nothing pending). */
  async evaluateOrder(ctx: Ctx, orderId: string): Promise<Date | null> {
    if (!isUuid(orderId)) return null;
    return inTransaction(ctx, async (tx) => {
      const order = await lockSlaOrder(tx, orderId);
      if (!order) return null;
      const [next] = await this.evaluate(tx, [order], await this.settings.values(tx));
      return next!;
    });
  }

  /**
   * The safety net (R-SLA-5): evaluates every order whose due moment has come, found with one
   * indexed query per batch. Workers racing each other skip the orders another one holds.
   * Returns how many orders were evaluated.
   */
  async sweep(ctx: Ctx, batchSize = SWEEP_BATCH): Promise<number> {
    let total = 0;
    for (let i = 0; i < SWEEP_MAX_BATCHES; i++) {
      const n = await inTransaction(ctx, async (tx) => {
        const orders = await lockDueOrders(tx, tx.clock.now(), batchSize);
        if (orders.length) await this.evaluate(tx, orders, await this.settings.values(tx));
        return orders.length;
      });
      total += n;
      if (n < batchSize) break;
    }
    return total;
  }

  /**
   * Called before reading the thresholds a new order's or a take's moments are computed with: a threshold
   * change waits for the calling transaction to commit before it recomputes the open orders, so the moments
   * it stores are never left computed with the old values (PRODUCT.md §4).
   */
  async holdThresholds(tx: Ctx): Promise<void> {
    await holdSlaThresholds(tx, 'shared');
  }

  /**
   * Before a transition takes orders out of their status (take, release, cancel, close): settles what that
   * status had due by now that no job has handled — the worker was stopped, or the transition came in the
   * seconds before the order's job. A due breach fires as it would have (R-SLA-4: marked breached at its
   * due moment, owners told); the unique sla_warning row keeps it single. A warning or pinned-window offer
   * whose moment passed is not sent: the transition answers it (nobody needs "not taken, assign someone"
   * for an order being taken) and it stays unrecorded, so it fires once only if the order comes back to
   * that status while it still applies. `orders` are as they stand, their rows locked by the caller.
   */
  async settleDue(tx: Ctx, orders: ReadonlyArray<SlaFacts & { id: string; accountId: string }>): Promise<void> {
    const now = tx.clock.now();
    const marks: Array<{ orderId: string; breachedAt: Date }> = [];
    for (const order of orders) {
      const breach = breachStage(order);
      if (!breach || breach.dueAt > now || !(await recordStage(tx, order, breach, now))) continue;
      marks.push({ orderId: order.id, breachedAt: breach.dueAt });
      emit(tx, new SlaStageReached(order.id, order.accountId, breach.stage, breach.dueAt));
    }
    await markBreached(tx, marks);
  }

  /**
   * After a transition that leaves the order open with stages that may have fired already (a
   * release: the reaction stages keep counting from creation, R-ORD-7): stores its next due moment,
   * and its pinned-only window by the ASSIGNED_CONTRACTORS_TIME_LIMIT in force now (R-SLA-1).
   * Runs in the caller's transaction, which holds the order's row.
   */
  async refreshDue(tx: Ctx, orderIds: readonly string[], values?: SettingValues): Promise<void> {
    const orders = await findSlaOrders(tx, orderIds);
    if (!orders.length) return;
    const thresholds = values ?? (await this.settings.values(tx));
    const fired = await firedStages(
      tx,
      orders.map((o) => o.id),
    );
    const updates = orders.map((o) => {
      const f = fired.get(o.id)!;
      const pinnedUntil = movedPinnedWindow(o, thresholds, f);
      const facts = pinnedUntil === undefined ? o : { ...o, pinnedUntil };
      return { orderId: o.id, nextDueAt: nextSlaDue(facts, thresholds, f), pinnedUntil };
    });
    await storeSlaUpdates(tx, updates);
    for (const u of updates) if (u.nextDueAt) emit(tx, new SlaDueChanged(u.orderId, u.nextDueAt));
  }

  /**
   * Thresholds are read when evaluated: when an owner changes one, the pending moments of open
   * orders are recomputed in the same transaction (and the pinned-only windows not yet over).
   */
  async onEvents(tx: Ctx, events: readonly DomainEvent[]): Promise<void> {
    const changed = events.some((e) => e instanceof SettingChanged && THRESHOLD_KEYS.has(e.key));
    if (!changed) return;
    // Waits for creations and takes that computed moments with the old values (holdThresholds).
    await holdSlaThresholds(tx, 'exclusive');
    await this.recomputeOpenOrders(tx);
  }

  private async recomputeOpenOrders(tx: Ctx): Promise<void> {
    const values = await this.settings.values(tx);
    const ids = await openOrderIds(tx);
    for (let i = 0; i < ids.length; i += RECOMPUTE_BATCH) {
      const orders = await findSlaOrders(tx, ids.slice(i, i + RECOMPUTE_BATCH), true);
      const fired = await firedStages(
        tx,
        orders.map((o) => o.id),
      );
      const updates: SlaUpdate[] = [];
      for (const order of orders) {
        const f = fired.get(order.id)!;
        const update: SlaUpdate = { orderId: order.id, nextDueAt: null };
        const facts = { ...order };
        // The pinned-only window follows ASSIGNED_CONTRACTORS_TIME_LIMIT until it has been announced over.
        const moved = movedPinnedWindow(order, values, f);
        if (moved !== undefined) {
          update.pinnedUntil = moved;
          facts.pinnedUntil = moved;
        }
        update.nextDueAt = nextSlaDue(facts, values, f);
        if (update.pinnedUntil === undefined && sameMoment(update.nextDueAt, order.slaNextDueAt)) continue;
        updates.push(update);
        // A moment moved later needs no new job: the old one finds nothing due and moves itself.
        if (update.nextDueAt && (!order.slaNextDueAt || update.nextDueAt < order.slaNextDueAt)) {
          emit(tx, new SlaDueChanged(order.id, update.nextDueAt));
        }
      }
      await storeSlaUpdates(tx, updates);
    }
  }

  /**
   * Fires the due stages of locked orders, each at most once (the sla_warning insert decides), marks
   * breaches, and stores each order's next due moment. Returns the next due moments, in order.
   */
  private async evaluate(tx: Ctx, orders: readonly SlaOrder[], values: SettingValues): Promise<Array<Date | null>> {
    const now = tx.clock.now();
    const fired = await firedStages(
      tx,
      orders.map((o) => o.id),
    );
    const updates: SlaUpdate[] = [];
    for (const order of orders) {
      const f = fired.get(order.id)!;
      let breachedAt: Date | null = null;
      for (const s of dueStages(order, values, f, now)) {
        if (await recordStage(tx, order, s, now)) {
          if (BREACHES.has(s.stage)) breachedAt ??= s.dueAt;
          emit(tx, new SlaStageReached(order.id, order.accountId, s.stage, s.dueAt));
        }
        f.add(firedKey(s.stage, s.cycleStart));
      }
      const nextDueAt = nextSlaDue(order, values, f);
      updates.push({ orderId: order.id, nextDueAt, breachedAt });
      if (nextDueAt) emit(tx, new SlaDueChanged(order.id, nextDueAt));
    }
    await storeSlaUpdates(tx, updates);
    return updates.map((u) => u.nextDueAt);
  }
}

/**
 * R-SLA-1: the end of a NEW order's pinned-only window by the ASSIGNED_CONTRACTORS_TIME_LIMIT given, when
 * that differs from the stored one and the window's end has not been announced; undefined: it stays.
 */
function movedPinnedWindow(order: SlaOrder, values: SettingValues, fired: ReadonlySet<string>): Date | undefined {
  if (order.status !== OrderStatus.NEW || !order.pinnedUntil) return undefined;
  if (fired.has(firedKey(SlaStage.PINNED_WINDOW_OVER, order.createdAt))) return undefined;
  const moved = pinnedUntil(order.createdAt, order.reactionMinutes, values.ASSIGNED_CONTRACTORS_TIME_LIMIT, true);
  return moved && moved.getTime() !== order.pinnedUntil.getTime() ? moved : undefined;
}

const sameMoment = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

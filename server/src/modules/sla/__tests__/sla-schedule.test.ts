import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../../order/order.entity.js';
import { SlaStage } from '../sla.events.js';
import { dueStages, firedKey, nextSlaDue, pendingStages, type SlaFacts } from '../sla-schedule.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const created = new Date('2026-03-02T09:00:00Z');
const t = { INFORM_MANAGER_CREATED_PROJECT_LIMIT: 95, INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: 95 };

const newOrder = (o: Partial<SlaFacts> = {}): SlaFacts => ({
  status: OrderStatus.NEW,
  createdAt: created,
  reactionMinutes: 100,
  reactionDueAt: new Date(created.getTime() + 100 * MIN),
  pinnedUntil: null,
  takenAt: null,
  estimateHours: null,
  workDueAt: null,
  ...o,
});

const taken = new Date(created.getTime() + 10 * MIN);
const inWork = newOrder({
  status: OrderStatus.IN_PROGRESS,
  takenAt: taken,
  estimateHours: 2,
  workDueAt: new Date(taken.getTime() + 2 * HOUR),
});

const at = (ms: number, from = created) => new Date(from.getTime() + ms);

describe('SLA stage moments', () => {
  it('R-SLA-2 / R-SLA-4: a NEW order is warned at the threshold % of the reaction time and breached at 100%', () => {
    expect(pendingStages(newOrder(), t).map((s) => [s.stage, s.dueAt])).toEqual([
      [SlaStage.NOT_TAKEN_WARNING, at(95 * MIN)],
      [SlaStage.REACTION_BREACHED, at(100 * MIN)],
    ]);
  });

  it('R-SLA-1: with pinned contractors the pinned window ends first', () => {
    const o = newOrder({ pinnedUntil: at(20 * MIN) });
    expect(nextSlaDue(o, t)).toEqual(at(20 * MIN));
    expect(pendingStages(o, t)[0]!.stage).toBe(SlaStage.PINNED_WINDOW_OVER);
  });

  it('R-SLA-3 / R-SLA-4: an order in work has only the work stages of its take', () => {
    expect(pendingStages(inWork, t).map((s) => [s.stage, s.dueAt, s.cycleStart])).toEqual([
      [SlaStage.RUNNING_LONG_WARNING, at(0.95 * 2 * HOUR, taken), taken],
      [SlaStage.WORK_BREACHED, at(2 * HOUR, taken), taken],
    ]);
  });

  it('thresholds are parameters: the moment follows the setting passed in', () => {
    expect(nextSlaDue(newOrder(), { ...t, INFORM_MANAGER_CREATED_PROJECT_LIMIT: 50 })).toEqual(at(50 * MIN));
    expect(nextSlaDue(inWork, { ...t, INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: 50 })).toEqual(at(HOUR, taken));
  });

  it('fired stages are no longer pending; when all fired nothing is due', () => {
    const fired = new Set([firedKey(SlaStage.NOT_TAKEN_WARNING, created)]);
    expect(nextSlaDue(newOrder(), t, fired)).toEqual(at(100 * MIN));
    fired.add(firedKey(SlaStage.REACTION_BREACHED, created));
    expect(nextSlaDue(newOrder(), t, fired)).toBeNull();
  });

  it('R-ORD-7: a new take is a new cycle — stages fired for an earlier take do not count', () => {
    const earlier = new Set([firedKey(SlaStage.RUNNING_LONG_WARNING, created)]);
    expect(pendingStages(inWork, t, earlier)).toHaveLength(2);
  });

  it('finished orders have no stages', () => {
    expect(nextSlaDue(newOrder({ status: OrderStatus.DONE }), t)).toBeNull();
    expect(nextSlaDue(newOrder({ status: OrderStatus.CANCELLED }), t)).toBeNull();
  });

  it('stages due at the same moment fire warnings before breaches; only due ones are returned', () => {
    const full = { ...t, INFORM_MANAGER_CREATED_PROJECT_LIMIT: 100 };
    expect(dueStages(newOrder(), full, new Set(), at(100 * MIN)).map((s) => s.stage)).toEqual([
      SlaStage.NOT_TAKEN_WARNING,
      SlaStage.REACTION_BREACHED,
    ]);
    expect(dueStages(newOrder(), t, new Set(), at(95 * MIN - 1))).toEqual([]);
  });
});

/** An order as the dashboard's at-risk list needs it. */
export interface DueOrder {
  status: string;
  reactionDueAt: string;
  workDueAt?: string | null;
}

/** The moment an open order next breaches: the take deadline while NEW, the estimate while IN_PROGRESS. */
export function dueAt(o: DueOrder): number {
  return new Date(o.status === 'IN_PROGRESS' && o.workDueAt ? o.workDueAt : o.reactionDueAt).getTime();
}

/** The open orders closest to breaching, soonest first. */
export function atRisk<T extends DueOrder>(orders: readonly T[], limit = 10): T[] {
  return [...orders].sort((a, b) => dueAt(a) - dueAt(b)).slice(0, limit);
}

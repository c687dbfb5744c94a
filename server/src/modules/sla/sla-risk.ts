/**
 * SQL conditions on an order (alias `o`) describing where it stands against its SLA (R-SLA-2..4), shared by
 * the order lists, the dashboard and the reports so that "breached" and "at risk" mean one thing everywhere.
 * `now` is a placeholder (e.g. `$3`) holding the current moment.
 */

/** R-SLA-4: breached (marked by the SLA job), or overdue now and not yet marked. */
export const breachedSql = (now: string) =>
  `(o.breached_at IS NOT NULL OR (o.status = 'NEW' AND o.reaction_due_at <= ${now})
    OR (o.status = 'IN_PROGRESS' AND o.work_due_at <= ${now}))`;

/**
 * R-SLA-2/R-SLA-3: the managers' warning for the order's current stage has fired — not taken in time for a
 * NEW order (its cycle starts at creation), running long for the current take of an order in work.
 */
export const slaWarningFiredSql = () =>
  `EXISTS (SELECT 1 FROM sla_warning w WHERE w.order_id = o.id AND (
      (o.status = 'NEW' AND w.stage = 'NOT_TAKEN_WARNING' AND w.cycle_start = o.created_at)
      OR (o.status = 'IN_PROGRESS' AND w.stage = 'RUNNING_LONG_WARNING' AND w.cycle_start = o.taken_at)))`;

/**
 * The moment the order next breaches (R-SLA-4): the estimate's end while in work, else the take deadline.
 * Closed orders get the same expression (their last deadline), so one sort covers every list. Indexed (with id)
 * as `service_order_due_idx` and, for open orders, `service_order_open_due_idx`: keep this and theirs in step.
 */
export const dueAtSql = `(CASE WHEN o.status = 'IN_PROGRESS' THEN coalesce(o.work_due_at, o.reaction_due_at)
  ELSE o.reaction_due_at END)`;

/** Open: NEW or IN_PROGRESS. */
export const openOrderSql = `o.status IN ('NEW', 'IN_PROGRESS')`;

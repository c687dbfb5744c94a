import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders sorted by the moment they next breach (`orders(orderBy: DUE_SOONEST)`, the dashboard's at-risk and
 * breached tables): indexes on the same expression as `dueAtSql` (sla-risk.ts) plus id, so a page is an index
 * scan however many orders exist, and the keyset cursor over (due, id) continues from it. Open orders get their
 * own partial index: they are few and recent, and in one index over every order the open ones would sit behind
 * years of closed orders whose deadlines passed (measured: 200k orders, no at-risk one — 116 ms scanning all
 * of them, instead of well under a millisecond).
 * `work_due_at` is stored in milliseconds like the other cursor columns (1764400000000), so a cursor taken
 * from JavaScript never skips a row.
 */
export class OrderDueIndex1765100000000 implements MigrationInterface {
  name = 'OrderDueIndex1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_order ALTER COLUMN work_due_at TYPE timestamptz(3)`);
    const due = `(CASE WHEN status = 'IN_PROGRESS' THEN coalesce(work_due_at, reaction_due_at) ELSE reaction_due_at END)`;
    await q.query(`CREATE INDEX service_order_due_idx ON service_order (${due}, id)`);
    await q.query(
      `CREATE INDEX service_order_open_due_idx ON service_order (${due}, id) WHERE status IN ('NEW', 'IN_PROGRESS')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_order_open_due_idx`);
    await q.query(`DROP INDEX service_order_due_idx`);
    await q.query(`ALTER TABLE service_order ALTER COLUMN work_due_at TYPE timestamptz`);
  }
}

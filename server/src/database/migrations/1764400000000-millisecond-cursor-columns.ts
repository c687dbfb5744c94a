import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset cursors carry a timestamp as JavaScript sees it, in milliseconds, while PostgreSQL kept
 * microseconds: two rows created within one millisecond on either side of a page boundary made the next
 * page skip one. The columns lists page by are stored in milliseconds; ties are ordered by id.
 */
export class MillisecondCursorColumns1764400000000 implements MigrationInterface {
  name = 'MillisecondCursorColumns1764400000000';

  private readonly columns: Array<[string, string]> = [
    ['app_user', 'created_at'],
    ['client_account', 'created_at'],
    ['service_order', 'created_at'],
    ['service_order', 'reaction_due_at'],
    ['invoice', 'period_start'],
    ['payout', 'period_start'],
    ['billing_period', 'period_start'],
  ];

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of this.columns) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE timestamptz(3)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of this.columns) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE timestamptz`);
    }
  }
}

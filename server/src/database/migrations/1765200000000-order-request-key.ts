import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `createOrder(input: { requestKey })`: a key the caller chooses makes a creation safe to repeat (a retry after
 * a lost answer, a double press reaching two bot instances). One order per author and key; orders created
 * without a key are not constrained.
 */
export class OrderRequestKey1765200000000 implements MigrationInterface {
  name = 'OrderRequestKey1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_order ADD COLUMN request_key text`);
    await q.query(`
      CREATE UNIQUE INDEX service_order_request_key_idx ON service_order (author_id, request_key)
        WHERE request_key IS NOT NULL
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_order_request_key_idx`);
    await q.query(`ALTER TABLE service_order DROP COLUMN request_key`);
  }
}

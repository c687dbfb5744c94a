import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One bot instance at a time delivers the TELEGRAM channel (PRODUCT.md §6, §11): several bot instances
 * would otherwise each send every notification. The row is the lease: which consumer (a bot process's id)
 * delivers a channel, and until when it holds it unless renewed. The server renews it for as long as that
 * consumer's subscription is open; a lapsed lease is taken over by a waiting consumer.
 */
export class TelegramDeliveryLease1764900000000 implements MigrationInterface {
  name = 'TelegramDeliveryLease1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_delivery_lease (
        channel varchar(16) PRIMARY KEY,
        consumer varchar(64) NOT NULL,
        acquired_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_delivery_lease`);
  }
}

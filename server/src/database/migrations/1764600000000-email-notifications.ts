import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mail channel (PRODUCT.md §6): users opt in to e-mail notifications; an EMAIL notification carries
 * the address it goes to (a user's at the moment it was written, or a client account's contact address,
 * which belongs to no user), and its delivery attempts, so that a failing mail server is retried with
 * back-off and an address that does not exist is given up on instead of retried for ever.
 */
export class EmailNotifications1764600000000 implements MigrationInterface {
  name = 'EmailNotifications1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN email_notifications boolean NOT NULL DEFAULT false;

      ALTER TABLE notification ALTER COLUMN recipient_id DROP NOT NULL;
      ALTER TABLE notification ADD COLUMN recipient_email text NULL;
      ALTER TABLE notification ADD COLUMN delivery_attempts int NOT NULL DEFAULT 0;
      ALTER TABLE notification ADD COLUMN next_attempt_at timestamptz NULL;
      ALTER TABLE notification ADD COLUMN delivery_error text NULL;
      ALTER TABLE notification ADD CONSTRAINT notification_recipient_check CHECK (
        recipient_id IS NOT NULL OR (channel = 'EMAIL' AND recipient_email IS NOT NULL));
      ALTER TABLE notification ADD CONSTRAINT notification_email_address_check CHECK (
        (channel = 'EMAIL') = (recipient_email IS NOT NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE channel = 'EMAIL';
      ALTER TABLE notification DROP CONSTRAINT notification_email_address_check;
      ALTER TABLE notification DROP CONSTRAINT notification_recipient_check;
      ALTER TABLE notification DROP COLUMN delivery_error;
      ALTER TABLE notification DROP COLUMN next_attempt_at;
      ALTER TABLE notification DROP COLUMN delivery_attempts;
      ALTER TABLE notification DROP COLUMN recipient_email;
      ALTER TABLE notification ALTER COLUMN recipient_id SET NOT NULL;
      ALTER TABLE app_user DROP COLUMN email_notifications;
    `);
  }
}

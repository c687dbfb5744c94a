import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification goes out only to a recipient whose access is still what it was when the notification was
 * written (PRODUCT.md §6, R-USR-2, R-USR-3, R-ACC-1, R-ACC-2):
 *
 * - `app_user.access_version` counts the changes of a user's role, account, branch or active flag; a trigger
 *   raises it on every such change, whatever code makes it.
 * - `notification.recipient_access_version` is the recipient's version as the writing statement read it,
 *   from the same snapshot that chose the recipient; delivery requires it to equal the user's current one.
 * - `notification.withdrawn_reason`: a notification withdrawn because its recipient's access changed before
 *   it was delivered (it has `delivered_at` set too: it is never delivered on any channel).
 *
 * Notifications already written keep version 0, the version every user starts with.
 */
export class NotificationRecipientAccess1764800000000 implements MigrationInterface {
  name = 'NotificationRecipientAccess1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN access_version int NOT NULL DEFAULT 0;
      ALTER TABLE notification ADD COLUMN recipient_access_version int NOT NULL DEFAULT 0;
      ALTER TABLE notification ADD COLUMN withdrawn_reason text NULL;

      CREATE FUNCTION bump_user_access_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.access_version := OLD.access_version + 1;
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER app_user_access_version BEFORE UPDATE ON app_user
        FOR EACH ROW
        WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.account_id IS DISTINCT FROM NEW.account_id
              OR OLD.branch_id IS DISTINCT FROM NEW.branch_id OR OLD.active IS DISTINCT FROM NEW.active)
        EXECUTE FUNCTION bump_user_access_version();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER app_user_access_version ON app_user;
      DROP FUNCTION bump_user_access_version();
      ALTER TABLE notification DROP COLUMN withdrawn_reason;
      ALTER TABLE notification DROP COLUMN recipient_access_version;
      ALTER TABLE app_user DROP COLUMN access_version;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox (PRODUCT.md §6) and what the live streams read.
 *
 * - `notification`: one row per recipient and channel, written in the same transaction as the change
 *   that caused it. `delivered_at` is the channel's acknowledgement (never delivered again once set);
 *   `read_at` is the admin panel's "read".
 * - The stream gate: `order_event` and `notification` ids follow commit order, so a reader tailing
 *   `id > cursor` never skips a row whose transaction commits late. Every INSERT into either table first
 *   takes one transaction-level advisory lock (a statement trigger, so no writer can forget it), before
 *   any id is drawn; the lock is held until the transaction ends, and a transaction is visible before its
 *   locks are released. So ids are drawn and committed one transaction at a time: when a reader sees id N,
 *   every smaller id is visible already or never will be. Only the tail of a writing transaction is
 *   serialised: the application writes these rows just before commit (the event bus's transactional
 *   phase), and inside the gate it only inserts — their foreign-key checks take FOR KEY SHARE row locks,
 *   which conflict only with FOR UPDATE, so the application locks rows FOR NO KEY UPDATE and a transaction
 *   waiting at the gate never holds a lock the one inside needs. (7310640213 is just a fixed key.)
 *   The trigger also queues a NOTIFY on 'itsupport_streams' (sent at commit, dropped on rollback, empty
 *   payload): with a PostgreSQL server it wakes the readers of other instances, which then read the tables.
 * - Indexes: the undelivered tail of a channel (the bot's replay), one recipient's rows (the admin's
 *   replay, lists and unread count), the offers of an order (who must hear that it is gone), and
 *   order history by account (a client's replay of its account's order events).
 */
export class Notifications1764100000000 implements MigrationInterface {
  name = 'Notifications1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id bigserial PRIMARY KEY,
        recipient_id uuid NOT NULL REFERENCES app_user(id),
        channel text NOT NULL CHECK (channel IN ('TELEGRAM', 'ADMIN', 'EMAIL')),
        kind text NOT NULL CHECK (kind ~ '^[A-Z][A-Z_]{1,63}$'),
        order_id uuid NULL REFERENCES service_order(id),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz NULL,
        read_at timestamptz NULL
      );
      CREATE INDEX notification_undelivered_idx ON notification (channel, id) WHERE delivered_at IS NULL;
      CREATE INDEX notification_recipient_idx ON notification (recipient_id, channel, id);
      CREATE INDEX notification_unread_idx ON notification (recipient_id) WHERE channel = 'ADMIN' AND read_at IS NULL;
      CREATE INDEX notification_order_idx ON notification (order_id, kind) WHERE order_id IS NOT NULL;

      CREATE INDEX order_event_account_idx ON order_event (account_id, id);

      CREATE FUNCTION enter_event_stream_gate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(7310640213);
        PERFORM pg_notify('itsupport_streams', '');
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER order_event_stream_gate BEFORE INSERT ON order_event
        FOR EACH STATEMENT EXECUTE FUNCTION enter_event_stream_gate();
      CREATE TRIGGER notification_stream_gate BEFORE INSERT ON notification
        FOR EACH STATEMENT EXECUTE FUNCTION enter_event_stream_gate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER order_event_stream_gate ON order_event;
      DROP INDEX order_event_account_idx;
      DROP TABLE notification;
      DROP FUNCTION enter_event_stream_gate;
    `);
  }
}

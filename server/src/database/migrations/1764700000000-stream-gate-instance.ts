import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stream gate's NOTIFY names the process that committed: the `itsupport.instance` setting of the writing
 * connection (database/data-source.ts), or '' for any other writer. An instance ignores its own commits'
 * NOTIFYs (it has woken its stream tails for them already) and reads once per commit instead of twice.
 * Instances that do not know the payload still wake on it, as before.
 */
export class StreamGateInstance1764700000000 implements MigrationInterface {
  name = 'StreamGateInstance1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION enter_event_stream_gate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(7310640213);
        PERFORM pg_notify('itsupport_streams', coalesce(current_setting('itsupport.instance', true), ''));
        RETURN NULL;
      END
      $fn$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION enter_event_stream_gate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(7310640213);
        PERFORM pg_notify('itsupport_streams', '');
        RETURN NULL;
      END
      $fn$;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA (R-SLA-1..5) and the Agenda job store.
 *
 * - `service_order.sla_next_due_at`: the earliest pending SLA stage of an open order (NULL when
 *   nothing is pending). A partial index over the non-NULL values makes "what is due" one indexed
 *   range scan, however many orders exist (R-SLA-5).
 * - `sla_warning`: one row per order, stage and cycle. Inserting it decides who raises the stage's
 *   event, so a stage fires at most once even with several workers. The cycle is the start of the
 *   span counted: the creation for reaction stages, the take for work stages (a new take after a
 *   release is a new cycle).
 * - `agenda_jobs`: Agenda's table (as @agendajs/postgres-backend 3.0.6 creates it), owned by our
 *   migrations so that several instances never race to create it and tools that copy the schema
 *   (migrate-to-postgres) see it. Agenda runs with ensureSchema: false.
 */
export class Sla1764200000000 implements MigrationInterface {
  name = 'Sla1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_order ADD COLUMN sla_next_due_at timestamptz NULL;
      CREATE INDEX service_order_sla_due_idx ON service_order (sla_next_due_at)
        WHERE sla_next_due_at IS NOT NULL;
      -- Orders open before this migration are evaluated by the first sweep, which stores their
      -- real next due moment (or NULL).
      UPDATE service_order SET sla_next_due_at = coalesce(taken_at, created_at)
       WHERE status IN ('NEW', 'IN_PROGRESS');

      CREATE TABLE sla_warning (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES service_order(id),
        account_id uuid NOT NULL REFERENCES client_account(id),
        stage text NOT NULL CHECK (stage IN ('PINNED_WINDOW_OVER', 'NOT_TAKEN_WARNING', 'REACTION_BREACHED',
                                             'RUNNING_LONG_WARNING', 'WORK_BREACHED')),
        cycle_start timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL,
        UNIQUE (order_id, stage, cycle_start)
      );
      CREATE INDEX sla_warning_fired_idx ON sla_warning (fired_at DESC, id DESC);

      CREATE TABLE IF NOT EXISTS agenda_jobs (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        name VARCHAR(255) NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        next_run_at TIMESTAMPTZ,
        type VARCHAR(10) NOT NULL DEFAULT 'normal' CHECK (type IN ('normal', 'single')),
        locked_at TIMESTAMPTZ,
        last_finished_at TIMESTAMPTZ,
        failed_at TIMESTAMPTZ,
        fail_count INTEGER DEFAULT NULL,
        fail_reason TEXT,
        repeat_timezone VARCHAR(100),
        last_run_at TIMESTAMPTZ,
        repeat_interval VARCHAR(255),
        data JSONB DEFAULT '{}'::jsonb,
        repeat_at VARCHAR(255),
        disabled BOOLEAN DEFAULT FALSE,
        progress REAL,
        fork BOOLEAN DEFAULT FALSE,
        last_modified_by VARCHAR(255),
        debounce_started_at TIMESTAMPTZ,
        start_date TIMESTAMPTZ,
        end_date TIMESTAMPTZ,
        skip_days JSONB,
        created_at TIMESTAMPTZ DEFAULT NOW(),
        updated_at TIMESTAMPTZ DEFAULT NOW()
      );
      CREATE INDEX IF NOT EXISTS agenda_jobs_find_and_lock_idx
        ON agenda_jobs (name, next_run_at, priority DESC, locked_at, disabled) WHERE disabled = FALSE;
      CREATE UNIQUE INDEX IF NOT EXISTS agenda_jobs_single_job_idx ON agenda_jobs (name) WHERE type = 'single';
      CREATE INDEX IF NOT EXISTS agenda_jobs_locked_at_idx ON agenda_jobs (locked_at) WHERE locked_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS agenda_jobs_next_run_at_idx ON agenda_jobs (next_run_at)
        WHERE next_run_at IS NOT NULL;
      -- The one-off SLA job is unique per order; Agenda finds it by data->>'orderId' when moving it.
      CREATE UNIQUE INDEX IF NOT EXISTS agenda_jobs_sla_order_idx ON agenda_jobs ((data->>'orderId'))
        WHERE name = 'sla-due';
      CREATE OR REPLACE FUNCTION update_agenda_jobs_updated_at() RETURNS TRIGGER AS $fn$
      BEGIN
        NEW.updated_at = NOW();
        RETURN NEW;
      END;
      $fn$ LANGUAGE plpgsql;
      DROP TRIGGER IF EXISTS agenda_jobs_updated_at_trigger ON agenda_jobs;
      CREATE TRIGGER agenda_jobs_updated_at_trigger BEFORE UPDATE ON agenda_jobs
        FOR EACH ROW EXECUTE FUNCTION update_agenda_jobs_updated_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE agenda_jobs;
      DROP FUNCTION update_agenda_jobs_updated_at();
      DROP TABLE sla_warning;
      DROP INDEX service_order_sla_due_idx;
      ALTER TABLE service_order DROP COLUMN sla_next_due_at;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing period close (R-BIL-2), overdue notices (R-BIL-3) and the archive job (R-ORD-11).
 * The database guarantees what must hold however often or concurrently the jobs run: a period is
 * closed once and closed periods never overlap; one payout per contractor and period (invoices
 * are already unique per account and period).
 */
export class BillingJobs1764300000000 implements MigrationInterface {
  name = 'BillingJobs1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period_start timestamptz NOT NULL UNIQUE,
        period_end timestamptz NOT NULL,
        billing_day smallint NOT NULL CHECK (billing_day BETWEEN 1 AND 28),
        time_zone text NOT NULL,
        closed_at timestamptz NOT NULL,
        invoice_count integer NOT NULL DEFAULT 0 CHECK (invoice_count >= 0),
        invoice_total numeric(14, 2) NOT NULL DEFAULT 0 CHECK (invoice_total >= 0),
        payout_count integer NOT NULL DEFAULT 0 CHECK (payout_count >= 0),
        payout_total numeric(14, 2) NOT NULL DEFAULT 0 CHECK (payout_total >= 0),
        CHECK (period_end > period_start),
        -- Closed periods never overlap, whatever BILLING_DAY or TIMEZONE were at the time.
        EXCLUDE USING gist (tstzrange(period_start, period_end) WITH &&)
      );
      CREATE INDEX billing_period_list_idx ON billing_period (period_start DESC, id DESC);

      CREATE TABLE payout (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contractor_id uuid NOT NULL REFERENCES app_user(id),
        period_start timestamptz NOT NULL REFERENCES billing_period(period_start),
        period_end timestamptz NOT NULL,
        orders_count integer NOT NULL CHECK (orders_count >= 1),
        amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (contractor_id, period_start),
        CHECK (period_end > period_start)
      );
      CREATE INDEX payout_list_idx ON payout (period_start DESC, id DESC);

      -- InvoiceOverdue is raised once per invoice (R-BIL-3); pending ones are found by index.
      ALTER TABLE invoice ADD COLUMN overdue_notified_at timestamptz NULL;
      CREATE INDEX invoice_overdue_pending_idx ON invoice (issued_at)
        WHERE status = 'UNPAID' AND overdue_notified_at IS NULL;

      -- The archive job (R-ORD-11) finds finished, not yet archived orders by when they finished.
      CREATE INDEX service_order_archive_due_idx ON service_order ((coalesce(done_at, cancelled_at)))
        WHERE archived_at IS NULL AND status IN ('DONE', 'CANCELLED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX service_order_archive_due_idx;
      DROP INDEX invoice_overdue_pending_idx;
      ALTER TABLE invoice DROP COLUMN overdue_notified_at;
      DROP TABLE payout, billing_period;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole foundation schema. Rules that must hold whatever the code does live here:
 * order numbers come from the database, history is append-only, statuses and ranges are checked.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tariff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        orders_per_period integer NULL CHECK (orders_per_period IS NULL OR orders_per_period >= 1),
        reaction_time_minutes integer NOT NULL CHECK (reaction_time_minutes >= 1),
        can_pin_contractors boolean NOT NULL DEFAULT false,
        can_see_contractor_contacts boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX tariff_name_key ON tariff (lower(name));

      CREATE TABLE client_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        tariff_id uuid NOT NULL REFERENCES tariff(id),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE')),
        contact_email text NULL,
        time_zone text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX client_account_tariff_idx ON client_account (tariff_id);

      CREATE TABLE branch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES client_account(id),
        parent_id uuid NULL REFERENCES branch(id),
        kind text NOT NULL CHECK (kind IN ('ZONE', 'BRANCH', 'DEPARTMENT')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        code text NULL,
        address text NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX branch_code_key ON branch (account_id, lower(code)) WHERE code IS NOT NULL;
      CREATE INDEX branch_account_idx ON branch (account_id);
      CREATE INDEX branch_parent_idx ON branch (parent_id);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        telegram_id bigint NULL UNIQUE,
        username text NULL CHECK (username IS NULL OR username ~ '^[A-Za-z0-9_]{5,32}$'),
        first_name text NULL,
        last_name text NULL,
        role text NOT NULL CHECK (role IN ('CLIENT', 'CONTRACTOR', 'MANAGER', 'OWNER')),
        active boolean NOT NULL DEFAULT true,
        language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
        account_id uuid NULL REFERENCES client_account(id),
        branch_id uuid NULL REFERENCES branch(id),
        email text NULL,
        password_hash text NULL,
        max_active_orders integer NULL CHECK (max_active_orders IS NULL OR max_active_orders >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz NULL,
        CHECK (role = 'CLIENT' OR (account_id IS NULL AND branch_id IS NULL)),
        CHECK (role <> 'CLIENT' OR account_id IS NOT NULL),
        CHECK (telegram_id IS NOT NULL OR username IS NOT NULL)
      );
      CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username)) WHERE username IS NOT NULL;
      CREATE INDEX app_user_role_idx ON app_user (role, active);
      CREATE INDEX app_user_account_idx ON app_user (account_id);

      CREATE TABLE tariff_price (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tariff_id uuid NOT NULL REFERENCES tariff(id),
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        effective_from timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by_id uuid NULL REFERENCES app_user(id),
        UNIQUE (tariff_id, effective_from)
      );

      CREATE TABLE pinned_contractor (
        account_id uuid NOT NULL REFERENCES client_account(id),
        contractor_id uuid NOT NULL REFERENCES app_user(id),
        pinned_at timestamptz NOT NULL DEFAULT now(),
        pinned_by_id uuid NULL REFERENCES app_user(id),
        PRIMARY KEY (account_id, contractor_id)
      );
      CREATE INDEX pinned_contractor_contractor_idx ON pinned_contractor (contractor_id);

      CREATE TABLE category (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
        name_ru text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GENERAL', 'CARTRIDGE', 'EQUIPMENT')),
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO category (code, name_ru, name_en, kind, position) VALUES
        ('IT_HELP', 'ИТ-помощь', 'IT help', 'GENERAL', 1),
        ('CARTRIDGE', 'Картриджи', 'Cartridges', 'CARTRIDGE', 2),
        ('REPAIR', 'Ремонт', 'Repair', 'EQUIPMENT', 3),
        ('MAINTENANCE', 'Обслуживание', 'Maintenance', 'EQUIPMENT', 4);

      CREATE TABLE contractor_category (
        contractor_id uuid NOT NULL REFERENCES app_user(id),
        category_id uuid NOT NULL REFERENCES category(id),
        PRIMARY KEY (contractor_id, category_id)
      );

      CREATE TABLE setting (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid NULL REFERENCES app_user(id)
      );

      CREATE TABLE service_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        account_id uuid NOT NULL REFERENCES client_account(id),
        author_id uuid NOT NULL REFERENCES app_user(id),
        branch_id uuid NULL REFERENCES branch(id),
        category_id uuid NOT NULL REFERENCES category(id),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
        equipment text NULL,
        problem text NULL,
        credentials bytea NULL,
        status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
        contractor_id uuid NULL REFERENCES app_user(id),
        estimate_hours integer NULL CHECK (estimate_hours IS NULL OR estimate_hours >= 1),
        reaction_minutes integer NOT NULL CHECK (reaction_minutes >= 1),
        pinned_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        taken_at timestamptz NULL,
        done_at timestamptz NULL,
        cancelled_at timestamptz NULL,
        cancel_reason text NULL,
        reaction_due_at timestamptz NOT NULL,
        work_due_at timestamptz NULL,
        breached_at timestamptz NULL,
        rate numeric(12, 2) NULL,
        rating smallint NULL CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
        rating_comment text NULL,
        rated_at timestamptz NULL,
        archived_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'NEW' OR contractor_id IS NULL),
        CHECK (status NOT IN ('IN_PROGRESS', 'DONE') OR (contractor_id IS NOT NULL AND estimate_hours IS NOT NULL)),
        CHECK (status IN ('NEW', 'IN_PROGRESS') OR credentials IS NULL),
        CHECK (status = 'DONE' OR (rate IS NULL AND rating IS NULL))
      );
      CREATE INDEX service_order_account_idx ON service_order (account_id, created_at DESC, id DESC);
      CREATE INDEX service_order_list_idx ON service_order (created_at DESC, id DESC);
      CREATE INDEX service_order_status_idx ON service_order (status, created_at);
      CREATE INDEX service_order_contractor_idx ON service_order (contractor_id, status);
      CREATE INDEX service_order_author_idx ON service_order (author_id);
      CREATE INDEX service_order_branch_idx ON service_order (branch_id);
      CREATE INDEX service_order_done_idx ON service_order (done_at) WHERE status = 'DONE';

      -- Order numbers: YYYY-NNNNNN from one sequence per year (in the business time zone), so a
      -- number is never handed out twice and creating orders never waits on a counter row.
      CREATE FUNCTION assign_order_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        zone text;
        y integer;
        seq text;
        n bigint;
      BEGIN
        IF NEW.number IS NOT NULL THEN
          RETURN NEW;
        END IF;
        SELECT value INTO zone FROM setting WHERE key = 'TIMEZONE';
        y := extract(year FROM NEW.created_at AT TIME ZONE coalesce(zone, 'Europe/Moscow'))::integer;
        seq := 'order_number_' || y::text;
        IF to_regclass(seq) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
          EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;
          END;
        END IF;
        n := nextval(seq::regclass);
        NEW.number := y::text || '-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER service_order_number BEFORE INSERT ON service_order
        FOR EACH ROW EXECUTE FUNCTION assign_order_number();

      CREATE TABLE order_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES service_order(id),
        position integer NOT NULL,
        model text NOT NULL CHECK (length(model) BETWEEN 1 AND 100),
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        UNIQUE (order_id, position)
      );

      CREATE TABLE order_event (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES service_order(id),
        account_id uuid NOT NULL REFERENCES client_account(id),
        kind text NOT NULL,
        actor_id uuid NULL REFERENCES app_user(id),
        api_key_id uuid NULL,
        from_status text NULL,
        to_status text NULL,
        reason text NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX order_event_order_idx ON order_event (order_id, id);

      CREATE FUNCTION forbid_history_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END
      $fn$;
      CREATE TRIGGER order_event_append_only BEFORE UPDATE OR DELETE ON order_event
        FOR EACH ROW EXECUTE FUNCTION forbid_history_change();

      CREATE TABLE order_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES service_order(id),
        sender_id uuid NOT NULL REFERENCES app_user(id),
        kind text NOT NULL CHECK (kind IN ('TEXT', 'PHOTO', 'DOCUMENT', 'VOICE')),
        text text NULL CHECK (text IS NULL OR length(text) <= 4096),
        file_id text NULL,
        file_unique_id text NULL,
        file_name text NULL,
        mime_type text NULL,
        file_size integer NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'TEXT' OR file_id IS NOT NULL),
        CHECK (kind <> 'TEXT' OR text IS NOT NULL)
      );
      CREATE INDEX order_message_order_idx ON order_message (order_id, created_at);

      CREATE TABLE invoice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES client_account(id),
        tariff_id uuid NOT NULL REFERENCES tariff(id),
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
        status text NOT NULL DEFAULT 'UNPAID' CHECK (status IN ('UNPAID', 'PAID')),
        issued_at timestamptz NOT NULL DEFAULT now(),
        paid_on date NULL,
        payment_note text NULL,
        marked_paid_at timestamptz NULL,
        marked_paid_by_id uuid NULL REFERENCES app_user(id),
        UNIQUE (account_id, period_start),
        CHECK (period_end > period_start),
        CHECK ((status = 'PAID') = (paid_on IS NOT NULL))
      );
      CREATE INDEX invoice_unpaid_idx ON invoice (account_id, issued_at) WHERE status = 'UNPAID';

      CREATE TABLE web_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NULL,
        revoked_at timestamptz NULL
      );
      CREATE INDEX web_session_user_idx ON web_session (user_id);

      CREATE TABLE login_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      );

      CREATE TABLE login_attempt (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        succeeded boolean NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempt_username_idx ON login_attempt (lower(username), attempted_at);

      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL UNIQUE,
        key_hash text NOT NULL,
        scopes text[] NOT NULL,
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL
      );

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor_id uuid NULL REFERENCES app_user(id),
        api_key_id uuid NULL REFERENCES api_key(id),
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log, api_key, login_attempt, login_link, web_session, invoice, order_message,
        order_event, order_item, service_order, setting, contractor_category, category,
        pinned_contractor, tariff_price, app_user, branch, client_account, tariff CASCADE;
      DROP FUNCTION assign_order_number, forbid_history_change;
    `);
  }
}

/** Reusable test set-up through raw SQL (set-up only: behaviour is always driven through the API). */
import { asTelegram, newTelegramId, seedUser, type Caller, type TestSystem } from './harness.js';

/** A user with a Telegram id, and a caller acting as them through the bot. */
export async function seedCaller(
  t: TestSystem,
  u: { role: string; accountId?: string; branchId?: string; firstName?: string; username?: string },
): Promise<{ id: string; telegramId: string; as: Caller }> {
  const telegramId = newTelegramId();
  const id = await seedUser(t, { ...u, telegramId });
  return { id, telegramId, as: asTelegram(t, { id: telegramId }) };
}

/** Sets a user's last name (seedUser leaves it empty). */
export async function setLastName(t: TestSystem, userId: string, lastName: string): Promise<void> {
  await t.sql('UPDATE app_user SET last_name = $2 WHERE id = $1', [userId, lastName]);
}

/** Inserts a tariff with one price in force since the epoch; returns its id. */
export async function seedTariff(
  t: TestSystem,
  o: {
    name?: string;
    ordersPerPeriod?: number | null;
    reactionTimeMinutes?: number;
    canPinContractors?: boolean;
    canSeeContractorContacts?: boolean;
    price?: string;
    active?: boolean;
  } = {},
): Promise<string> {
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO tariff (name, orders_per_period, reaction_time_minutes, can_pin_contractors,
                         can_see_contractor_contacts, active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      o.name ?? `Tariff ${newTelegramId()}`,
      o.ordersPerPeriod === undefined ? 10 : o.ordersPerPeriod,
      o.reactionTimeMinutes ?? 60,
      o.canPinContractors ?? false,
      o.canSeeContractorContacts ?? false,
      o.active ?? true,
    ],
  );
  await t.sql(`INSERT INTO tariff_price (tariff_id, price, effective_from) VALUES ($1, $2, 'epoch')`, [
    row!.id,
    o.price ?? '1000.00',
  ]);
  return row!.id;
}

/** Inserts a client account (on a new default tariff unless one is given); returns its id. */
export async function seedAccount(
  t: TestSystem,
  o: { name?: string; tariffId?: string; status?: 'ACTIVE' | 'INACTIVE' } = {},
): Promise<string> {
  const tariffId = o.tariffId ?? (await seedTariff(t));
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO client_account (name, tariff_id, status) VALUES ($1, $2, $3) RETURNING id`,
    [o.name ?? `Account ${newTelegramId()}`, tariffId, o.status ?? 'ACTIVE'],
  );
  return row!.id;
}

/** Inserts a branch-tree node; returns its id. */
export async function seedBranch(
  t: TestSystem,
  o: { accountId: string; kind?: 'ZONE' | 'BRANCH' | 'DEPARTMENT'; parentId?: string; name?: string; code?: string },
): Promise<string> {
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO branch (account_id, parent_id, kind, name, code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [o.accountId, o.parentId ?? null, o.kind ?? 'BRANCH', o.name ?? `Branch ${newTelegramId()}`, o.code ?? null],
  );
  return row!.id;
}

/**
 * Inserts an order directly in a given state (NEW, IN_PROGRESS with a contractor, DONE, CANCELLED),
 * for tests of other modules that only need orders to exist; returns its id.
 */
export async function seedOrder(
  t: TestSystem,
  o: {
    accountId: string;
    authorId: string;
    status?: 'NEW' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED';
    contractorId?: string;
    categoryCode?: string;
    createdAt?: Date;
  },
): Promise<string> {
  const status = o.status ?? 'NEW';
  const held = status === 'IN_PROGRESS' || status === 'DONE';
  if (held && !o.contractorId) throw new Error('seedOrder: IN_PROGRESS and DONE orders need a contractorId');
  const createdAt = o.createdAt ?? t.clock.now();
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO service_order (account_id, author_id, category_id, description, status, contractor_id,
                                estimate_hours, reaction_minutes, created_at, reaction_due_at, taken_at,
                                done_at, cancelled_at, updated_at)
     SELECT $1, $2, c.id, 'seeded order', $3, $4, $5, 60, $6, $6::timestamptz + interval '60 minutes',
            CASE WHEN $7 THEN $6::timestamptz END, CASE WHEN $3 = 'DONE' THEN $6::timestamptz END,
            CASE WHEN $3 = 'CANCELLED' THEN $6::timestamptz END, $6
       FROM category c WHERE c.code = $8
     RETURNING id`,
    [
      o.accountId,
      o.authorId,
      status,
      held ? o.contractorId : null,
      held ? 2 : null,
      createdAt,
      held,
      o.categoryCode ?? 'IT_HELP',
    ],
  );
  return row!.id;
}

/** How many rows a table holds (to prove a refused request wrote nothing). */
export async function countRows(t: TestSystem, table: string): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`countRows: bad table name ${table}`);
  const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

/** Pins a contractor for an account (R-ACC-4). */
export async function seedPinnedContractor(t: TestSystem, accountId: string, contractorId: string): Promise<void> {
  await t.sql(`INSERT INTO pinned_contractor (account_id, contractor_id) VALUES ($1, $2)`, [accountId, contractorId]);
}

/** Limits the categories a contractor serves (none means all, R-ORD-3). */
export async function seedContractorCategories(t: TestSystem, contractorId: string, codes: string[]): Promise<void> {
  await t.sql(
    `INSERT INTO contractor_category (contractor_id, category_id) SELECT $1, id FROM category WHERE code = ANY($2)`,
    [contractorId, codes],
  );
}

/** The id of a category by code (IT_HELP, CARTRIDGE, REPAIR, MAINTENANCE). */
export async function categoryIdOf(t: TestSystem, code: string): Promise<string> {
  const [row] = await t.sql<{ id: string }>(`SELECT id FROM category WHERE code = $1`, [code]);
  if (!row) throw new Error(`no category ${code}`);
  return row.id;
}

/** Inserts an invoice for an account (UNPAID unless paidOn is given); returns its id. */
export async function seedInvoice(
  t: TestSystem,
  o: { accountId: string; issuedAt: Date; periodStart?: Date; amount?: string; paidOn?: string },
): Promise<string> {
  const start = o.periodStart ?? new Date(o.issuedAt.getTime() - 30 * 86_400_000);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount, status, issued_at, paid_on)
     SELECT a.id, a.tariff_id, $2, $3, $4, $5, $6, $7 FROM client_account a WHERE a.id = $1 RETURNING id`,
    [
      o.accountId,
      start,
      new Date(start.getTime() + 30 * 86_400_000),
      o.amount ?? '1000.00',
      o.paidOn ? 'PAID' : 'UNPAID',
      o.issuedAt,
      o.paidOn ?? null,
    ],
  );
  return row!.id;
}

/** Sets a setting directly (set-up only; the settings API is tested in settings.e2e). */
export async function seedSetting(t: TestSystem, key: string, value: string): Promise<void> {
  await t.sql(
    `INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [key, value],
  );
}

import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { conflict, forbidden, invalidInput, notFound, RefusalReason } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import type { CredentialCipher } from '../../common/crypto.js';
import { queryRows } from '../../common/sql.js';
import { CategoryKind } from '../category/category.entity.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { SlaService } from '../sla/sla.service.js';
import { Role } from '../user/user.entity.js';
import { OrderEventKind, OrderStatus } from './order.entity.js';
import { LIMITS, type CreateOrderInput, type OrderItemInput } from './order.inputs.js';
import { orderLimitRefusal, overdueIssuedBefore, usageColumns, type UsageRow } from './order-limits.js';
import { currentBillingPeriod } from '../billing/billing-period-store.js';
import { ORDER_COLUMNS, toOrderRecord, type OrderRecord } from './order.record.js';
import { orderOutcome, type OrderOutcome } from './order.outcomes.js';
import { pinnedUntil, reactionDueAt } from './order-rules.js';
import { recordEvent } from './order-store.js';
import { SlaDueChanged } from '../sla/sla.events.js';
import { nextSlaDue } from '../sla/sla-schedule.js';

/** Trims free text and checks its length; empty optional text becomes null. */
function text(field: string, value: string | undefined | null, max: number, required: boolean): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (required) throw invalidInput(field, `must be 1..${max} characters`, { min: 1, max });
    return null;
  }
  if (v.length > max) throw invalidInput(field, `must be 1..${max} characters`, { min: 1, max });
  return v;
}

function checkItems(items: OrderItemInput[]): Array<{ model: string; quantity: number }> {
  if (items.length > LIMITS.items)
    throw invalidInput('items', `must have 1..${LIMITS.items} lines`, { min: 1, max: LIMITS.items });
  return items.map((item, i) => {
    const model = text(`items.${i}.model`, item.model, LIMITS.model, true)!;
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > LIMITS.quantity) {
      throw invalidInput(`items.${i}.quantity`, `must be a whole number from 1 to ${LIMITS.quantity}`, {
        min: 1,
        max: LIMITS.quantity,
      });
    }
    return { model, quantity: item.quantity };
  });
}

/** The caller's idempotency key as given (keys are opaque: not trimmed), or null without one. */
function checkRequestKey(key: string | undefined | null): string | null {
  if (key === undefined || key === null) return null;
  if (key.length < 1 || key.length > LIMITS.requestKey) {
    throw invalidInput('requestKey', `must be 1..${LIMITS.requestKey} characters`, { min: 1, max: LIMITS.requestKey });
  }
  return key;
}

/**
 * The order an earlier createOrder of this author made with this key, if any. The same key with another
 * category or description, or for another account than the order's, is refused (a key reused for a different
 * order).
 */
async function orderOfRequestKey(
  tx: Ctx,
  author: Author,
  requestKey: string,
  categoryId: string,
  description: string,
): Promise<OrderRecord | null> {
  const [row] = await queryRows<Record<string, unknown>>(
    tx.em,
    `SELECT ${ORDER_COLUMNS} FROM service_order o WHERE o.author_id = $1 AND o.request_key = $2`,
    [author.id, requestKey],
  );
  if (!row) return null;
  const order = toOrderRecord(row);
  // An order of the author's former account is no longer theirs to see: the key is spent, not answered with it.
  if (order.accountId !== author.accountId || order.categoryId !== categoryId || order.description !== description) {
    throw invalidInput('requestKey', 'was already used by this author for a different order', {
      reason: RefusalReason.REQUEST_KEY_REUSED,
    });
  }
  return order;
}

/** Whether a failed statement broke the named unique index. */
function violates(error: unknown, index: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const cause = e.driverError ?? e;
  return cause.code === '23505' && cause.constraint === index;
}

interface Author {
  id: string;
  accountId: string;
  branchId: string | null;
  /** Members order only for their own branch subtree; staff for any branch (R-ACC-2). */
  restrictedToOwnBranch: boolean;
}

/** Who the order is by: the calling client, or the CLIENT user staff and integrations name. */
async function resolveAuthor(tx: Ctx, input: CreateOrderInput): Promise<Author> {
  const p = tx.principal;
  if (p.kind === 'user' && p.user.role === Role.CLIENT) {
    if (input.authorId && input.authorId !== p.user.id) {
      throw invalidInput('authorId', 'is set only by staff and integrations');
    }
    if (input.accountId && input.accountId !== p.user.accountId) {
      throw invalidInput('accountId', 'is set only by staff and integrations');
    }
    return { id: p.user.id, accountId: p.user.accountId!, branchId: p.user.branchId, restrictedToOwnBranch: true };
  }
  if (!(p.kind === 'user' || p.kind === 'apiKey')) throw forbidden();
  if (!input.authorId) throw invalidInput('authorId', 'is required: the CLIENT user the order is for');
  const rows = isUuid(input.authorId)
    ? await queryRows<{ id: string; role: Role; active: boolean; account_id: string | null; branch_id: string | null }>(
        tx.em,
        `SELECT id, role, active, account_id, branch_id FROM app_user WHERE id = $1`,
        [input.authorId],
      )
    : [];
  const author = rows[0];
  if (!author) throw notFound('User', input.authorId);
  if (author.role !== Role.CLIENT || !author.active || !author.account_id) {
    throw invalidInput('authorId', 'must be an active CLIENT user');
  }
  if (input.accountId && input.accountId !== author.account_id) {
    throw invalidInput('accountId', 'must be the account of the author');
  }
  return { id: author.id, accountId: author.account_id, branchId: author.branch_id, restrictedToOwnBranch: false };
}

/** The branch the order is for: the one asked for (checked against R-ACC-2) or the author's own. */
async function resolveBranch(tx: Ctx, author: Author, branchId: string | undefined): Promise<string | null> {
  if (!branchId) return author.branchId;
  const rows = isUuid(branchId)
    ? await queryRows<{ active: boolean }>(tx.em, `SELECT active FROM branch WHERE id = $1 AND account_id = $2`, [
        branchId,
        author.accountId,
      ])
    : [];
  if (!rows[0]) throw notFound('Branch', branchId);
  if (!rows[0].active) throw invalidInput('branchId', 'is switched off; choose an active branch');
  if (author.restrictedToOwnBranch && author.branchId && branchId !== author.branchId) {
    const inSubtree = await queryRows(
      tx.em,
      `WITH RECURSIVE sub AS (
         SELECT id FROM branch WHERE id = $1
         UNION ALL SELECT b.id FROM branch b JOIN sub ON b.parent_id = sub.id)
       SELECT 1 FROM sub WHERE id = $2`,
      [author.branchId, branchId],
    );
    if (!inSubtree.length) throw invalidInput('branchId', 'must be your own branch or one under it (R-ACC-2)');
  }
  return branchId;
}

/**
 * Creates an order (R-ORD-1) if R-ACC-3 allows it. Input is checked before anything is written;
 * the account row is locked so that concurrent creations cannot both slip past a limit.
 */
export async function createOrder(
  ctx: Ctx,
  settings: SettingsService,
  sla: SlaService,
  cipher: CredentialCipher,
  input: CreateOrderInput,
): Promise<OrderOutcome> {
  const description = text('description', input.description, LIMITS.description, true)!;
  const credentials = input.credentials ?? '';
  if (credentials.length > LIMITS.credentials) {
    throw invalidInput('credentials', `must be at most ${LIMITS.credentials} characters`, { max: LIMITS.credentials });
  }
  if (!isUuid(input.categoryId)) throw notFound('Category', input.categoryId);
  const requestKey = checkRequestKey(input.requestKey);

  return inTransaction(ctx, async (tx) => {
    const author = await resolveAuthor(tx, input);
    const [account] = await queryRows<{ status: string; tariff_id: string }>(
      tx.em,
      `SELECT status, tariff_id FROM client_account WHERE id = $1 FOR NO KEY UPDATE`,
      [author.accountId],
    );
    if (!account) throw notFound('Client account', author.accountId);
    // Read after the account lock: a creation with the same key that committed first is seen here.
    if (requestKey) {
      const earlier = await orderOfRequestKey(tx, author, requestKey, input.categoryId, description);
      if (earlier) return orderOutcome(earlier);
    }

    const [category] = await queryRows<{ kind: CategoryKind; active: boolean }>(
      tx.em,
      `SELECT kind, active FROM category WHERE id = $1`,
      [input.categoryId],
    );
    if (!category) throw notFound('Category', input.categoryId);
    if (!category.active) throw invalidInput('categoryId', 'is retired; choose an active category');
    const items = checkItems(input.items ?? []);
    if (category.kind === CategoryKind.CARTRIDGE && items.length === 0) {
      throw invalidInput('items', `are required for cartridge orders: 1..${LIMITS.items} lines`, {
        min: 1,
        max: LIMITS.items,
      });
    }
    if (category.kind !== CategoryKind.CARTRIDGE && items.length > 0) {
      throw invalidInput('items', 'apply only to cartridge categories');
    }
    const isEquipment = category.kind === CategoryKind.EQUIPMENT;
    const equipment = text('equipment', input.equipment, LIMITS.equipment, isEquipment);
    const problem = text('problem', input.problem, LIMITS.problem, false);
    if (!isEquipment && (equipment || problem)) {
      throw invalidInput(equipment ? 'equipment' : 'problem', 'applies only to repair and maintenance categories');
    }

    const branchId = await resolveBranch(tx, author, input.branchId);

    await sla.holdThresholds(tx);
    const values = await settings.values(tx);
    const now = tx.clock.now();
    const period = await currentBillingPeriod(tx, values, now);
    // Everything R-ACC-3 and the new order's SLA need, in one statement read after the account lock above (so
    // it sees every order a concurrent creation committed before this one could take the lock).
    const [factsRow] = await queryRows<
      UsageRow & {
        overdue_id: string | null;
        overdue_issued_at: Date | null;
        reaction_time_minutes: number;
        can_pin_contractors: boolean;
        pinned: boolean;
      }
    >(
      tx.em,
      `SELECT ${usageColumns('$2', '$3')},
              inv.id AS overdue_id, inv.issued_at AS overdue_issued_at,
              t.reaction_time_minutes, t.can_pin_contractors,
              EXISTS (SELECT 1 FROM pinned_contractor pc JOIN app_user u ON u.id = pc.contractor_id
                       WHERE pc.account_id = a.id AND u.active) AS pinned
         FROM client_account a JOIN tariff t ON t.id = a.tariff_id
         LEFT JOIN LATERAL (
           SELECT i.id, i.issued_at FROM invoice i
            WHERE i.account_id = a.id AND i.status = 'UNPAID' AND i.issued_at < $4
            ORDER BY i.issued_at LIMIT 1) inv ON true
        WHERE a.id = $1`,
      [author.accountId, period.start, period.end, overdueIssuedBefore(now, values.PAYMENT_GRACE_DAYS)],
    );
    const facts = factsRow!; // the account row is locked above: it is there
    const overdue = facts.overdue_id ? { id: facts.overdue_id, issuedAt: facts.overdue_issued_at! } : null;
    const refusal = orderLimitRefusal(
      {
        accountActive: account.status === 'ACTIVE',
        overdueInvoice: overdue,
        used: facts.used,
        allowed: facts.allowed,
        open: facts.open,
        maxOpen: values.MAX_OPEN_ORDERS_PER_CLIENT,
      },
      now,
      values.PAYMENT_GRACE_DAYS,
    );
    if (refusal?.kind === 'accountInactive') return { kind: 'accountInactive', accountId: author.accountId };
    if (refusal?.kind === 'invoiceOverdue') {
      return { ...refusal, issuedAt: overdue!.issuedAt, graceDays: values.PAYMENT_GRACE_DAYS };
    }
    if (refusal?.kind === 'orderLimitReached') {
      return { ...refusal, periodStart: period.start, periodEnd: period.end };
    }
    if (refusal) return refusal;

    const minutes = facts.reaction_time_minutes;
    const pinned = pinnedUntil(
      now,
      minutes,
      values.ASSIGNED_CONTRACTORS_TIME_LIMIT,
      facts.can_pin_contractors && facts.pinned,
    );
    const reactionDue = reactionDueAt(now, minutes);
    // R-SLA-5: the first SLA moment is stored with the order; its one-off job follows the commit.
    const slaDue = nextSlaDue(
      {
        status: OrderStatus.NEW,
        createdAt: now,
        reactionMinutes: minutes,
        reactionDueAt: reactionDue,
        pinnedUntil: pinned,
        takenAt: null,
        estimateHours: null,
        workDueAt: null,
      },
      values,
    );
    const [row] = await queryRows<Record<string, unknown>>(
      tx.em,
      `INSERT INTO service_order AS o (account_id, author_id, branch_id, category_id, description, equipment, problem,
         credentials, reaction_minutes, pinned_until, created_at, reaction_due_at, updated_at, sla_next_due_at,
         request_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $13, $14)
       RETURNING ${ORDER_COLUMNS}`,
      [
        author.accountId,
        author.id,
        branchId,
        input.categoryId,
        description,
        equipment,
        problem,
        credentials ? cipher.encrypt(credentials) : null,
        minutes,
        pinned,
        now,
        reactionDue,
        slaDue,
        requestKey,
      ],
    ).catch((error: unknown) => {
      // Only when the author's account changed between two calls with one key: they locked different rows.
      if (violates(error, 'service_order_request_key_idx')) {
        throw conflict(
          'Another createOrder with this requestKey is under way; send it again',
          RefusalReason.REQUEST_KEY_IN_USE,
        );
      }
      throw error;
    });
    const order = toOrderRecord(row!);
    emit(tx, new SlaDueChanged(order.id, slaDue));
    for (const [i, item] of items.entries()) {
      await tx.em.query(`INSERT INTO order_item (order_id, position, model, quantity) VALUES ($1, $2, $3, $4)`, [
        order.id,
        i + 1,
        item.model,
        item.quantity,
      ]);
    }
    await recordEvent(tx, order, OrderEventKind.CREATED, { to: order.status });
    return orderOutcome(order);
  });
}

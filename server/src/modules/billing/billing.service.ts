import DataLoader from 'dataloader';
import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { isStaff } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { forbidden, invalidInput, notFound } from '../../common/errors.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../common/graphql/connection.js';
import { isUuid, uuidOrNil } from '../../common/ids.js';
import { moduleLoader } from '../../common/loaders.js';
import { writeAudit } from '../integration/audit.js';
import type { SettingsService } from '../settings/settings.service.js';
import { Role } from '../user/user.entity.js';
import { closedPeriodTimeZones } from './billing-period-store.js';
import { InvoiceEntity, InvoiceStatus } from './invoice.entity.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an unpaid invoice starts to block ordering (R-ACC-3, R-BIL-3). Pure. */
export function invoiceDueAt(issuedAt: Date, graceDays: number): Date {
  return new Date(issuedAt.getTime() + graceDays * DAY_MS);
}

export interface InvoiceFilter {
  accountId?: string;
  status?: InvoiceStatus;
  overdue?: boolean;
}

export type MarkPaidOutcome =
  { kind: 'paid'; invoice: InvoiceEntity } | { kind: 'alreadyPaid'; invoice: InvoiceEntity };

/** Reading and marking invoices (R-BIL-3). Issuing them is the billing job's work. */
export class BillingService {
  constructor(private readonly settings: SettingsService) {}

  /** The account whose invoices the caller may read, or undefined for all (staff, billing keys). */
  private scopeAccount(ctx: Ctx): string | undefined {
    const p = ctx.principal;
    if (p.kind === 'apiKey' && p.scopes.has(ApiScope.BILLING_READ)) return undefined;
    if (p.kind === 'user' && isStaff(p.user)) return undefined;
    if (p.kind === 'user' && p.user.role === Role.CLIENT && p.user.accountId) return p.user.accountId;
    throw forbidden();
  }

  /** Invoices, newest period first; clients see their own account's only. */
  async list(ctx: Ctx, filter: InvoiceFilter, first?: number, after?: string): Promise<Page<InvoiceEntity>> {
    const limit = pageSize({ first });
    const cursor = decodeCursor(after);
    const own = this.scopeAccount(ctx);
    const qb = ctx.em.getRepository(InvoiceEntity).createQueryBuilder('i');
    if (own) qb.andWhere('i.account_id = :own', { own });
    if (filter.accountId) qb.andWhere('i.account_id = :accountId', { accountId: uuidOrNil(filter.accountId) });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      const { PAYMENT_GRACE_DAYS } = await this.settings.values(ctx);
      const limitDate = new Date(ctx.clock.now().getTime() - PAYMENT_GRACE_DAYS * DAY_MS);
      qb.andWhere(
        filter.overdue
          ? "i.status = 'UNPAID' AND i.issued_at < :limitDate"
          : "NOT (i.status = 'UNPAID' AND i.issued_at < :limitDate)",
        { limitDate },
      );
    }
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('(i.period_start, i.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb
      .orderBy('i.period_start', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, totalCount, (i) => ({ at: i.periodStart, id: i.id }));
  }

  /** One invoice the caller may read. */
  async get(ctx: Ctx, id: string): Promise<InvoiceEntity> {
    const own = this.scopeAccount(ctx);
    const invoice = isUuid(id) ? await ctx.em.getRepository(InvoiceEntity).findOneBy({ id }) : null;
    if (!invoice || (own && invoice.accountId !== own)) throw notFound('Invoice', id);
    return invoice;
  }

  /** R-BIL-3: an owner records that an invoice was paid (date and note); never un-pays. */
  async markPaid(ctx: Ctx, id: string, paidOn: string, note: string | undefined): Promise<MarkPaidOutcome> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn) || Number.isNaN(Date.parse(`${paidOn}T00:00:00Z`))) {
      throw invalidInput('paidOn', 'must be a date written as YYYY-MM-DD');
    }
    if (new Date(`${paidOn}T00:00:00Z`).toISOString().slice(0, 10) !== paidOn)
      throw invalidInput('paidOn', 'is not a calendar date');
    if (note !== undefined && note.length > 500)
      throw invalidInput('note', 'must be at most 500 characters', { max: 500 });
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(InvoiceEntity);
      const invoice = isUuid(id)
        ? await repo.createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne()
        : null;
      if (!invoice) throw notFound('Invoice', id);
      if (invoice.status === InvoiceStatus.PAID) return { kind: 'alreadyPaid', invoice };
      const now = tx.clock.now();
      const p = tx.principal;
      await repo.update(
        { id },
        {
          status: InvoiceStatus.PAID,
          paidOn,
          paymentNote: note?.trim() || null,
          markedPaidAt: now,
          markedPaidById: p.kind === 'user' ? p.user.id : null,
        },
      );
      await writeAudit(tx, 'invoice.paid', 'invoice', id, { paidOn, note: note ?? null });
      return { kind: 'paid', invoice: await repo.findOneByOrFail({ id }) };
    });
  }

  /**
   * R-BIL-1: the zone a billed period's days are read in — the TIMEZONE in force when the period starting at
   * `periodStart` was closed (a later TIMEZONE change does not move its days), else TIMEZONE now. Batched per
   * request, however many invoices or payout lines are on the page.
   */
  periodTimeZone(ctx: Ctx, periodStart: Date): Promise<string> {
    return moduleLoader(
      ctx.loaders,
      'billing.periodTimeZone',
      () =>
        new DataLoader<string, string>(async (starts) => {
          const zones = await closedPeriodTimeZones(
            ctx,
            starts.map((s) => new Date(s)),
          );
          // Read only when some period has no close on record.
          let current: Promise<string> | undefined;
          const timeZoneNow = () => (current ??= this.settings.values(ctx).then((v) => v.TIMEZONE));
          return Promise.all(starts.map((s) => zones.get(Date.parse(s)) ?? timeZoneNow()));
        }),
    ).load(periodStart.toISOString());
  }

  /** Grace days now, for computing due dates of a page of invoices. */
  async graceDays(ctx: Ctx): Promise<number> {
    return (await this.settings.values(ctx)).PAYMENT_GRACE_DAYS;
  }
}

import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { queryRows } from '../../common/sql.js';
import { overdueIssuedBefore } from '../order/order-limits.js';
import type { SettingsService } from '../settings/settings.service.js';
import { billingPeriodAt, type BillingPeriod } from './billing-period.js';
import { lastClosedEnd, lockOutOrderCloses } from './billing-period-store.js';
import { invoiceAmount, nextPeriodEnd, periodsToClose, sumMoney } from './billing-close-plan.js';
import { BillingPeriodClosed, InvoiceIssued, InvoiceOverdue } from './billing.events.js';

/**
 * Why a period was not closed (nothing was written): it starts before the last closed period ended
 * (closed already, or overlapping), or after it (closing it would leave the stretch between unbilled).
 */
export type CloseRefusal = 'closedAlready' | 'gapAfterLastClose';

/** What closing one period did. `closed` is false when it was refused (nothing was written). */
export interface CloseOutcome {
  periodStart: Date;
  periodEnd: Date;
  closed: boolean;
  refusal: CloseRefusal | null;
  invoices: number;
  payouts: number;
}

/** BILLING_DAY and TIMEZONE as used for a close (recorded on the period). */
export interface PeriodRules {
  billingDay: number;
  timeZone: string;
}

/**
 * The billing jobs' work (R-BIL-2, R-BIL-3): closing ended periods exactly once and raising
 * InvoiceOverdue once per invoice. Time comes from ctx.clock; settings are read on every call.
 */
export class BillingCloseService {
  constructor(private readonly settings: SettingsService) {}

  /** Closes every period that has ended and is not closed yet, oldest first (catches up after downtime). */
  async closeDuePeriods(ctx: Ctx): Promise<CloseOutcome[]> {
    const rules = await this.rules(ctx);
    const periods = periodsToClose(await lastClosedEnd(ctx), ctx.clock.now(), rules.billingDay, rules.timeZone);
    const outcomes: CloseOutcome[] = [];
    for (const period of periods) {
      const outcome = await this.closePeriod(ctx, period, rules);
      outcomes.push(outcome);
      // Another runner closed differently meanwhile: the rest of this plan no longer follows on.
      if (outcome.refusal === 'gapAfterLastClose') break;
    }
    return outcomes;
  }

  /** When the next period closes under the current settings: when the jobs should look next. */
  async nextCloseAt(ctx: Ctx): Promise<Date> {
    const { billingDay, timeZone } = await this.rules(ctx);
    const last = await lastClosedEnd(ctx);
    const now = ctx.clock.now();
    if (!last) return billingPeriodAt(now, billingDay, timeZone).end;
    const end = nextPeriodEnd(last, billingDay, timeZone);
    return end.getTime() > now.getTime() ? end : now;
  }

  /**
   * R-BIL-2: closes one ended period, exactly once, in one transaction: one UNPAID invoice per
   * active client account and one payout line per contractor with orders closed DONE in it. Closed
   * periods follow each other without gap or overlap (R-BIL-1): a period that does not start where
   * the last closed one ended (the first close excepted) is refused and writes nothing, also when
   * several runners race.
   */
  async closePeriod(ctx: Ctx, period: BillingPeriod, rules?: PeriodRules): Promise<CloseOutcome> {
    const now = ctx.clock.now();
    if (period.end.getTime() <= period.start.getTime()) throw new RangeError('a period must end after it starts');
    if (period.end.getTime() > now.getTime()) throw new RangeError('a period is closed only once it has ended');
    const { billingDay, timeZone } = rules ?? (await this.rules(ctx));
    const nothing = { periodStart: period.start, periodEnd: period.end, closed: false, invoices: 0, payouts: 0 };
    return inTransaction(ctx, async (tx) => {
      // Orders being closed DONE right now hold this lock shared: the payouts below see all of them,
      // and a concurrent close of any period waits here for this transaction.
      await lockOutOrderCloses(tx);
      // The claim: only right after the last closed period (or the very first), never overlapping one;
      // decided in the statement itself, so it holds even for a writer that skipped the lock.
      const claimed = await queryRows<{ id: string }>(
        tx.em,
        `INSERT INTO billing_period (period_start, period_end, billing_day, time_zone, closed_at)
         SELECT $1::timestamptz, $2::timestamptz, $3, $4, $5::timestamptz
          WHERE coalesce((SELECT max(period_end) FROM billing_period) = $1::timestamptz, true)
         ON CONFLICT DO NOTHING RETURNING id`,
        [period.start, period.end, billingDay, timeZone, now],
      );
      if (!claimed[0]) {
        const last = await lastClosedEnd(tx);
        const refusal: CloseRefusal =
          last && last.getTime() < period.start.getTime() ? 'gapAfterLastClose' : 'closedAlready';
        if (refusal === 'gapAfterLastClose') {
          tx.log.warn(
            { periodStart: period.start, lastClosedEnd: last },
            'billing period not closed: it would leave a gap',
          );
        }
        return { ...nothing, refusal };
      }
      const invoices = await issueInvoices(tx, period, now);
      const payouts = await createPayouts(tx, period, now);
      await tx.em.query(
        `UPDATE billing_period SET invoice_count = $2, invoice_total = $3, payout_count = $4, payout_total = $5
          WHERE id = $1`,
        [
          claimed[0].id,
          invoices.length,
          sumMoney(invoices.map((i) => i.amount)),
          payouts.length,
          sumMoney(payouts.map((p) => p.amount)),
        ],
      );
      for (const invoice of invoices) emit(tx, new InvoiceIssued(invoice.id, invoice.account_id));
      emit(tx, new BillingPeriodClosed(period.start, period.end, invoices.length, payouts.length));
      tx.log.info(
        { periodStart: period.start, periodEnd: period.end, invoices: invoices.length, payouts: payouts.length },
        'billing period closed',
      );
      return { ...nothing, closed: true, refusal: null, invoices: invoices.length, payouts: payouts.length };
    });
  }

  /**
   * R-BIL-3: raises InvoiceOverdue once for every invoice unpaid past PAYMENT_GRACE_DAYS (the same
   * bound R-ACC-3 blocks ordering with). Returns how many were newly overdue.
   */
  async raiseOverdueInvoices(ctx: Ctx): Promise<number> {
    const { PAYMENT_GRACE_DAYS } = await this.settings.values(ctx);
    const now = ctx.clock.now();
    return inTransaction(ctx, async (tx) => {
      const rows = await queryRows<{ id: string; account_id: string }>(
        tx.em,
        `UPDATE invoice SET overdue_notified_at = $1
          WHERE status = 'UNPAID' AND overdue_notified_at IS NULL AND issued_at < $2
          RETURNING id, account_id`,
        [now, overdueIssuedBefore(now, PAYMENT_GRACE_DAYS)],
      );
      for (const r of rows) emit(tx, new InvoiceOverdue(r.id, r.account_id));
      return rows.length;
    });
  }

  private async rules(ctx: Ctx): Promise<PeriodRules> {
    const values = await this.settings.values(ctx);
    return { billingDay: values.BILLING_DAY, timeZone: values.TIMEZONE };
  }
}

/**
 * One invoice per client account that was active when the period ended, on the tariff it had
 * then (R-BIL-4: a tariff change counts for invoices from the next period start on), at that
 * tariff's price in force at the period start (R-TAR-1). The account's state at the period end is
 * read back from the audit log, so a close that runs late bills what was true on time.
 */
async function issueInvoices(
  tx: Ctx,
  period: BillingPeriod,
  now: Date,
): Promise<Array<{ id: string; account_id: string; amount: string }>> {
  const accounts = await queryRows<{ account_id: string; tariff_id: string }>(
    tx.em,
    `SELECT account_id, tariff_id FROM (
       SELECT a.id AS account_id,
              coalesce((SELECT (l.data->>'from')::uuid FROM audit_log l
                         WHERE l.entity = 'client_account' AND l.entity_id = a.id::text
                           AND l.action = 'account.tariffChanged' AND l.created_at >= $1
                         ORDER BY l.created_at, l.id LIMIT 1), a.tariff_id) AS tariff_id,
              coalesce((SELECT CASE WHEN l.data->>'status' = 'ACTIVE' THEN 'INACTIVE' ELSE 'ACTIVE' END
                          FROM audit_log l
                         WHERE l.entity = 'client_account' AND l.entity_id = a.id::text
                           AND l.action = 'account.statusChanged' AND l.created_at >= $1
                         ORDER BY l.created_at, l.id LIMIT 1), a.status) AS status
         FROM client_account a
        WHERE a.created_at < $1) AS at_end
      WHERE status = 'ACTIVE'
      ORDER BY account_id`,
    [period.end],
  );
  if (accounts.length === 0) return [];
  const tariffIds = [...new Set(accounts.map((a) => a.tariff_id))].sort();
  // Shares the lock TariffService.setPrice takes: no price can appear under an invoice being issued.
  await tx.em.query(`SELECT id FROM tariff WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`, [tariffIds]);
  const prices = await queryRows<{ tariff_id: string; price: string; effective_from: Date }>(
    tx.em,
    `SELECT tariff_id, price, effective_from FROM tariff_price WHERE tariff_id = ANY($1::uuid[])`,
    [tariffIds],
  );
  const byTariff = new Map<string, Array<{ price: string; effectiveFrom: Date }>>();
  for (const p of prices) {
    const list = byTariff.get(p.tariff_id) ?? [];
    list.push({ price: p.price, effectiveFrom: new Date(p.effective_from) });
    byTariff.set(p.tariff_id, list);
  }
  const amounts = accounts.map((a) => invoiceAmount(byTariff.get(a.tariff_id) ?? [], period.start));
  return queryRows(
    tx.em,
    `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount, status, issued_at)
     SELECT x.account_id, x.tariff_id, $4, $5, x.amount, 'UNPAID', $6
       FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS x(account_id, tariff_id, amount)
     ON CONFLICT (account_id, period_start) DO NOTHING
     RETURNING id, account_id, amount::text AS amount`,
    [accounts.map((a) => a.account_id), accounts.map((a) => a.tariff_id), amounts, period.start, period.end, now],
  );
}

/** One payout line per contractor: orders closed DONE in [start, end) × the rate stored on each (R-ORD-5). */
async function createPayouts(
  tx: Ctx,
  period: BillingPeriod,
  now: Date,
): Promise<Array<{ id: string; contractor_id: string; amount: string }>> {
  return queryRows(
    tx.em,
    `INSERT INTO payout (contractor_id, period_start, period_end, orders_count, amount, created_at)
     SELECT o.contractor_id, $1, $2, count(*), coalesce(sum(o.rate), 0), $3
       FROM service_order o
      WHERE o.status = 'DONE' AND o.done_at >= $1 AND o.done_at < $2
      GROUP BY o.contractor_id
     ON CONFLICT (contractor_id, period_start) DO NOTHING
     RETURNING id, contractor_id, amount::text AS amount`,
    [period.start, period.end, now],
  );
}

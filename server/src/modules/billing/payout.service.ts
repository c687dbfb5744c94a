import type { Ctx } from '../../common/context.js';
import { isStaff } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { forbidden, invalidInput } from '../../common/errors.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../common/graphql/connection.js';
import { uuidOrNil } from '../../common/ids.js';
import { Role } from '../user/user.entity.js';
import { BillingPeriodEntity, PayoutEntity } from './payout.entity.js';

export interface PayoutFilter {
  contractorId?: string;
  periodStart?: Date;
}

/** Reading payouts and closed billing periods (R-BIL-2). Writing them is the billing job's work. */
export class PayoutService {
  /** The contractor whose payouts the caller may read, or undefined for all (staff, billing keys). */
  private scopeContractor(ctx: Ctx): string | undefined {
    const p = ctx.principal;
    if (p.kind === 'apiKey' && p.scopes.has(ApiScope.BILLING_READ)) return undefined;
    if (p.kind === 'user' && isStaff(p.user)) return undefined;
    if (p.kind === 'user' && p.user.role === Role.CONTRACTOR) return p.user.id;
    throw forbidden();
  }

  /** Payout lines, newest period first; a contractor sees its own only. */
  async list(ctx: Ctx, filter: PayoutFilter, first?: number, after?: string): Promise<Page<PayoutEntity>> {
    const limit = pageSize({ first });
    const cursor = decodeCursor(after);
    const own = this.scopeContractor(ctx);
    if (filter.periodStart && Number.isNaN(filter.periodStart.getTime()))
      throw invalidInput('filter.periodStart', 'must be a date and time');
    const qb = ctx.em.getRepository(PayoutEntity).createQueryBuilder('p');
    if (own) qb.andWhere('p.contractor_id = :own', { own });
    if (filter.contractorId)
      qb.andWhere('p.contractor_id = :contractorId', { contractorId: uuidOrNil(filter.contractorId) });
    if (filter.periodStart) qb.andWhere('p.period_start = :periodStart', { periodStart: filter.periodStart });
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('(p.period_start, p.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb
      .orderBy('p.period_start', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, totalCount, (p) => ({ at: p.periodStart, id: p.id }));
  }

  /** Closed billing periods, newest first (staff). */
  async periods(ctx: Ctx, first?: number, after?: string): Promise<Page<BillingPeriodEntity>> {
    const limit = pageSize({ first });
    const cursor = decodeCursor(after);
    const qb = ctx.em.getRepository(BillingPeriodEntity).createQueryBuilder('b');
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('(b.period_start, b.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb
      .orderBy('b.period_start', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, totalCount, (b) => ({ at: b.periodStart, id: b.id }));
  }
}

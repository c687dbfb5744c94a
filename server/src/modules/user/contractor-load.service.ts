import { In } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { uuidOrNil } from '../../common/ids.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { queryRows } from '../../common/sql.js';
import { SqlParams } from '../order/order-visibility.js';
import { CategoryEntity, ContractorCategoryEntity } from '../category/category.entity.js';
import type { SettingsService } from '../settings/settings.service.js';
import { UserEntity } from './user.entity.js';

export interface ContractorLoadFilterValues {
  free?: boolean | null;
  categoryId?: string | null;
  active?: boolean | null;
}

/** At most this many contractors per answer: a team, not a crowd. */
export const MAX_CONTRACTORS_LISTED = 500;

/** Contractors with their current load, for managers looking for someone free (R-SLA-2, R-ORD-8). */
export class ContractorLoadService {
  constructor(private readonly settings: SettingsService) {}

  /** Contractors, least loaded first, with orders in work, capacity and whether they are free now. */
  async list(ctx: Ctx, filter: ContractorLoadFilterValues) {
    const { MAX_ACTIVE_ORDERS_PER_CONTRACTOR } = await this.settings.values(ctx);
    const p = new SqlParams();
    const where = [`c.role = 'CONTRACTOR'`, `c.active = ${p.add(filter.active ?? true)}`];
    if (filter.categoryId) {
      const category = p.add(uuidOrNil(filter.categoryId));
      where.push(`(NOT EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = c.id)
        OR EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = c.id AND cc.category_id = ${category}))`);
    }
    const outer = filter.free === undefined || filter.free === null ? 'TRUE' : `f.free = ${p.add(filter.free)}`;
    const rows = await queryRows<{ id: string; active_orders: number; capacity: number; free: boolean }>(
      ctx.em,
      `SELECT f.id, f.active_orders, f.capacity, f.free FROM (
         SELECT c.id, c.first_name, x.active_orders, x.capacity, c.active AND x.active_orders < x.capacity AS free
           FROM app_user c,
                LATERAL (SELECT coalesce(c.max_active_orders, ${p.add(MAX_ACTIVE_ORDERS_PER_CONTRACTOR)}::int) AS capacity,
                                (SELECT count(*)::int FROM service_order s
                                  WHERE s.contractor_id = c.id AND s.status = 'IN_PROGRESS') AS active_orders) x
          WHERE ${where.join(' AND ')}) f
        WHERE ${outer}
        ORDER BY f.active_orders, f.first_name NULLS LAST, f.id
        LIMIT ${MAX_CONTRACTORS_LISTED}`,
      p.values,
    );
    const users = rows.length ? await ctx.em.getRepository(UserEntity).findBy({ id: In(rows.map((r) => r.id)) }) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => ({
      user: byId.get(r.id)!,
      activeOrders: r.active_orders,
      capacity: r.capacity,
      free: r.free,
    }));
  }

  /** The categories a contractor serves, by position (empty: all, R-ORD-3); two queries for a whole list. */
  async servedCategories(ctx: Ctx, contractorId: string): Promise<CategoryEntity[]> {
    const links = await moduleLoader(ctx.loaders, 'contractorCategories', () =>
      byKeyLoader(ctx.em, ContractorCategoryEntity, 'contractorId'),
    ).load(contractorId);
    const categories = await ctx.loaders.category.loadMany(links.map((l) => l.categoryId));
    return categories
      .filter((c): c is CategoryEntity => c instanceof CategoryEntity)
      .sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
  }
}

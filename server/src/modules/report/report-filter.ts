import { Field, ID, InputType } from 'type-graphql';
import { invalidInput } from '../../common/errors.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { uuidOrNil } from '../../common/ids.js';
import type { SqlParams } from '../order/order-visibility.js';

/** What every report can be narrowed to (PRODUCT.md §7). */
export interface ReportFilter {
  periodStart?: Date | null;
  from?: Date | null;
  to?: Date | null;
  accountId?: string | null;
  branchId?: string | null;
  categoryId?: string | null;
  contractorId?: string | null;
}

@InputType({
  description:
    'Which orders or invoices a report covers: a billing period (periodStart) or a date range [from, to) — the current billing period when neither — narrowed by account, branch subtree, category and contractor.',
})
export class ReportFilterInput implements ReportFilter {
  @Field(() => DateTimeISO, {
    nullable: true,
    description: 'The billing period containing this moment (pass a period’s start, R-BIL-1). Not with from/to.',
  })
  periodStart?: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'Start of a date range (inclusive); needs `to`.' })
  from?: Date;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: 'End of a date range (exclusive); needs `from`; at most 1900 days after it.',
  })
  to?: Date;

  @Field(() => ID, { nullable: true, description: 'Only this client account.' })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders for this branch and the branches under it (R-ACC-2).' })
  branchId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders of this category.' })
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders held (or closed) by this contractor.' })
  contractorId?: string;
}

/** The narrowing conditions on orders (alias `o`), with their parameters added to `p`. */
export function orderFilterSql(filter: ReportFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.accountId) where.push(`o.account_id = ${p.add(uuidOrNil(filter.accountId))}`);
  if (filter.categoryId) where.push(`o.category_id = ${p.add(uuidOrNil(filter.categoryId))}`);
  if (filter.contractorId) where.push(`o.contractor_id = ${p.add(uuidOrNil(filter.contractorId))}`);
  if (filter.branchId) {
    where.push(`o.branch_id IN (WITH RECURSIVE sub AS (
        SELECT id FROM branch WHERE id = ${p.add(uuidOrNil(filter.branchId))}
        UNION ALL SELECT b.id FROM branch b JOIN sub ON b.parent_id = sub.id) SELECT id FROM sub)`);
  }
  return where;
}

/** Refuses the filter fields a report cannot apply (e.g. a branch on the invoice report). */
export function refuseFilterFields(filter: ReportFilter, fields: ReadonlyArray<keyof ReportFilter>, report: string) {
  for (const f of fields) {
    if (filter[f] !== undefined && filter[f] !== null) {
      throw invalidInput(`filter.${f}`, `does not apply to the ${report} report`);
    }
  }
}

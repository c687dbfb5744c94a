import { Arg, Ctx as GqlCtx, Query, Resolver } from 'type-graphql';
import { Roles, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { forbidden } from '../../common/errors.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { userOfRole } from '../order/order-visibility.js';
import { Role } from '../user/user.entity.js';
import { ReportFilterInput } from './report-filter.js';
import type { ReportService } from './report.service.js';
import { AccountOrdersReport, ContractorPayoutReport, InvoiceReport } from './report.types.js';
import type { SlaReportService } from './sla-report.service.js';
import { BranchReport, SlaReport, SlaReportGroupBy } from './sla-report.types.js';

const filterArg = {
  nullable: true,
  description: 'Span and narrowing; the current billing period, everything in it, when absent.',
} as const;

/** The reports of PRODUCT.md §7 (R-REP-1..5); the same services feed the XLSX/CSV downloads. */
@Resolver()
export class ReportResolver {
  constructor(
    private readonly reports: ReportService,
    private readonly slaReports: SlaReportService,
  ) {}

  @Query(() => AccountOrdersReport, {
    description: 'R-REP-1: orders per client account per billing period, cancelled ones excluded, with totals.',
  })
  @Staff(ApiScope.ORDERS_READ)
  accountOrdersReport(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ReportFilterInput, filterArg) filter?: ReportFilterInput,
  ): Promise<AccountOrdersReport> {
    return this.reports.accountOrders(ctx, filter ?? {});
  }

  @Query(() => ContractorPayoutReport, {
    description: 'R-REP-2: contractor payouts for a span — orders closed DONE × the rate stored on each.',
  })
  @Staff(ApiScope.BILLING_READ)
  contractorPayoutReport(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ReportFilterInput, filterArg) filter?: ReportFilterInput,
  ): Promise<ContractorPayoutReport> {
    return this.reports.contractorPayouts(ctx, filter ?? {});
  }

  @Query(() => SlaReport, {
    description:
      'R-REP-3: share taken within reaction time and done within estimate, average and 90th percentile times, breaches — grouped.',
  })
  @Staff(ApiScope.ORDERS_READ)
  slaReport(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ReportFilterInput, filterArg) filter?: ReportFilterInput,
    @Arg('groupBy', () => SlaReportGroupBy, {
      defaultValue: SlaReportGroupBy.ACCOUNT,
      description: 'What the rows group by (default: account).',
    })
    groupBy: SlaReportGroupBy = SlaReportGroupBy.ACCOUNT,
  ): Promise<SlaReport> {
    return this.slaReports.sla(ctx, filter ?? {}, groupBy);
  }

  @Query(() => BranchReport, {
    description:
      'R-REP-4: the branch report — orders by status per branch and category, cartridges by model, completion times, breaches.',
  })
  @Staff(ApiScope.ORDERS_READ)
  branchReport(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ReportFilterInput, filterArg) filter?: ReportFilterInput,
  ): Promise<BranchReport> {
    return this.slaReports.branches(ctx, filter ?? {});
  }

  @Query(() => InvoiceReport, {
    description:
      'R-REP-5: invoices issued in a span per account — issued, paid, overdue, with amounts. Branch, category and contractor do not apply.',
  })
  @Staff(ApiScope.BILLING_READ)
  invoiceReport(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => ReportFilterInput, filterArg) filter?: ReportFilterInput,
  ): Promise<InvoiceReport> {
    return this.reports.invoices(ctx, filter ?? {});
  }

  @Query(() => ContractorPayoutReport, {
    description:
      'The calling contractor’s earnings: orders closed DONE in a billing period × the rate stored on each (R-REP-2 for oneself).',
  })
  @Roles([Role.CONTRACTOR])
  myEarnings(
    @GqlCtx() ctx: Ctx,
    @Arg('periodStart', () => DateTimeISO, {
      nullable: true,
      description: 'The billing period containing this moment; the current one when absent.',
    })
    periodStart?: Date,
  ): Promise<ContractorPayoutReport> {
    const me = userOfRole(ctx.principal, Role.CONTRACTOR);
    if (!me) throw forbidden();
    return this.reports.contractorPayouts(ctx, { periodStart: periodStart ?? null, contractorId: me });
  }
}

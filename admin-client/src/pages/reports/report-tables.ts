import type {
  AccountOrdersReportQuery,
  BranchReportQuery,
  ContractorPayoutReportQuery,
  InvoiceReportQuery,
  SlaReportQuery,
} from '../../generated/graphql';
import { formatDate, t } from '../../i18n/i18n';
import type { ExportTable } from '../../components/table-export';

/**
 * A report as the panel shows it: the table (also what is exported) and one chart drawn from it. `counts`: the
 * chart's values are counts of things (orders, breaches), so its axis ticks whole numbers only — not money, shares
 * or times.
 */
export interface ReportTable extends ExportTable {
  chart: { labels: string[]; series: Array<{ label: string; values: number[] }>; counts?: boolean };
}

const money = (s: string) => Number(s);
const share = (v: number | null | undefined) => (v == null ? null : Math.round(v * 1000) / 10);
const minutes = (v: number | null | undefined) => (v == null ? null : Math.round(v * 10) / 10);

/**
 * R-REP-1: orders per client account per billing period (cancelled excluded), with totals. A period's first day
 * is read in the report's own zone: a closed period's TIMEZONE at its close, else TIMEZONE now (R-BIL-1).
 */
export function accountOrdersTable(r: AccountOrdersReportQuery['accountOrdersReport']): ReportTable {
  const rows = r.rows.map((x) => [
    x.accountName,
    x.tariffName,
    formatDate(x.periodStart, r.timeZone),
    x.orders,
    x.allowed ?? null,
    x.newOrders,
    x.inProgress,
    x.done,
  ]);
  return {
    columns: [
      t('orders.account'),
      t('accounts.tariff'),
      t('billing.period'),
      t('reports.orders'),
      t('reports.allowed'),
      t('status.NEW'),
      t('status.IN_PROGRESS'),
      t('status.DONE'),
    ],
    rows: [
      ...rows,
      [t('reports.totals'), null, null, r.totals.orders, null, r.totals.newOrders, r.totals.inProgress, r.totals.done],
    ],
    chart: {
      labels: r.rows.map((x) => x.accountName),
      series: [{ label: t('reports.orders'), values: r.rows.map((x) => x.orders) }],
      counts: true,
    },
  };
}

/** R-REP-2: contractor payouts — orders closed, rate, amount. */
export function contractorPayoutTable(r: ContractorPayoutReportQuery['contractorPayoutReport']): ReportTable {
  return {
    columns: [t('orders.contractor'), t('reports.ordersClosed'), t('reports.rate'), t('billing.amount')],
    rows: [
      ...r.rows.map((x) => [x.contractorName, x.ordersClosed, money(x.rate), money(x.amount)]),
      [t('reports.totals'), r.ordersClosed, null, money(r.amount)],
    ],
    chart: {
      labels: r.rows.map((x) => x.contractorName),
      series: [{ label: t('billing.amount'), values: r.rows.map((x) => money(x.amount)) }],
    },
  };
}

/** R-REP-3: SLA shares, average and 90th percentile times to take and to close, breaches — per group. */
export function slaTable(r: SlaReportQuery['slaReport']): ReportTable {
  const figures = (x: SlaReportQuery['slaReport']['totals']) => [
    x.orders,
    share(x.takenInTimeShare),
    share(x.doneInTimeShare),
    minutes(x.averageMinutesToTake),
    minutes(x.p90MinutesToTake),
    minutes(x.averageMinutesToClose),
    minutes(x.p90MinutesToClose),
    x.breaches,
  ];
  return {
    columns: [
      t('reports.group'),
      t('reports.orders'),
      t('reports.takenInTime'),
      t('reports.doneInTime'),
      t('reports.avgTake'),
      t('reports.p90Take'),
      t('reports.avgClose'),
      t('reports.p90Close'),
      t('reports.breaches'),
    ],
    rows: [...r.rows.map((x) => [x.groupName ?? '—', ...figures(x)]), [t('reports.totals'), ...figures(r.totals)]],
    chart: {
      labels: r.rows.map((x) => x.groupName ?? '—'),
      series: [
        { label: t('reports.takenInTime'), values: r.rows.map((x) => share(x.takenInTimeShare) ?? 0) },
        { label: t('reports.doneInTime'), values: r.rows.map((x) => share(x.doneInTimeShare) ?? 0) },
      ],
    },
  };
}

/** R-REP-4: orders by status per branch with completion times and breaches, then cartridges by model. */
export function branchTable(r: BranchReportQuery['branchReport']): ReportTable {
  return {
    columns: [
      t('orders.account'),
      t('orders.branch'),
      t('reports.orders'),
      t('status.NEW'),
      t('status.IN_PROGRESS'),
      t('status.DONE'),
      t('status.CANCELLED'),
      t('reports.breaches'),
      t('reports.avgComplete'),
      t('reports.p90Complete'),
    ],
    rows: [
      ...r.branches.map((x) => [
        x.accountName,
        x.branchName ?? '—',
        x.total,
        x.newOrders,
        x.inProgress,
        x.done,
        x.cancelled,
        x.breaches,
        minutes(x.averageMinutesToComplete),
        minutes(x.p90MinutesToComplete),
      ]),
      ...r.cartridges.map((c) => [
        t('reports.cartridge'),
        c.model,
        c.orders,
        null,
        null,
        null,
        null,
        null,
        null,
        c.quantity,
      ]),
    ],
    chart: {
      labels: r.branches.map((x) => `${x.accountName} / ${x.branchName ?? '—'}`),
      series: [
        { label: t('status.DONE'), values: r.branches.map((x) => x.done) },
        { label: t('reports.breaches'), values: r.branches.map((x) => x.breaches) },
      ],
      counts: true,
    },
  };
}

/** R-REP-5: invoices issued, paid, unpaid and overdue per account, with amounts. */
export function invoiceTable(r: InvoiceReportQuery['invoiceReport']): ReportTable {
  const figures = (x: InvoiceReportQuery['invoiceReport']['totals']) => [
    x.issued,
    money(x.issuedAmount),
    x.paid,
    money(x.paidAmount),
    x.unpaid,
    money(x.unpaidAmount),
    x.overdue,
    money(x.overdueAmount),
  ];
  return {
    columns: [
      t('orders.account'),
      t('reports.issued'),
      t('reports.issuedAmount'),
      t('billing.PAID'),
      t('reports.paidAmount'),
      t('billing.UNPAID'),
      t('reports.unpaidAmount'),
      t('billing.overdue'),
      t('reports.overdueAmount'),
    ],
    rows: [...r.rows.map((x) => [x.accountName, ...figures(x)]), [t('reports.totals'), ...figures(r.totals)]],
    chart: {
      labels: r.rows.map((x) => x.accountName),
      series: [
        { label: t('reports.paidAmount'), values: r.rows.map((x) => money(x.paidAmount)) },
        { label: t('reports.unpaidAmount'), values: r.rows.map((x) => money(x.unpaidAmount)) },
      ],
    },
  };
}

import type {
  AccountOrdersReportQuery,
  BranchReportQuery,
  ContractorPayoutReportQuery,
  InvoiceReportQuery,
  SlaReportQuery,
} from '../../generated/graphql';
import { formatCount, formatDate, formatDecimal, formatMoney, t } from '../../i18n/i18n';
import type { ExportTable } from '../../components/table-export';

/**
 * A report as the panel shows it: the table (also what is exported, with its raw figures), the same rows as shown
 * on screen, and one chart drawn from it. `counts`: the chart's values are counts of things (orders, breaches), so
 * its axis ticks whole numbers only — not money, shares or times. `percent`: they are percentages, ticked with %.
 */
export interface ReportTable extends ExportTable {
  /** Each cell as shown: written by what it holds (money, share, minutes, count) in the panel's language. */
  shown: string[][];
  chart: {
    labels: string[];
    series: Array<{ label: string; values: number[] }>;
    counts?: boolean;
    percent?: boolean;
  };
}

/** One cell: the figure exported (a number stays a number in XLSX and CSV) and its text on screen. */
interface Cell {
  value: string | number | null;
  shown: string;
}

const EMPTY: Cell = { value: null, shown: '—' };
const text = (s: string): Cell => ({ value: s, shown: s });
const count = (n: number | null | undefined): Cell => (n == null ? EMPTY : { value: n, shown: formatCount(n) });
/**
 * An amount is shown from the API's decimal string itself, so no kopeck moves; it is exported as a number. Cells
 * carry no unit: their column's header names it (“Сумма, ₽”, “%”, “мин”), also in the download.
 */
const money = (s: string): Cell => ({ value: Number(s), shown: formatMoney(s) });
const percent = (v: number | null | undefined) => (v == null ? null : Math.round(v * 1000) / 10);
const share = (v: number | null | undefined): Cell => {
  const p = percent(v);
  return p == null ? EMPTY : { value: p, shown: formatDecimal(p) };
};
const minutes = (v: number | null | undefined): Cell => {
  const m = v == null ? null : Math.round(v * 10) / 10;
  return m == null ? EMPTY : { value: m, shown: formatDecimal(m) };
};

/** The table of these cells: their figures for the export, their texts for the screen. */
function reportTable(columns: string[], cells: Cell[][], chart: ReportTable['chart']): ReportTable {
  return {
    columns,
    rows: cells.map((row) => row.map((c) => c.value)),
    shown: cells.map((row) => row.map((c) => c.shown)),
    chart,
  };
}

/**
 * R-REP-1: orders per client account per billing period (cancelled excluded), with totals. A period's first day
 * is read in the report's own zone: a closed period's TIMEZONE at its close, else TIMEZONE now (R-BIL-1).
 */
export function accountOrdersTable(r: AccountOrdersReportQuery['accountOrdersReport']): ReportTable {
  return reportTable(
    [
      t('orders.account'),
      t('accounts.tariff'),
      t('billing.period'),
      t('reports.orders'),
      t('reports.allowed'),
      t('status.NEW'),
      t('status.IN_PROGRESS'),
      t('status.DONE'),
    ],
    [
      ...r.rows.map((x) => [
        text(x.accountName),
        text(x.tariffName),
        text(formatDate(x.periodStart, r.timeZone)),
        count(x.orders),
        count(x.allowed),
        count(x.newOrders),
        count(x.inProgress),
        count(x.done),
      ]),
      [
        text(t('reports.totals')),
        EMPTY,
        EMPTY,
        count(r.totals.orders),
        EMPTY,
        count(r.totals.newOrders),
        count(r.totals.inProgress),
        count(r.totals.done),
      ],
    ],
    {
      labels: r.rows.map((x) => x.accountName),
      series: [{ label: t('reports.orders'), values: r.rows.map((x) => x.orders) }],
      counts: true,
    },
  );
}

/** R-REP-2: contractor payouts — orders closed, rate, amount. */
export function contractorPayoutTable(r: ContractorPayoutReportQuery['contractorPayoutReport']): ReportTable {
  return reportTable(
    [t('orders.contractor'), t('reports.ordersClosed'), t('reports.rate'), t('billing.amount')],
    [
      ...r.rows.map((x) => [text(x.contractorName), count(x.ordersClosed), money(x.rate), money(x.amount)]),
      [text(t('reports.totals')), count(r.ordersClosed), EMPTY, money(r.amount)],
    ],
    {
      labels: r.rows.map((x) => x.contractorName),
      series: [{ label: t('billing.amount'), values: r.rows.map((x) => Number(x.amount)) }],
    },
  );
}

/** R-REP-3: SLA shares, average and 90th percentile times to take and to close, breaches — per group. */
export function slaTable(r: SlaReportQuery['slaReport']): ReportTable {
  const figures = (x: SlaReportQuery['slaReport']['totals']) => [
    count(x.orders),
    share(x.takenInTimeShare),
    share(x.doneInTimeShare),
    minutes(x.averageMinutesToTake),
    minutes(x.p90MinutesToTake),
    minutes(x.averageMinutesToClose),
    minutes(x.p90MinutesToClose),
    count(x.breaches),
  ];
  return reportTable(
    [
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
    [
      ...r.rows.map((x) => [text(x.groupName ?? '—'), ...figures(x)]),
      [text(t('reports.totals')), ...figures(r.totals)],
    ],
    {
      labels: r.rows.map((x) => x.groupName ?? '—'),
      series: [
        { label: t('reports.takenInTime'), values: r.rows.map((x) => percent(x.takenInTimeShare) ?? 0) },
        { label: t('reports.doneInTime'), values: r.rows.map((x) => percent(x.doneInTimeShare) ?? 0) },
      ],
      percent: true,
    },
  );
}

/** R-REP-4: orders by status per branch with completion times and breaches, then cartridges by model. */
export function branchTable(r: BranchReportQuery['branchReport']): ReportTable {
  return reportTable(
    [
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
    [
      ...r.branches.map((x) => [
        text(x.accountName),
        text(x.branchName ?? '—'),
        count(x.total),
        count(x.newOrders),
        count(x.inProgress),
        count(x.done),
        count(x.cancelled),
        count(x.breaches),
        minutes(x.averageMinutesToComplete),
        minutes(x.p90MinutesToComplete),
      ]),
      // A cartridge row's last column holds the quantity of that model, a count — not a time.
      ...r.cartridges.map((c) => [
        text(t('reports.cartridge')),
        text(c.model),
        count(c.orders),
        EMPTY,
        EMPTY,
        EMPTY,
        EMPTY,
        EMPTY,
        EMPTY,
        count(c.quantity),
      ]),
    ],
    {
      labels: r.branches.map((x) => `${x.accountName} / ${x.branchName ?? '—'}`),
      series: [
        { label: t('status.DONE'), values: r.branches.map((x) => x.done) },
        { label: t('reports.breaches'), values: r.branches.map((x) => x.breaches) },
      ],
      counts: true,
    },
  );
}

/** R-REP-5: invoices issued, paid, unpaid and overdue per account, with amounts. */
export function invoiceTable(r: InvoiceReportQuery['invoiceReport']): ReportTable {
  const figures = (x: InvoiceReportQuery['invoiceReport']['totals']) => [
    count(x.issued),
    money(x.issuedAmount),
    count(x.paid),
    money(x.paidAmount),
    count(x.unpaid),
    money(x.unpaidAmount),
    count(x.overdue),
    money(x.overdueAmount),
  ];
  return reportTable(
    [
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
    [...r.rows.map((x) => [text(x.accountName), ...figures(x)]), [text(t('reports.totals')), ...figures(r.totals)]],
    {
      labels: r.rows.map((x) => x.accountName),
      series: [
        { label: t('reports.paidAmount'), values: r.rows.map((x) => Number(x.paidAmount)) },
        { label: t('reports.unpaidAmount'), values: r.rows.map((x) => Number(x.unpaidAmount)) },
      ],
    },
  );
}

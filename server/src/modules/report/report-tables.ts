import {
  buildTable,
  localDateTime,
  percent,
  type ColumnDef,
  type ReportLanguage,
  type ReportTable,
} from './report-table.js';
import type {
  AccountOrdersReport,
  AccountOrdersRow,
  AccountOrdersTotals,
  ContractorPayoutReport,
  ContractorPayoutRow,
  InvoiceReport,
  InvoiceReportRow,
  InvoiceReportTotals,
} from './report.types.js';
import type {
  BranchReport,
  BranchReportRow,
  CartridgeReportRow,
  CategoryReportRow,
  OrderStatusFigures,
  SlaFigures,
  SlaReport,
  SlaReportRow,
} from './sla-report.types.js';

type Col<R> = ColumnDef<R>;

/** Columns shared by rows and their totals: the same title and value on both. */
const shared = <T>(ru: string, en: string, kind: Col<T>['kind'], value: (r: T) => string | number | null): Col<T> => ({
  ru,
  en,
  kind,
  value,
});

const ORDER_COUNTS: Col<AccountOrdersTotals>[] = [
  shared('Заявок', 'Orders', 'int', (r) => r.orders),
  shared('Новых', 'New', 'int', (r) => r.newOrders),
  shared('В работе', 'In progress', 'int', (r) => r.inProgress),
  shared('Выполнено', 'Done', 'int', (r) => r.done),
];

/**
 * R-REP-1 as a file. Period bounds are written in the report's own zone (R-BIL-1): a closed period's in the
 * TIMEZONE it was closed under, as the query's `timeZone` names it, so a later TIMEZONE change does not move them.
 */
export function accountOrdersTables(r: AccountOrdersReport, lang: ReportLanguage): ReportTable[] {
  const leading: Col<AccountOrdersRow>[] = [
    {
      ru: 'Начало периода',
      en: 'Period start',
      kind: 'datetime',
      value: (x) => localDateTime(x.periodStart, r.timeZone),
    },
    { ru: 'Конец периода', en: 'Period end', kind: 'datetime', value: (x) => localDateTime(x.periodEnd, r.timeZone) },
    { ru: 'Клиент', en: 'Client account', kind: 'text', value: (x) => x.accountName },
    { ru: 'Тариф', en: 'Tariff', kind: 'text', value: (x) => x.tariffName },
    { ru: 'Лимит заявок', en: 'Orders allowed', kind: 'int', value: (x) => x.allowed },
  ];
  return [
    buildTable(
      lang,
      { name: 'orders', ru: 'Заявки по клиентам', en: 'Orders per account' },
      [...leading, ...ORDER_COUNTS],
      r.rows,
      {
        row: r.totals,
        columns: [null, null, null, null, null, ...ORDER_COUNTS],
      },
    ),
  ];
}

/** R-REP-2 as a file. */
export function contractorPayoutTables(r: ContractorPayoutReport, lang: ReportLanguage): ReportTable[] {
  const columns: Col<ContractorPayoutRow>[] = [
    { ru: 'Исполнитель', en: 'Contractor', kind: 'text', value: (x) => x.contractorName },
    { ru: 'Telegram', en: 'Telegram', kind: 'text', value: (x) => (x.username ? `@${x.username}` : null) },
    { ru: 'Ставка, ₽', en: 'Rate, RUB', kind: 'money', value: (x) => x.rate },
    { ru: 'Закрыто заявок', en: 'Orders closed', kind: 'int', value: (x) => x.ordersClosed },
    { ru: 'Сумма, ₽', en: 'Amount, RUB', kind: 'money', value: (x) => x.amount },
  ];
  const totals: Array<Col<ContractorPayoutReport> | null> = [
    null,
    null,
    null,
    { ...columns[3]!, value: (x) => x.ordersClosed } as Col<ContractorPayoutReport>,
    { ...columns[4]!, value: (x) => x.amount } as Col<ContractorPayoutReport>,
  ];
  return [
    buildTable(lang, { name: 'payouts', ru: 'Выплаты исполнителям', en: 'Contractor payouts' }, columns, r.rows, {
      row: r,
      columns: totals,
    }),
  ];
}

const INVOICE_FIGURES: Col<InvoiceReportTotals>[] = [
  shared('Выставлено', 'Issued', 'int', (r) => r.issued),
  shared('Сумма выставленных, ₽', 'Issued, RUB', 'money', (r) => r.issuedAmount),
  shared('Оплачено', 'Paid', 'int', (r) => r.paid),
  shared('Сумма оплаченных, ₽', 'Paid, RUB', 'money', (r) => r.paidAmount),
  shared('Не оплачено', 'Unpaid', 'int', (r) => r.unpaid),
  shared('Сумма неоплаченных, ₽', 'Unpaid, RUB', 'money', (r) => r.unpaidAmount),
  shared('Просрочено', 'Overdue', 'int', (r) => r.overdue),
  shared('Сумма просроченных, ₽', 'Overdue, RUB', 'money', (r) => r.overdueAmount),
];

/** R-REP-5 as a file. */
export function invoiceTables(r: InvoiceReport, lang: ReportLanguage): ReportTable[] {
  const account: Col<InvoiceReportRow> = {
    ru: 'Клиент',
    en: 'Client account',
    kind: 'text',
    value: (x) => x.accountName,
  };
  return [
    buildTable(lang, { name: 'invoices', ru: 'Счета', en: 'Invoices' }, [account, ...INVOICE_FIGURES], r.rows, {
      row: r.totals,
      columns: [null, ...INVOICE_FIGURES],
    }),
  ];
}

const SLA_FIGURES: Col<SlaFigures>[] = [
  shared('Заявок', 'Orders', 'int', (r) => r.orders),
  shared('Взято вовремя', 'Taken in time', 'int', (r) => r.takenInTime),
  shared('Взято с опозданием', 'Taken late', 'int', (r) => r.takenLate),
  shared('% взято вовремя', '% taken in time', 'percent', (r) => percent(r.takenInTimeShare)),
  shared('Выполнено в срок', 'Done in time', 'int', (r) => r.doneInTime),
  shared('Выполнено с опозданием', 'Done late', 'int', (r) => r.doneLate),
  shared('% выполнено в срок', '% done in time', 'percent', (r) => percent(r.doneInTimeShare)),
  shared('Среднее время до взятия, мин', 'Average minutes to take', 'number', (r) => r.averageMinutesToTake),
  shared('90% время до взятия, мин', 'P90 minutes to take', 'number', (r) => r.p90MinutesToTake),
  shared('Среднее время до закрытия, мин', 'Average minutes to close', 'number', (r) => r.averageMinutesToClose),
  shared('90% время до закрытия, мин', 'P90 minutes to close', 'number', (r) => r.p90MinutesToClose),
  shared('Нарушений SLA', 'SLA breaches', 'int', (r) => r.breaches),
];

const GROUP_TITLES: Record<SlaReport['groupBy'], { ru: string; en: string; none: { ru: string; en: string } }> = {
  TARIFF: { ru: 'Тариф', en: 'Tariff', none: { ru: '—', en: '—' } },
  ACCOUNT: { ru: 'Клиент', en: 'Client account', none: { ru: '—', en: '—' } },
  BRANCH: { ru: 'Филиал', en: 'Branch', none: { ru: 'Без филиала', en: 'No branch' } },
  CONTRACTOR: { ru: 'Исполнитель', en: 'Contractor', none: { ru: 'Не взята', en: 'Not taken' } },
};

/** R-REP-3 as a file. */
export function slaTables(r: SlaReport, lang: ReportLanguage): ReportTable[] {
  const g = GROUP_TITLES[r.groupBy];
  const group: Col<SlaReportRow> = { ru: g.ru, en: g.en, kind: 'text', value: (x) => x.groupName ?? g.none[lang] };
  return [
    buildTable(lang, { name: 'sla', ru: 'SLA', en: 'SLA' }, [group, ...SLA_FIGURES], r.rows, {
      row: r.totals,
      columns: [null, ...SLA_FIGURES],
    }),
  ];
}

const STATUS_FIGURES: Col<OrderStatusFigures>[] = [
  shared('Всего заявок', 'Orders', 'int', (r) => r.total),
  shared('Новых', 'New', 'int', (r) => r.newOrders),
  shared('В работе', 'In progress', 'int', (r) => r.inProgress),
  shared('Выполнено', 'Done', 'int', (r) => r.done),
  shared('Отменено', 'Cancelled', 'int', (r) => r.cancelled),
  shared('Нарушений SLA', 'SLA breaches', 'int', (r) => r.breaches),
  shared('Среднее время выполнения, мин', 'Average minutes to complete', 'number', (r) => r.averageMinutesToComplete),
  shared('90% время выполнения, мин', 'P90 minutes to complete', 'number', (r) => r.p90MinutesToComplete),
];

/** R-REP-4 as a file: branches (with totals), categories, cartridges. */
export function branchTables(r: BranchReport, lang: ReportLanguage): ReportTable[] {
  const branch: Col<BranchReportRow>[] = [
    { ru: 'Клиент', en: 'Client account', kind: 'text', value: (x) => x.accountName },
    {
      ru: 'Филиал',
      en: 'Branch',
      kind: 'text',
      value: (x) => x.branchName ?? (lang === 'ru' ? 'Без филиала' : 'No branch'),
    },
    { ru: 'Код', en: 'Code', kind: 'text', value: (x) => x.branchCode },
  ];
  const category: Col<CategoryReportRow> = {
    ru: 'Категория',
    en: 'Category',
    kind: 'text',
    value: (x) => (lang === 'ru' ? x.categoryNameRu : x.categoryNameEn),
  };
  const cartridge: Col<CartridgeReportRow>[] = [
    { ru: 'Модель картриджа', en: 'Cartridge model', kind: 'text', value: (x) => x.model },
    { ru: 'Количество', en: 'Quantity', kind: 'int', value: (x) => x.quantity },
    { ru: 'Заявок', en: 'Orders', kind: 'int', value: (x) => x.orders },
  ];
  return [
    buildTable(lang, { name: 'branches', ru: 'Филиалы', en: 'Branches' }, [...branch, ...STATUS_FIGURES], r.branches, {
      row: r.totals,
      columns: [null, null, null, ...STATUS_FIGURES],
    }),
    buildTable(
      lang,
      { name: 'categories', ru: 'Категории', en: 'Categories' },
      [category, ...STATUS_FIGURES],
      r.categories,
    ),
    buildTable(lang, { name: 'cartridges', ru: 'Картриджи', en: 'Cartridges' }, cartridge, r.cartridges),
  ];
}

import { useSearchParams } from '@solidjs/router';
import { DateRangeFilter, FilterSelect } from '../../components/filter-select';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createQuery } from '@urql/solid';
import { createMemo, For, Match, Show, Switch, type JSX } from 'solid-js';
import {
  AccountOrdersReportDocument,
  BranchReportDocument,
  ContractorPayoutReportDocument,
  InvoiceReportDocument,
  ReportFilterChoicesDocument,
  ReportTimeZoneDocument,
  SlaReportDocument,
  type ReportFilterInput,
  type SlaReportGroupBy,
} from '../../generated/graphql';
import { formatDate, formatLastDay, t, tOf, type MessageKey } from '../../i18n/i18n';
import { dayIn, dayStartIn } from '../../i18n/zoned-day';
import { QueryView } from '../../components/query-view';
import { categoryName } from '../orders/order-row';
import {
  accountOrdersTable,
  branchTable,
  contractorPayoutTable,
  invoiceTable,
  slaTable,
  type ReportTable,
} from './report-tables';
import { ReportView } from './report-view';

const KINDS: Array<{ id: string; key: MessageKey }> = [
  { id: 'accounts', key: 'reports.accountOrders' },
  { id: 'payouts', key: 'reports.contractorPayouts' },
  { id: 'sla', key: 'reports.sla' },
  { id: 'branches', key: 'reports.branches' },
  { id: 'invoices', key: 'reports.invoices' },
];
const GROUPS: SlaReportGroupBy[] = ['ACCOUNT', 'TARIFF', 'BRANCH', 'CONTRACTOR'];

type Params = {
  kind?: string;
  from?: string;
  to?: string;
  account?: string;
  branch?: string;
  category?: string;
  contractor?: string;
  group?: string;
};

/** One report: runs its query with the page's filter and shows it through ReportView. */
function RunReport<D, V extends Record<string, unknown>>(props: {
  query: TypedDocumentNode<D, V>;
  variables: () => V;
  pick: (data: D) => { from: string; to: string; timeZone: string };
  toTable: (data: D) => ReportTable;
  name: string;
  title: string;
}): JSX.Element {
  const [result, refetch] = createQuery<D, V>({ query: props.query, variables: props.variables });
  return (
    <QueryView state={result} retry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => {
        const span = () => props.pick(data());
        return (
          <>
            <p class="hint" data-testid="report-period">
              {t('reports.covers', {
                from: formatDate(span().from, span().timeZone),
                to: formatLastDay(span().to, span().timeZone),
              })}
            </p>
            <ReportView
              table={props.toTable(data())}
              title={props.title}
              fileName={`${props.name}-${dayIn(span().from, span().timeZone)}-${dayIn(span().to, span().timeZone)}`}
            />
          </>
        );
      }}
    </QueryView>
  );
}

/**
 * The page's filters as the API's: the chosen days run from 00:00 in TIMEZONE to 00:00 after the last one
 * (R-BIL-1), wherever the browser is.
 */
function reportFilter(p: Params, timeZone: string): ReportFilterInput {
  return {
    from: dayStartIn(p.from, timeZone) ?? null,
    to: dayStartIn(p.to, timeZone, 1) ?? null,
    accountId: p.account || null,
    branchId: p.branch || null,
    categoryId: p.category || null,
    contractorId: p.contractor || null,
  };
}

/** Reports R-REP-1..5 with filters in the address bar; the server's default period is the current billing period. */
export default function ReportsPage(): JSX.Element {
  const [params, setParams] = useSearchParams<Params>();
  const [choices] = createQuery({ query: ReportFilterChoicesDocument });
  const [zone, refetchZone] = createQuery({ query: ReportTimeZoneDocument });
  const kind = () => params.kind ?? 'accounts';
  const title = () => t(KINDS.find((k) => k.id === kind())?.key ?? 'reports.title');
  const branches = () => choices.data?.accounts.nodes.find((a) => a.id === params.account)?.branches ?? [];

  return (
    <section>
      <h1>{t('reports.title')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('reports.title')}>
        <label>
          {t('reports.kind')}
          <select value={kind()} onChange={(e) => setParams({ kind: e.currentTarget.value })}>
            <For each={KINDS}>{(k) => <option value={k.id}>{t(k.key)}</option>}</For>
          </select>
        </label>
        <Show when={kind() === 'sla'}>
          <label>
            {t('reports.groupBy')}
            <select value={params.group ?? 'ACCOUNT'} onChange={(e) => setParams({ group: e.currentTarget.value })}>
              <For each={GROUPS}>{(g) => <option value={g}>{tOf('reports', `group${g}`)}</option>}</For>
            </select>
          </label>
        </Show>
        <DateRangeFilter from={params.from} to={params.to} onChange={setParams} />
        <FilterSelect
          label={t('orders.account')}
          value={params.account}
          options={choices.data?.accounts.nodes?.map((a) => ({ value: a.id, label: a.name }))}
          onChange={(value) => setParams({ account: value, branch: undefined })}
        />
        <FilterSelect
          label={t('orders.branch')}
          value={params.branch}
          options={branches().map((b) => ({ value: b.id, label: b.name }))}
          disabled={!branches().length}
          onChange={(value) => setParams({ branch: value })}
        />
        <FilterSelect
          label={t('orders.category')}
          value={params.category}
          options={choices.data?.categories?.map((c) => ({ value: c.id, label: categoryName(c) }))}
          onChange={(value) => setParams({ category: value })}
        />
        <FilterSelect
          label={t('orders.contractor')}
          value={params.contractor}
          options={choices.data?.users.nodes?.map((u) => ({ value: u.id, label: u.displayName }))}
          onChange={(value) => setParams({ contractor: value })}
        />
      </form>
      <h2>{title()}</h2>
      <QueryView state={zone} retry={() => refetchZone({ requestPolicy: 'network-only' })}>
        {(z) => {
          const filter = createMemo(() => reportFilter(params, z().billingTimeZone));
          return (
            <Switch>
              <Match when={kind() === 'accounts'}>
                <RunReport
                  query={AccountOrdersReportDocument}
                  variables={() => ({ filter: filter() })}
                  pick={(d) => d.accountOrdersReport}
                  toTable={(d) => accountOrdersTable(d.accountOrdersReport)}
                  name="orders-per-account"
                  title={title()}
                />
              </Match>
              <Match when={kind() === 'payouts'}>
                <RunReport
                  query={ContractorPayoutReportDocument}
                  variables={() => ({ filter: filter() })}
                  pick={(d) => d.contractorPayoutReport}
                  toTable={(d) => contractorPayoutTable(d.contractorPayoutReport)}
                  name="contractor-payouts"
                  title={title()}
                />
              </Match>
              <Match when={kind() === 'sla'}>
                <RunReport
                  query={SlaReportDocument}
                  variables={() => ({ filter: filter(), groupBy: (params.group as SlaReportGroupBy) ?? 'ACCOUNT' })}
                  pick={(d) => d.slaReport}
                  toTable={(d) => slaTable(d.slaReport)}
                  name="sla"
                  title={title()}
                />
              </Match>
              <Match when={kind() === 'branches'}>
                <RunReport
                  query={BranchReportDocument}
                  variables={() => ({ filter: filter() })}
                  pick={(d) => d.branchReport}
                  toTable={(d) => branchTable(d.branchReport)}
                  name="branches"
                  title={title()}
                />
              </Match>
              <Match when={kind() === 'invoices'}>
                <RunReport
                  query={InvoiceReportDocument}
                  variables={() => ({ filter: filter() })}
                  pick={(d) => d.invoiceReport}
                  toTable={(d) => invoiceTable(d.invoiceReport)}
                  name="invoices"
                  title={title()}
                />
              </Match>
            </Switch>
          );
        }}
      </QueryView>
    </section>
  );
}

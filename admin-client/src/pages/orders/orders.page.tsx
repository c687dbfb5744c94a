import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, type JSX } from 'solid-js';
import { OrderFilterChoicesDocument, OrdersDocument } from '../../generated/graphql';
import { createLiveOrderEvents } from '../../client/live-order-events';
import { DateRangeFilter, FilterSelect } from '../../components/filter-select';
import { displayTimeZone, t, tOf } from '../../i18n/i18n';
import { QueryView } from '../../components/query-view';
import {
  NO_FILTERS,
  ORDER_SORTS,
  ORDER_STATUSES,
  toOrderFilter,
  toOrderSort,
  type OrderFilterParams,
} from './order-filters';
import { categoryName, OrdersTable } from './order-row';

const PAGE_SIZE = 50;

/** Orders with filters kept in the address bar; the stream of order events refreshes the list live. */
export default function OrdersPage(): JSX.Element {
  const [params, setParams] = useSearchParams<OrderFilterParams & { after?: string }>();
  const [cursors, setCursors] = createSignal<string[]>([]);
  // Filters start folded on a phone, so the list is what one sees first.
  const wide = typeof matchMedia === 'undefined' || matchMedia('(min-width: 761px)').matches;
  const filter = createMemo(() => toOrderFilter(params, displayTimeZone()));
  const [orders, refetch] = createQuery({
    query: OrdersDocument,
    variables: () => ({ filter: filter(), first: PAGE_SIZE, after: params.after, orderBy: toOrderSort(params) }),
  });
  const [choices] = createQuery({ query: OrderFilterChoicesDocument });
  const live = createLiveOrderEvents();
  createEffect(
    on(
      () => live.data?.orderEvents.cursor,
      (cursor) => cursor && refetch({ requestPolicy: 'network-only' }),
    ),
  );

  const set = (patch: Partial<OrderFilterParams>) => {
    setCursors([]);
    setParams({ ...patch, after: undefined });
  };
  const branches = () => choices.data?.accounts.nodes.find((a) => a.id === params.account)?.branches ?? [];
  const nextPage = () => {
    const end = orders.data?.orders.pageInfo.endCursor;
    if (!end) return;
    setCursors([...cursors(), params.after ?? '']);
    setParams({ after: end });
  };
  const prevPage = () => {
    const stack = cursors();
    setCursors(stack.slice(0, -1));
    setParams({ after: stack[stack.length - 1] || undefined });
  };

  return (
    <section>
      <h1>{t('orders.title')}</h1>
      <p class="hint">{t('orders.live')}</p>
      <details class="filters-box" open={wide}>
        <summary>{t('common.filters')}</summary>
        <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
          <label>
            {t('orders.status')}
            <select value={params.status ?? ''} onChange={(e) => set({ status: e.currentTarget.value || undefined })}>
              <option value="">{t('common.all')}</option>
              <option value="NEW,IN_PROGRESS">
                {tOf('status', 'NEW')} + {tOf('status', 'IN_PROGRESS')}
              </option>
              <For each={ORDER_STATUSES}>{(s) => <option value={s}>{tOf('status', s)}</option>}</For>
            </select>
          </label>
          <label>
            {t('orders.sort')}
            <select
              value={toOrderSort(params)}
              onChange={(e) =>
                set({ sort: e.currentTarget.value === 'NEWEST_FIRST' ? undefined : e.currentTarget.value })
              }
            >
              <For each={ORDER_SORTS}>{(s) => <option value={s}>{tOf('orders.sort', s)}</option>}</For>
            </select>
          </label>
          <FilterSelect
            label={t('orders.category')}
            value={params.category}
            options={choices.data?.categories?.map((c) => ({ value: c.id, label: categoryName(c) }))}
            onChange={(value) => set({ category: value })}
          />
          <FilterSelect
            label={t('orders.account')}
            value={params.account}
            options={choices.data?.accounts.nodes?.map((a) => ({ value: a.id, label: a.name }))}
            onChange={(value) => set({ account: value, branch: undefined })}
          />
          <FilterSelect
            label={t('orders.branch')}
            value={params.branch}
            options={branches().map((b) => ({ value: b.id, label: b.name }))}
            disabled={!branches().length}
            onChange={(value) => set({ branch: value })}
          />
          <FilterSelect
            label={t('orders.contractor')}
            value={params.contractor}
            options={choices.data?.users.nodes?.map((u) => ({ value: u.id, label: u.displayName }))}
            onChange={(value) => set({ contractor: value })}
          />
          <DateRangeFilter from={params.from} to={params.to} onChange={set} />
          <label>
            {t('orders.search')}
            <input
              type="search"
              value={params.q ?? ''}
              onChange={(e) => set({ q: e.currentTarget.value || undefined })}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={params.archived === '1'}
              onChange={(e) => set({ archived: e.currentTarget.checked ? '1' : undefined })}
            />
            {t('orders.archivedOnly')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={params.breached === '1'}
              onChange={(e) => set({ breached: e.currentTarget.checked ? '1' : undefined })}
            />
            {t('orders.breached')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={params.atRisk === '1'}
              onChange={(e) => set({ atRisk: e.currentTarget.checked ? '1' : undefined })}
            />
            {t('orders.atRiskOnly')}
          </label>
          <button type="button" onClick={() => set(NO_FILTERS)}>
            {t('common.reset')}
          </button>
        </form>
      </details>
      <QueryView
        state={orders}
        retry={() => refetch({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.orders.nodes.length === 0}
      >
        {(data) => (
          <>
            <p class="hint">{t('common.total', { count: data().orders.totalCount })}</p>
            <OrdersTable orders={data().orders.nodes} />
            <div class="pager">
              <button type="button" disabled={!params.after} onClick={prevPage} aria-label={t('common.prevPage')}>
                ←
              </button>
              <button type="button" disabled={!data().orders.pageInfo.hasNextPage} onClick={nextPage}>
                {t('common.nextPage')} <span aria-hidden="true">→</span>
              </button>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import type { OrderRowFragment } from '../../generated/graphql';
import { formatDateTime, lang, t, tOf } from '../../i18n/i18n';

/** A status as a coloured label (text, not colour alone, carries the meaning). */
export function StatusBadge(props: { status: string }): JSX.Element {
  return <span class={`status status-${props.status.toLowerCase()}`}>{tOf('status', props.status)}</span>;
}

/** The category's name in the panel's language. */
export function categoryName(c: { nameRu: string; nameEn: string }): string {
  return lang() === 'en' ? c.nameEn : c.nameRu;
}

/** A table of orders; each number links to the order's page. */
export function OrdersTable(props: { orders: OrderRowFragment[] }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="orders-table">
        <thead>
          <tr>
            <th scope="col">{t('orders.number')}</th>
            <th scope="col">{t('orders.status')}</th>
            <th scope="col">{t('orders.category')}</th>
            <th scope="col">{t('orders.account')}</th>
            <th scope="col">{t('orders.branch')}</th>
            <th scope="col">{t('orders.contractor')}</th>
            <th scope="col">{t('orders.created')}</th>
            <th scope="col">{t('orders.takeBy')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.orders}>
            {(o) => (
              <tr classList={{ breached: o.isBreached }} data-order-number={o.number}>
                <td data-label={t('orders.number')}>
                  <A href={`/orders/${o.id}`} class="order-number">
                    {o.number}
                  </A>
                </td>
                <td data-label={t('orders.status')}>
                  <StatusBadge status={o.status} />
                  <Show when={o.isBreached}>
                    {' '}
                    <span class="status status-breached">{t('orders.breached')}</span>
                  </Show>
                  <Show when={o.archivedAt}>
                    {' '}
                    <span class="status">{t('orders.archived')}</span>
                  </Show>
                </td>
                <td data-label={t('orders.category')}>{categoryName(o.category)}</td>
                <td data-label={t('orders.account')}>{o.account.name}</td>
                <td data-label={t('orders.branch')}>{o.branch?.name ?? '—'}</td>
                <td data-label={t('orders.contractor')}>{o.contractor?.displayName ?? '—'}</td>
                <td data-label={t('orders.created')}>{formatDateTime(o.createdAt)}</td>
                <td data-label={t('orders.takeBy')}>{o.status === 'NEW' ? formatDateTime(o.reactionDueAt) : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

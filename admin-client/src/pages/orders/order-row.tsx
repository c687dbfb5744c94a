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

/**
 * The moment an open order must next meet (what `orderBy: DUE_SOONEST` sorts by): the take deadline while NEW,
 * the estimate's end while IN_PROGRESS; none once it is closed.
 */
export function dueOf(o: Pick<OrderRowFragment, 'status' | 'reactionDueAt' | 'workDueAt'>) {
  if (o.status === 'NEW') return { kind: 'take' as const, at: o.reactionDueAt };
  if (o.status === 'IN_PROGRESS') return { kind: 'work' as const, at: o.workDueAt ?? o.reactionDueAt };
  return undefined;
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
            <th scope="col">{t('orders.due')}</th>
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
                <td data-label={t('orders.due')}>
                  <Show when={dueOf(o)} fallback="—">
                    {(due) => (
                      <span title={t(due().kind === 'take' ? 'orders.takeBy' : 'orders.workDue')}>
                        {formatDateTime(due().at)}
                      </span>
                    )}
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

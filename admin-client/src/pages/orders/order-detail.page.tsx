import { A, useParams } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { createEffect, For, on, Show, type JSX } from 'solid-js';
import { OrderDetailDocument, OrderLiveDocument } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { QueryView } from '../../components/query-view';
import { OrderActions } from './order-actions';
import { categoryName, StatusBadge } from './order-row';
import { OrderConversation, OrderTimeline } from './order-timeline';
import { RatingStars } from './rating-stars';

/** One order: its facts, history timeline, conversation and staff actions, refreshed live on every change. */
export default function OrderDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [order, refetch] = createQuery({ query: OrderDetailDocument, variables: () => ({ id: params.id }) });
  const [live] = createSubscription({ query: OrderLiveDocument, variables: () => ({ orderId: params.id }) });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  createEffect(
    on(
      () => live.data?.orderUpdated.updatedAt,
      (at) => at && reload(),
    ),
  );

  return (
    <section>
      <A href="/orders">{t('orders.back')}</A>
      <QueryView state={order} retry={reload}>
        {(data) => {
          const o = () => data().order;
          return (
            <>
              <h1>
                {o().number} <StatusBadge status={o().status} />
                <Show when={o().isBreached}>
                  {' '}
                  <span class="status status-breached">{t('orders.breached')}</span>
                </Show>
              </h1>
              <div class="detail-grid">
                <dl class="facts">
                  <dt>{t('orders.account')}</dt>
                  <dd>{o().account.name}</dd>
                  <dt>{t('orders.branch')}</dt>
                  <dd>{o().branch?.name ?? '—'}</dd>
                  <dt>{t('orders.category')}</dt>
                  <dd>{categoryName(o().category)}</dd>
                  <dt>{t('orders.author')}</dt>
                  <dd>{o().author.displayName}</dd>
                  <dt>{t('orders.contractor')}</dt>
                  <dd data-testid="order-contractor">{o().contractor?.displayName ?? '—'}</dd>
                  <dt>{t('orders.estimate')}</dt>
                  <dd>{o().estimateHours ?? '—'}</dd>
                  <dt>{t('orders.created')}</dt>
                  <dd>{formatDateTime(o().createdAt)}</dd>
                  <dt>{t('orders.takeBy')}</dt>
                  <dd>{formatDateTime(o().reactionDueAt)}</dd>
                  <dt>{t('orders.description')}</dt>
                  <dd class="pre">{o().description}</dd>
                  <Show when={o().equipment}>
                    <dt>{t('orders.equipment')}</dt>
                    <dd>{o().equipment}</dd>
                  </Show>
                  <Show when={o().problem}>
                    <dt>{t('orders.problem')}</dt>
                    <dd>{o().problem}</dd>
                  </Show>
                  <Show when={o().items.length}>
                    <dt>{t('orders.items')}</dt>
                    <dd>
                      <ul>
                        <For each={o().items}>
                          {(i) => (
                            <li>
                              {i.model} × {i.quantity}
                            </li>
                          )}
                        </For>
                      </ul>
                    </dd>
                  </Show>
                  <Show when={o().cancelReason}>
                    <dt>{t('orders.reason')}</dt>
                    <dd>{o().cancelReason}</dd>
                  </Show>
                  <Show when={o().rating}>
                    <dt>{t('orders.rating')}</dt>
                    <dd>
                      <RatingStars rating={o().rating ?? 0} /> {o().ratingComment ?? ''}
                    </dd>
                  </Show>
                </dl>
                <OrderActions order={o()} onChanged={reload} />
              </div>
              <h2>{t('orders.history')}</h2>
              <OrderTimeline history={o().history} />
              <h2>{t('orders.conversation')}</h2>
              <OrderConversation messages={o().messages} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

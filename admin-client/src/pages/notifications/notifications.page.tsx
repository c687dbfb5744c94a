import { A } from '@solidjs/router';
import { createMutation, createQuery, createSubscription } from '@urql/solid';
import { createEffect, createSignal, For, on, Show, type JSX } from 'solid-js';
import {
  AdminNotificationsDocument,
  MarkNotificationsReadDocument,
  MyNotificationsDocument,
} from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { QueryView } from '../../components/query-view';
import { notificationText } from './notification-text';
import { notifyRead } from './unread-signal';

/** The signed-in user's notifications, newest first, live; reading marks them read. */
export default function NotificationsPage(): JSX.Element {
  const [unreadOnly, setUnreadOnly] = createSignal(false);
  const [list, refetch] = createQuery({
    query: MyNotificationsDocument,
    variables: () => ({ first: 100, unreadOnly: unreadOnly() }),
  });
  const [live] = createSubscription({ query: AdminNotificationsDocument });
  const [, markRead] = createMutation(MarkNotificationsReadDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  createEffect(
    on(
      () => live.data?.notifications.id,
      (id) => id && reload(),
    ),
  );

  const mark = async (ids: string[]) => {
    if (!ids.length) return;
    await markRead({ ids });
    notifyRead();
    reload();
  };

  return (
    <section>
      <h1>{t('notifications.title')}</h1>
      <div class="toolbar">
        <label class="check">
          <input type="checkbox" checked={unreadOnly()} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} />
          {t('notifications.unreadOnly')}
        </label>
        <button
          type="button"
          onClick={() => void mark(list.data?.myNotifications.nodes.filter((n) => !n.readAt).map((n) => n.id) ?? [])}
        >
          {t('notifications.markAllRead')}
        </button>
      </div>
      <QueryView state={list} retry={reload} isEmpty={(d) => d.myNotifications.nodes.length === 0}>
        {(data) => (
          <ul class="notifications">
            <For each={data().myNotifications.nodes}>
              {(n) => (
                <li classList={{ unread: !n.readAt }}>
                  <time datetime={n.createdAt}>{formatDateTime(n.createdAt)}</time>{' '}
                  <Show when={n.orderId} fallback={<span>{notificationText(n.kind, n.payload)}</span>}>
                    <A href={`/orders/${n.orderId}`}>{notificationText(n.kind, n.payload)}</A>
                  </Show>
                  <Show when={!n.readAt}>
                    {' '}
                    <button type="button" class="small" onClick={() => void mark([n.id])}>
                      {t('notifications.markRead')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </QueryView>
    </section>
  );
}

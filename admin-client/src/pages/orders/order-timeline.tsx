import { For, Show, type JSX } from 'solid-js';
import type { OrderDetailQuery } from '../../generated/graphql';
import { formatDateTime, t, tOf } from '../../i18n/i18n';
import { Empty } from '../../components/query-view';

type Detail = OrderDetailQuery['order'];

/** The order's append-only history, oldest first (R-ORD-2): who, when, from, to, why. */
export function OrderTimeline(props: { history: Detail['history'] }): JSX.Element {
  return (
    <ol class="timeline" aria-label={t('orders.history')}>
      <For each={props.history}>
        {(e) => (
          <li data-event-kind={e.kind}>
            <time datetime={e.createdAt}>{formatDateTime(e.createdAt)}</time> <strong>{tOf('event', e.kind)}</strong>
            <Show when={e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus}>
              {' '}
              ({tOf('status', e.fromStatus!)} → {tOf('status', e.toStatus!)})
            </Show>
            <Show when={e.actor}> · {e.actor!.displayName}</Show>
            <Show when={e.viaApiKey}> · {t('event.viaApiKey')}</Show>
            <Show when={e.contractor && e.kind !== 'MESSAGE'}> → {e.contractor!.displayName}</Show>
            <Show when={e.estimateHours}>
              {' '}
              · {e.estimateHours} {t('common.hoursShort')}
            </Show>
            <Show when={e.reason}>
              <div class="reason">{e.reason}</div>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

function fileSize(bytes: number | null | undefined): string {
  if (!bytes) return '';
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The conversation between the client and the contractor (R-ORD-9); files are named with kind and size. */
export function OrderConversation(props: { messages: Detail['messages'] }): JSX.Element {
  return (
    <Show when={props.messages.length} fallback={<Empty text={t('orders.noMessages')} />}>
      <ul class="conversation">
        <For each={props.messages}>
          {(m) => (
            <li classList={{ mine: m.sender.role === 'CONTRACTOR' }}>
              <div class="meta">
                {m.sender.displayName} · {tOf('role', m.sender.role)} · {formatDateTime(m.createdAt)}
              </div>
              <Show when={m.text}>
                <p>{m.text}</p>
              </Show>
              <Show when={m.kind !== 'TEXT'}>
                <p class="attachment">
                  {t('orders.attachment')} ({m.kind.toLowerCase()}): {m.fileName ?? m.mimeType ?? '—'}{' '}
                  {fileSize(m.fileSize)}
                </p>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import {
  ArchiveOrderDocument,
  AssignableContractorsDocument,
  AssignOrderDocument,
  CancelOrderDocument,
  RestoreOrderDocument,
  UnassignOrderDocument,
  type OrderDetailQuery,
} from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';
import type { CombinedError } from '@urql/core';

type Detail = OrderDetailQuery['order'];

/** Why an action was refused, from the answer's __typename (no string matching on error text). */
function refusal(answer: Record<string, unknown> | undefined): string | undefined {
  const kind = answer?.__typename;
  if (!answer || kind === undefined) return undefined;
  switch (kind) {
    case 'Order':
      return undefined;
    case 'ContractorAtCapacity':
      return t('orders.result.ContractorAtCapacity', {
        active: Number(answer.active),
        allowed: Number(answer.allowed),
      });
    case 'ContractorInactive':
    case 'CategoryNotServed':
    case 'OrderAlreadyTaken':
    case 'OrderNotInProgress':
    case 'OrderNotArchivable':
      return tOf('orders.result', String(kind));
    case 'OrderNotCancellable':
      return String(answer.message);
    default:
      return String(kind);
  }
}

/** What every action mutation answers: one field holding a result union. */
interface ActionResult {
  error?: CombinedError;
  data?: Record<string, unknown> | null;
}

/** Staff actions on one order: assign (R-ORD-8), unassign (R-ORD-7), cancel with reason (R-ORD-6), archive/restore. */
export function OrderActions(props: { order: Detail; onChanged: () => void }): JSX.Element {
  const [contractors] = createQuery({ query: AssignableContractorsDocument });
  const [, assign] = createMutation(AssignOrderDocument);
  const [, unassign] = createMutation(UnassignOrderDocument);
  const [, cancel] = createMutation(CancelOrderDocument);
  const [, archive] = createMutation(ArchiveOrderDocument);
  const [, restore] = createMutation(RestoreOrderDocument);
  const [contractorId, setContractorId] = createSignal('');
  const [estimate, setEstimate] = createSignal('4');
  const [reason, setReason] = createSignal('');
  const [message, setMessage] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const run = async (field: string, action: () => Promise<ActionResult>) => {
    setBusy(true);
    setMessage(undefined);
    const result = await action();
    setBusy(false);
    const text = result.error
      ? errorMessage(result.error)
      : refusal(result.data?.[field] as Record<string, unknown> | undefined);
    setMessage(text);
    if (!text) {
      setReason('');
      props.onChanged();
    }
  };

  // The browser then refuses a longer estimate itself, in the user's language (the server's refusal is English).
  const maxEstimate = () => contractors.data?.settings.find((s) => s.key === 'MAX_ESTIMATE_HOURS')?.value;
  const open = () => props.order.status === 'NEW' || props.order.status === 'IN_PROGRESS';

  return (
    <section class="actions" aria-label={t('orders.actions')}>
      <h2>{t('orders.actions')}</h2>
      <Notice kind="error" message={message()} />
      <Show when={props.order.status === 'NEW'}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('assignOrder', () =>
              assign({ orderId: props.order.id, contractorId: contractorId(), estimateHours: Number(estimate()) }),
            );
          }}
        >
          <label>
            {t('orders.assignTo')}
            <select required value={contractorId()} onChange={(e) => setContractorId(e.currentTarget.value)}>
              <option value="" />
              <For each={contractors.data?.users.nodes}>{(c) => <option value={c.id}>{c.displayName}</option>}</For>
            </select>
          </label>
          <label>
            {t('orders.estimate')}
            <input
              type="number"
              min="1"
              max={maxEstimate()}
              required
              value={estimate()}
              onInput={(e) => setEstimate(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={busy()}>
            {t('orders.assign')}
          </button>
        </form>
      </Show>
      <Show when={open()}>
        <label>
          {t('orders.reason')}
          <input value={reason()} onInput={(e) => setReason(e.currentTarget.value)} maxLength={1000} />
        </label>
        <div class="buttons">
          <Show when={props.order.status === 'IN_PROGRESS'}>
            <button
              type="button"
              disabled={busy() || !reason().trim()}
              onClick={() =>
                void run('unassignOrder', () => unassign({ orderId: props.order.id, reason: reason().trim() }))
              }
            >
              {t('orders.unassign')}
            </button>
          </Show>
          <button
            type="button"
            class="danger"
            disabled={busy() || !reason().trim()}
            onClick={() => void run('cancelOrder', () => cancel({ orderId: props.order.id, reason: reason().trim() }))}
          >
            {t('orders.cancelOrder')}
          </button>
        </div>
      </Show>
      <Show when={!open()}>
        <div class="buttons">
          <Show
            when={props.order.archivedAt}
            fallback={
              <button
                type="button"
                disabled={busy()}
                onClick={() => void run('archiveOrder', () => archive({ orderId: props.order.id }))}
              >
                {t('orders.archive')}
              </button>
            }
          >
            <button
              type="button"
              disabled={busy()}
              onClick={() => void run('restoreOrder', () => restore({ orderId: props.order.id }))}
            >
              {t('orders.restore')}
            </button>
          </Show>
        </div>
      </Show>
    </section>
  );
}

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { InvoicesDocument, MarkInvoicePaidDocument, PayoutsDocument } from '../../generated/graphql';
import { formatDate, formatLastDay, formatMoney, t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';

/** Invoices (owners mark them paid, R-BIL-3) and contractor payouts of closed periods (R-BIL-2). */
export default function BillingPage(): JSX.Element {
  const [onlyUnpaid, setOnlyUnpaid] = createSignal(false);
  const [invoices, refetchInvoices] = createQuery({
    query: InvoicesDocument,
    variables: () => ({ filter: onlyUnpaid() ? { status: 'UNPAID' as const } : null }),
  });
  const [payouts, refetchPayouts] = createQuery({ query: PayoutsDocument });
  const [, markPaid] = createMutation(MarkInvoicePaidDocument);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const today = new Date().toISOString().slice(0, 10);

  const pay = async (id: string, form: HTMLFormElement) => {
    const paidOn = (form.elements.namedItem('paidOn') as HTMLInputElement).value;
    const note = (form.elements.namedItem('note') as HTMLInputElement).value.trim();
    const result = await markPaid({ id, paidOn, note: note || null });
    const answer = result.data?.markInvoicePaid;
    if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
    else if (answer?.__typename === 'InvoiceAlreadyPaid')
      setMessage({ kind: 'error', text: t('billing.alreadyPaid', { date: answer.invoice.paidOn ?? '' }) });
    else setMessage({ kind: 'ok', text: t('common.saved') });
    refetchInvoices({ requestPolicy: 'network-only' });
  };

  return (
    <section>
      <h1>{t('billing.title')}</h1>
      <h2>{t('billing.invoices')}</h2>
      <label class="check">
        <input type="checkbox" checked={onlyUnpaid()} onChange={(e) => setOnlyUnpaid(e.currentTarget.checked)} />
        {t('billing.onlyUnpaid')}
      </label>
      <Notice kind={message()?.kind} message={message()?.text} />
      <QueryView
        state={invoices}
        retry={() => refetchInvoices({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.invoices.nodes.length === 0}
      >
        {(data) => (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('orders.account')}</th>
                  <th scope="col">{t('billing.period')}</th>
                  <th scope="col">{t('billing.amount')}</th>
                  <th scope="col">{t('billing.status')}</th>
                  <th scope="col">{t('billing.markPaid')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={data().invoices.nodes}>
                  {(inv) => (
                    <tr classList={{ breached: inv.overdue }}>
                      <td data-label={t('orders.account')}>{inv.account.name}</td>
                      <td data-label={t('billing.period')}>
                        {formatDate(inv.periodStart)} – {formatLastDay(inv.periodEnd)}
                      </td>
                      <td data-label={t('billing.amount')}>{formatMoney(inv.amount)}</td>
                      <td data-label={t('billing.status')}>
                        {t(inv.status === 'PAID' ? 'billing.PAID' : 'billing.UNPAID')}
                        <Show when={inv.overdue}> · {t('billing.overdue')}</Show>
                        <Show when={inv.paidOn}> · {inv.paidOn}</Show>
                      </td>
                      <td data-label={t('billing.markPaid')}>
                        <Show when={inv.status === 'UNPAID'} fallback={inv.paymentNote ?? ''}>
                          <form
                            class="inline-form"
                            onSubmit={(e) => {
                              e.preventDefault();
                              void pay(inv.id, e.currentTarget);
                            }}
                          >
                            <input name="paidOn" type="date" required value={today} aria-label={t('billing.paidOn')} />
                            <input name="note" aria-label={t('billing.note')} placeholder={t('billing.note')} />
                            <button type="submit">{t('billing.markPaid')}</button>
                          </form>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <h2>{t('billing.payouts')}</h2>
      <QueryView
        state={payouts}
        retry={() => refetchPayouts({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.payouts.nodes.length === 0}
      >
        {(data) => (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('orders.contractor')}</th>
                  <th scope="col">{t('billing.period')}</th>
                  <th scope="col">{t('billing.orders')}</th>
                  <th scope="col">{t('billing.amount')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={data().payouts.nodes}>
                  {(p) => (
                    <tr>
                      <td data-label={t('orders.contractor')}>{p.contractor.displayName}</td>
                      <td data-label={t('billing.period')}>
                        {formatDate(p.periodStart)} – {formatLastDay(p.periodEnd)}
                      </td>
                      <td data-label={t('billing.orders')}>{p.ordersCount}</td>
                      <td data-label={t('billing.amount')}>{formatMoney(p.amount)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}

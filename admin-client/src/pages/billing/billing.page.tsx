import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { InvoicesDocument, MarkInvoicePaidDocument, PayoutsDocument } from '../../generated/graphql';
import { formatCalendarDay, formatMoney, formatPeriod, t } from '../../i18n/i18n';
import { todayIn } from '../../i18n/zoned-day';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { DataTable } from '../../components/data-table';
import { isOwner } from '../../session/session';

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

  const pay = async (id: string, form: HTMLFormElement) => {
    const paidOn = (form.elements.namedItem('paidOn') as HTMLInputElement).value;
    const note = (form.elements.namedItem('note') as HTMLInputElement).value.trim();
    const result = await markPaid({ id, paidOn, note: note || null });
    const answer = result.data?.markInvoicePaid;
    if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
    else if (answer?.__typename === 'InvoiceAlreadyPaid')
      setMessage({ kind: 'error', text: t('billing.alreadyPaid', { date: formatCalendarDay(answer.invoice.paidOn) }) });
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
          <DataTable
            rows={data().invoices.nodes}
            rowAttributes={(inv) => ({ classList: { breached: inv.overdue } })}
            columns={[
              { label: t('orders.account'), cell: (inv) => inv.account.name },
              {
                label: t('billing.period'),
                cell: (inv) => formatPeriod(inv.periodStart, inv.periodEnd, inv.periodTimeZone),
              },
              { label: t('billing.amount'), cell: (inv) => formatMoney(inv.amount) },
              {
                label: t('billing.status'),
                cell: (inv) => (
                  <>
                    {t(inv.status === 'PAID' ? 'billing.PAID' : 'billing.UNPAID')}
                    <Show when={inv.overdue}> · {t('billing.overdue')}</Show>
                    <Show when={inv.paidOn}> · {formatCalendarDay(inv.paidOn)}</Show>
                  </>
                ),
              },
              {
                // Owners mark an invoice paid here; managers see the payment note only.
                label: isOwner() ? t('billing.markPaid') : t('billing.note'),
                cell: (inv) => (
                  <Show when={inv.status === 'UNPAID' && isOwner()} fallback={inv.paymentNote ?? ''}>
                    <form
                      class="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void pay(inv.id, e.currentTarget);
                      }}
                    >
                      <input
                        name="paidOn"
                        type="date"
                        required
                        value={todayIn(data().billingTimeZone)}
                        aria-label={t('billing.paidOn')}
                      />
                      <input name="note" aria-label={t('billing.note')} placeholder={t('billing.note')} />
                      <button type="submit">{t('billing.markPaid')}</button>
                    </form>
                  </Show>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <h2>{t('billing.payouts')}</h2>
      <QueryView
        state={payouts}
        retry={() => refetchPayouts({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.payouts.nodes.length === 0}
      >
        {(data) => (
          <DataTable
            rows={data().payouts.nodes}
            columns={[
              { label: t('orders.contractor'), cell: (p) => p.contractor.displayName },
              {
                label: t('billing.period'),
                cell: (p) => formatPeriod(p.periodStart, p.periodEnd, p.periodTimeZone),
              },
              { label: t('billing.orders'), cell: (p) => p.ordersCount },
              { label: t('billing.amount'), cell: (p) => formatMoney(p.amount) },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import {
  SetTariffPriceDocument,
  TariffsDocument,
  UpdateTariffDocument,
  type TariffsQuery,
} from '../../generated/graphql';
import { displayTimeZone, formatDate, formatMoney, t } from '../../i18n/i18n';
import { dayStartIn, todayIn } from '../../i18n/zoned-day';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { TariffForm } from './tariff-form';
import { DataTable } from '../../components/data-table';
import { isOwner } from '../../session/session';

type Tariff = TariffsQuery['tariffs'][number];

/**
 * Sets a new price from a date on (history kept, R-TAR-1), and switches the tariff on or off. The date is a day in
 * TIMEZONE: the price takes effect at its 00:00 there, where billing periods start (R-BIL-1) — so a price set
 * from a period's first day is the one its invoice uses, whatever zone the owner's browser is in.
 */
function TariffCard(props: { tariff: Tariff; onChanged: () => void }): JSX.Element {
  const [, setPrice] = createMutation(SetTariffPriceDocument);
  const [, update] = createMutation(UpdateTariffDocument);
  const [price, setPriceInput] = createSignal('');
  const [from, setFrom] = createSignal(todayIn(displayTimeZone()));
  const [message, setMessage] = createSignal<string>();
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await setPrice({
      tariffId: props.tariff.id,
      price: price().trim(),
      effectiveFrom: dayStartIn(from(), displayTimeZone())!,
    });
    const answer = result.data?.setTariffPrice;
    if (result.error) return setMessage(errorMessage(result.error));
    if (answer?.__typename === 'PriceAlreadySetForMoment')
      return setMessage(t('tariffs.priceAlreadySet', { price: answer.existingPrice }));
    if (answer?.__typename === 'PriceMomentInvoiced')
      return setMessage(
        t('tariffs.priceMomentInvoiced', {
          date: formatDate(answer.invoicedPeriodStart, answer.invoicedPeriodTimeZone),
        }),
      );
    setMessage(undefined);
    setPriceInput('');
    props.onChanged();
  };
  const toggle = async () => {
    const result = await update({ id: props.tariff.id, input: { active: !props.tariff.active } });
    setMessage(result.error ? errorMessage(result.error) : undefined);
    props.onChanged();
  };
  return (
    <details class="card tariff" data-tariff-name={props.tariff.name}>
      <summary>
        <strong>{props.tariff.name}</strong> · {formatMoney(props.tariff.currentPrice, { currency: true })} ·{' '}
        {t('tariffs.ordersPerPeriod')}: {props.tariff.ordersPerPeriod ?? t('common.unlimited')} ·{' '}
        {t('tariffs.reactionMinutes', { minutes: props.tariff.reactionTimeMinutes })}
        <Show when={!props.tariff.active}> · {t('common.inactive')}</Show>
      </summary>
      <Notice kind="error" message={message()} />
      <p>
        {t('tariffs.canPin')}: {props.tariff.canPinContractors ? t('common.yes') : t('common.no')} ·{' '}
        {t('tariffs.canSeeContacts')}: {props.tariff.canSeeContractorContacts ? t('common.yes') : t('common.no')}
      </p>
      <h3>{t('tariffs.priceHistory')}</h3>
      <DataTable
        rows={props.tariff.priceHistory}
        columns={[
          { label: t('tariffs.effectiveFrom'), cell: (p) => formatDate(p.effectiveFrom) },
          { label: t('tariffs.price'), cell: (p) => formatMoney(p.price) },
          { label: t('apiKeys.createdBy'), cell: (p) => p.createdBy?.displayName ?? '—' },
        ]}
      />
      <Show when={isOwner()}>
        <form class="inline-form" onSubmit={submit}>
          <label>
            {t('tariffs.newPrice')}
            <input
              required
              inputmode="decimal"
              pattern="\d+(\.\d{1,2})?"
              value={price()}
              onInput={(e) => setPriceInput(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('tariffs.effectiveFrom')}
            <input type="date" required value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <button type="submit">{t('tariffs.setPrice')}</button>
          <button type="button" onClick={toggle}>
            {props.tariff.active ? t('tariffs.deactivate') : t('tariffs.activate')}
          </button>
        </form>
      </Show>
    </details>
  );
}

/** Tariffs with price history; owners create and change them, managers see them (R-USR-2). */
export default function TariffsPage(): JSX.Element {
  const [tariffs, refetch] = createQuery({ query: TariffsDocument });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section>
      <h1>{t('tariffs.title')}</h1>
      <div class="two-columns">
        <div>
          <QueryView state={tariffs} retry={reload} isEmpty={(d) => d.tariffs.length === 0}>
            {(data) => (
              <div class="tariff-list">
                <For each={data().tariffs}>{(tariff) => <TariffCard tariff={tariff} onChanged={reload} />}</For>
              </div>
            )}
          </QueryView>
        </div>
        <Show when={isOwner()}>
          <TariffForm onCreated={reload} />
        </Show>
      </div>
    </section>
  );
}

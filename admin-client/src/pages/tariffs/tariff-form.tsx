import { createMutation } from '@urql/solid';
import { createSignal, type JSX } from 'solid-js';
import { CreateTariffDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';

/** Creates a tariff (R-TAR-1); the server validates ranges and answers TariffNameTaken for a duplicate. */
export function TariffForm(props: { onCreated: () => void }): JSX.Element {
  const [, create] = createMutation(CreateTariffDocument);
  const [name, setName] = createSignal('');
  const [orders, setOrders] = createSignal('');
  const [reaction, setReaction] = createSignal('60');
  const [price, setPrice] = createSignal('0');
  const [canPin, setCanPin] = createSignal(false);
  const [canSee, setCanSee] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await create({
      input: {
        name: name().trim(),
        ordersPerPeriod: orders().trim() ? Number(orders()) : null,
        reactionTimeMinutes: Number(reaction()),
        price: price().trim(),
        canPinContractors: canPin(),
        canSeeContractorContacts: canSee(),
      },
    });
    const answer = result.data?.createTariff;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    if (answer?.__typename === 'TariffNameTaken')
      return setMessage({ kind: 'error', text: t('tariffs.nameTaken', { name: answer.name }) });
    setMessage({ kind: 'ok', text: t('common.saved') });
    setName('');
    props.onCreated();
  };

  return (
    <form class="form card" onSubmit={submit} aria-label={t('tariffs.new')}>
      <h2>{t('tariffs.new')}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('common.name')}
        <input name="name" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('tariffs.ordersPerPeriod')}
        <input
          name="ordersPerPeriod"
          type="number"
          min="1"
          value={orders()}
          aria-describedby="orders-per-period-help"
          onInput={(e) => setOrders(e.currentTarget.value)}
        />
        <small id="orders-per-period-help">{t('tariffs.ordersPerPeriodHelp')}</small>
      </label>
      <label>
        {t('tariffs.reaction')}
        <input
          name="reactionTimeMinutes"
          type="number"
          min="1"
          required
          value={reaction()}
          onInput={(e) => setReaction(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('tariffs.price')}
        <input
          name="price"
          inputmode="decimal"
          required
          pattern="\d+(\.\d{1,2})?"
          value={price()}
          onInput={(e) => setPrice(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input type="checkbox" checked={canPin()} onChange={(e) => setCanPin(e.currentTarget.checked)} />
        {t('tariffs.canPin')}
      </label>
      <label class="check">
        <input type="checkbox" checked={canSee()} onChange={(e) => setCanSee(e.currentTarget.checked)} />
        {t('tariffs.canSeeContacts')}
      </label>
      <button type="submit">{t('common.create')}</button>
    </form>
  );
}

import { createMutation } from '@urql/solid';
import { createSignal, For, type JSX } from 'solid-js';
import { UpdateAccountDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { changedFields, isUnchanged } from '../../components/changed-fields';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';

/** The IANA zones this browser knows, offered while typing; the server is the judge of what it accepts. */
const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

interface AccountDetails {
  id: string;
  name: string;
  contactEmail?: string | null;
  timeZone?: string | null;
}

/** Edits an account's name, contact e-mail and time zone (R-SLA-6); refusals are the server's own. */
export function AccountEditForm(props: { account: AccountDetails; onSaved: () => void }): JSX.Element {
  const [, update] = createMutation(UpdateAccountDocument);
  // What the server holds: the account when the form opened, then each saved answer (what changes compare to).
  const [original, setOriginal] = createSignal<AccountDetails>({ ...props.account });
  const [name, setName] = createSignal(original().name);
  const [contactEmail, setContactEmail] = createSignal(original().contactEmail ?? '');
  const [timeZone, setTimeZone] = createSignal(original().timeZone ?? '');
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const zonesId = `zones-${original().id}`;
  const title = () => t('accounts.details', { name: original().name });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = changedFields(original(), { name: name(), contactEmail: contactEmail(), timeZone: timeZone() });
    if (isUnchanged(input)) return setMessage({ kind: 'ok', text: t('common.noChanges') });
    const result = await update({ id: original().id, input });
    const answer = result.data?.updateAccount;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    switch (answer?.__typename) {
      case 'AccountNameTaken':
        return setMessage({ kind: 'error', text: t('accounts.nameTaken', { name: answer.name }) });
      case 'ClientAccount':
        setOriginal(answer);
        setMessage({ kind: 'ok', text: t('common.saved') });
        props.onSaved();
    }
  };

  return (
    <form class="form card" onSubmit={submit} aria-label={title()}>
      <h2>{title()}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('common.name')}
        <input name="name" required maxLength={200} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('accounts.email')}
        <input
          name="contactEmail"
          type="email"
          value={contactEmail()}
          onInput={(e) => setContactEmail(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('accounts.timeZone')}
        <input
          name="timeZone"
          list={zonesId}
          autocomplete="off"
          value={timeZone()}
          aria-describedby={`${zonesId}-help`}
          onInput={(e) => setTimeZone(e.currentTarget.value)}
        />
        <small id={`${zonesId}-help`}>{t('accounts.timeZoneHelp')}</small>
      </label>
      <datalist id={zonesId}>
        <For each={ZONES}>{(zone) => <option value={zone} />}</For>
      </datalist>
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

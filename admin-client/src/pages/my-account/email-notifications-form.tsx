import { createMutation } from '@urql/solid';
import { createSignal, type JSX } from 'solid-js';
import { SetMyEmailNotificationsDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';

/** Turns one's own e-mail notifications on or off, with the address they go to (§6). */
export function EmailNotificationsForm(props: { email?: string | null; enabled: boolean }): JSX.Element {
  const [, save] = createMutation(SetMyEmailNotificationsDocument);
  const [email, setEmail] = createSignal(props.email ?? '');
  const [enabled, setEnabled] = createSignal(props.enabled);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await save({ enabled: enabled(), email: email().trim() });
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    const saved = result.data?.setMyEmailNotifications;
    setEmail(saved?.email ?? '');
    setEnabled(saved?.emailNotifications ?? false);
    setMessage({ kind: 'ok', text: t('common.saved') });
  };

  return (
    <form class="form card" onSubmit={submit} aria-labelledby="email-title">
      <h2 id="email-title">{t('myAccount.email')}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('myAccount.emailAddress')}
        <input
          type="email"
          name="email"
          autocomplete="email"
          maxLength={254}
          required={enabled()}
          value={email()}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input type="checkbox" checked={enabled()} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        {t('myAccount.emailEnabled')}
      </label>
      <small>{t('myAccount.emailHelp')}</small>
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

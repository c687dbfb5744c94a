import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { SetMyPasswordDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';

/**
 * Sets or changes one's own sign-in password. Once one is set the server wants the current one too, and ends every
 * other session of the user (this one stays).
 */
export function PasswordForm(props: { hasPassword: boolean; onSaved: () => void }): JSX.Element {
  const [, setPassword] = createMutation(SetMyPasswordDocument);
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (next() !== repeat()) return setMessage({ kind: 'error', text: t('myAccount.passwordMismatch') });
    const result = await setPassword({
      currentPassword: props.hasPassword ? current() : null,
      newPassword: next(),
    });
    const answer = result.data?.setMyPassword;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    switch (answer?.__typename) {
      case 'InvalidCredentials':
        return setMessage({ kind: 'error', text: t('myAccount.wrongPassword') });
      case 'User':
        setCurrent('');
        setNext('');
        setRepeat('');
        setMessage({ kind: 'ok', text: t('myAccount.passwordSaved') });
        props.onSaved();
    }
  };

  return (
    <form class="form card" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">{t('myAccount.password')}</h2>
      <p>{props.hasPassword ? t('myAccount.hasPassword') : t('myAccount.noPassword')}</p>
      <Notice kind={message()?.kind} message={message()?.text} />
      <Show when={props.hasPassword}>
        <label>
          {t('myAccount.currentPassword')}
          <input
            type="password"
            name="current-password"
            autocomplete="current-password"
            required
            maxLength={200}
            value={current()}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
      </Show>
      <label>
        {t('myAccount.newPassword')}
        <input
          type="password"
          name="new-password"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={200}
          value={next()}
          aria-describedby="new-password-help"
          onInput={(e) => setNext(e.currentTarget.value)}
        />
        <small id="new-password-help">{t('myAccount.passwordHelp')}</small>
      </label>
      <label>
        {t('myAccount.repeatPassword')}
        <input
          type="password"
          name="repeat-password"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={200}
          value={repeat()}
          onInput={(e) => setRepeat(e.currentTarget.value)}
        />
      </label>
      <button type="submit">{props.hasPassword ? t('myAccount.changePassword') : t('myAccount.setPassword')}</button>
    </form>
  );
}

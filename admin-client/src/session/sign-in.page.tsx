import { useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { SignInDocument, SignInWithLinkDocument } from '../generated/graphql';
import { t, tOf } from '../i18n/i18n';
import { Notice } from '../components/notice';
import { errorMessage } from '../components/query-view';
import { refreshEntry, safeNext } from './session';

/** Sign-in by a one-time link from the bot (`/login?token=…`) or by username and password. */
export function SignInPage(): JSX.Element {
  const [params] = useSearchParams<{ token?: string; next?: string; expired?: string; reason?: string }>();
  const navigate = useNavigate();
  const [, signIn] = createMutation(SignInDocument);
  const [, signInWithLink] = createMutation(SignInWithLinkDocument);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');

  const enter = async () => {
    const entry = await refreshEntry();
    if (entry.screen === 'panel') navigate(safeNext(params.next), { replace: true });
    else setError(t('signIn.notStaff'));
  };

  onMount(async () => {
    if (params.reason === 'notStaff') setError(t('signIn.notStaff'));
    const token = params.token;
    if (!token) return;
    setBusy(true);
    const result = await signInWithLink({ token });
    setBusy(false);
    const answer = result.data?.signInWithLink;
    if (result.error) setError(errorMessage(result.error));
    else if (answer?.__typename === 'LoginLinkInvalid') setError(tOf('signIn.link', answer.reason));
    else if (answer?.__typename === 'Session') await enter();
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    const result = await signIn({ username: username().replace(/^@/, ''), password: password() });
    setBusy(false);
    const answer = result.data?.signIn;
    if (result.error) return setError(errorMessage(result.error));
    switch (answer?.__typename) {
      case 'Session':
        return enter();
      case 'InvalidCredentials':
        return setError(t('signIn.invalidCredentials'));
      case 'TooManyAttempts':
        return setError(t('signIn.tooManyAttempts', { seconds: answer.retryAfterSeconds }));
    }
  };

  return (
    <main class="sign-in">
      <h1>{t('signIn.title')}</h1>
      <Show when={params.expired && !error()}>
        <Notice kind="error" message={t('signIn.expired')} />
      </Show>
      <Show when={params.token && busy()}>
        <p role="status">{t('signIn.linkChecking')}</p>
      </Show>
      <Notice kind="error" message={error()} />
      <form onSubmit={submit} class="form">
        <label>
          {t('signIn.username')}
          <input
            name="username"
            autocomplete="username"
            required
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy()}>
          {t('signIn.submit')}
        </button>
      </form>
      <p class="hint">{t('signIn.linkHint')}</p>
    </main>
  );
}

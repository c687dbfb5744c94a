import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { AccountChoicesDocument, AddUserDocument, type Role } from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';

const ROLES: Role[] = ['CLIENT', 'CONTRACTOR', 'MANAGER', 'OWNER'];

/** Pre-registers a user by @username (R-USR-1); clients belong to an account. */
export function UserForm(props: { onAdded: () => void }): JSX.Element {
  const [accounts] = createQuery({ query: AccountChoicesDocument });
  const [, addUser] = createMutation(AddUserDocument);
  const [username, setUsername] = createSignal('');
  const [role, setRole] = createSignal<Role>('CLIENT');
  const [accountId, setAccountId] = createSignal('');
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await addUser({
      input: {
        username: username().trim().replace(/^@/, ''),
        role: role(),
        accountId: role() === 'CLIENT' ? accountId() || null : null,
      },
    });
    const answer = result.data?.addUser;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    switch (answer?.__typename) {
      case 'UsernameTaken':
        return setMessage({ kind: 'error', text: t('users.usernameTaken', { username: answer.takenUsername }) });
      case 'TelegramIdTaken':
        return setMessage({ kind: 'error', text: t('users.telegramIdTaken', { id: answer.takenTelegramId }) });
      case 'User':
        setMessage({ kind: 'ok', text: t('common.saved') });
        setUsername('');
        props.onAdded();
    }
  };

  return (
    <form class="form card" onSubmit={submit} aria-label={t('users.add')}>
      <h2>{t('users.add')}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('users.username')}
        <input
          name="username"
          required
          pattern="@?[A-Za-z0-9_]{5,32}"
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('users.role')}
        <select value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <For each={ROLES}>{(r) => <option value={r}>{tOf('role', r)}</option>}</For>
        </select>
      </label>
      <Show when={role() === 'CLIENT'}>
        <label>
          {t('users.account')}
          <select required value={accountId()} onChange={(e) => setAccountId(e.currentTarget.value)}>
            <option value="" />
            <For each={accounts.data?.accounts.nodes}>{(a) => <option value={a.id}>{a.name}</option>}</For>
          </select>
        </label>
      </Show>
      <button type="submit">{t('common.add')}</button>
    </form>
  );
}

import { createMutation } from '@urql/solid';
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { UpdateUserDetailsDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { isUnchanged } from '../../components/changed-fields';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';
import { userChanges, userEditOf, type UserDetails } from './user-changes';

/** Edits a user's names, e-mail and e-mail notifications (§6), and a contractor's own capacity (R-ORD-3). */
export function UserEditForm(props: {
  user: UserDetails & { id: string; displayName: string; role: string };
  onDone: (saved: boolean) => void;
}): JSX.Element {
  const [, update] = createMutation(UpdateUserDetailsDocument);
  const original = userEditOf(props.user);
  const [firstName, setFirstName] = createSignal(original.firstName);
  const [lastName, setLastName] = createSignal(original.lastName);
  const [email, setEmail] = createSignal(original.email);
  const [notify, setNotify] = createSignal(original.emailNotifications);
  const [capacity, setCapacity] = createSignal(original.maxActiveOrders);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const title = t('users.editTitle', { name: props.user.displayName });
  let first: HTMLInputElement | undefined;
  // Opened from a row's button: keyboard users land in the form, Escape takes them out.
  onMount(() => first?.focus());

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = userChanges(original, {
      firstName: firstName(),
      lastName: lastName(),
      email: email(),
      emailNotifications: notify(),
      maxActiveOrders: capacity(),
    });
    if (isUnchanged(input)) return setMessage({ kind: 'ok', text: t('common.noChanges') });
    const result = await update({ id: props.user.id, input });
    const answer = result.data?.updateUser;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    switch (answer?.__typename) {
      case 'OwnerRequired':
        return setMessage({ kind: 'error', text: answer.message });
      case 'UsernameTaken':
        return setMessage({ kind: 'error', text: t('users.usernameTaken', { username: answer.takenUsername }) });
      case 'User':
        props.onDone(true);
    }
  };

  return (
    <form
      class="form card"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone(false)}
      aria-label={title}
    >
      <h2>{title}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('users.firstName')}
        <input
          ref={(el) => (first = el)}
          maxLength={64}
          value={firstName()}
          onInput={(e) => setFirstName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('users.lastName')}
        <input maxLength={64} value={lastName()} onInput={(e) => setLastName(e.currentTarget.value)} />
      </label>
      <label>
        {t('users.email')}
        <input type="email" required={notify()} value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={notify()} onChange={(e) => setNotify(e.currentTarget.checked)} />
        {t('users.emailNotifications')}
      </label>
      <Show when={props.user.role === 'CONTRACTOR'}>
        <label>
          {t('contractors.capacity')}
          <input
            type="number"
            min="1"
            max="1000"
            value={capacity()}
            aria-describedby="user-capacity-help"
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
          <small id="user-capacity-help">{t('users.capacityHelp')}</small>
        </label>
      </Show>
      <div class="buttons">
        <button type="submit">{t('common.save')}</button>
        <button type="button" onClick={() => props.onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

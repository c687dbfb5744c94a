import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import {
  DeactivateUserDocument,
  ReactivateUserDocument,
  UpdateUserRoleDocument,
  UsersDocument,
  type Role,
} from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { isOwner, signedInUserId } from '../../session/session';
import { UserEditForm } from './user-edit-form';
import { UserForm } from './user-form';
import { DataTable } from '../../components/data-table';
import { EditButton } from '../../components/edit-button';

const ROLES: Role[] = ['CLIENT', 'CONTRACTOR', 'MANAGER', 'OWNER'];

/** Users of every role: roles, deactivation and reactivation (never deletion, R-USR-3). */
export default function UsersPage(): JSX.Element {
  const [search, setSearch] = createSignal('');
  const [roleFilter, setRoleFilter] = createSignal<Role | ''>('');
  const [users, refetch] = createQuery({
    query: UsersDocument,
    variables: () => ({
      first: 100,
      filter: { search: search().trim() || null, roles: roleFilter() ? [roleFilter() as Role] : null },
    }),
  });
  const [, setRole] = createMutation(UpdateUserRoleDocument);
  const [, deactivate] = createMutation(DeactivateUserDocument);
  const [, reactivate] = createMutation(ReactivateUserDocument);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const [editing, setEditing] = createSignal<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // Only owners change users (R-USR-2: the server refuses a manager); managers see the list as it is.

  const changeRole = async (id: string, role: Role) => {
    const result = await setRole({ id, role });
    const answer = result.data?.updateUser;
    if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
    else if (answer?.__typename === 'OwnerRequired') setMessage({ kind: 'error', text: t('users.lastOwner') });
    else setMessage({ kind: 'ok', text: t('common.saved') });
    reload();
  };
  const toggle = async (id: string, active: boolean) => {
    if (active) {
      const result = await deactivate({ id });
      const answer = result.data?.deactivateUser;
      if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
      else if (answer?.__typename === 'UserDeactivated')
        setMessage({ kind: 'ok', text: t('users.released', { count: answer.releasedOrders }) });
      else if (answer?.__typename === 'OwnerRequired') setMessage({ kind: 'error', text: t('users.lastOwner') });
      // Not offered on one's own row; another panel tab or an old page may still ask.
      else if (answer?.__typename === 'CannotDeactivateSelf')
        setMessage({ kind: 'error', text: t('users.cannotDeactivateSelf') });
      else if (answer) setMessage({ kind: 'error', text: t('users.alreadyDeactivated') });
    } else {
      const result = await reactivate({ id });
      const answer = result.data?.reactivateUser;
      if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
      else if (answer?.__typename === 'UserStateUnchanged')
        setMessage({ kind: 'error', text: t('users.alreadyActive') });
      else setMessage({ kind: 'ok', text: t('common.saved') });
    }
    reload();
  };

  return (
    <section>
      <h1>{t('users.title')}</h1>
      <div class="two-columns">
        <div>
          <form class="filters" onSubmit={(e) => e.preventDefault()}>
            <label>
              {t('users.searchLabel')}
              <input type="search" value={search()} onChange={(e) => setSearch(e.currentTarget.value)} />
            </label>
            <label>
              {t('users.role')}
              <select value={roleFilter()} onChange={(e) => setRoleFilter(e.currentTarget.value as Role | '')}>
                <option value="">{t('common.all')}</option>
                <For each={ROLES}>{(r) => <option value={r}>{tOf('role', r)}</option>}</For>
              </select>
            </label>
          </form>
          <Notice kind={message()?.kind} message={message()?.text} />
          <QueryView state={users} retry={reload} isEmpty={(d) => d.users.nodes.length === 0}>
            {(data) => (
              <DataTable
                rows={data().users.nodes}
                rowAttributes={(u) => ({ 'data-username': u.username ?? '' })}
                columns={[
                  {
                    label: t('common.name'),
                    cell: (u) => (
                      <>
                        {u.displayName}
                        <Show when={isOwner()}>
                          {' '}
                          <EditButton name={u.displayName} onClick={() => setEditing(u.id)} />
                        </Show>
                      </>
                    ),
                  },
                  {
                    label: t('users.username'),
                    // A Telegram username is one long word: it breaks rather than widen the table.
                    class: 'wrap',
                    cell: (u) => (u.username ? `@${u.username}` : '—'),
                  },
                  {
                    label: t('users.role'),
                    cell: (u) => (
                      <Show when={isOwner()} fallback={tOf('role', u.role)}>
                        <select
                          aria-label={`${t('users.role')}: ${u.displayName}`}
                          value={u.role}
                          onChange={(e) => void changeRole(u.id, e.currentTarget.value as Role)}
                        >
                          <For each={ROLES}>{(r) => <option value={r}>{tOf('role', r)}</option>}</For>
                        </select>
                      </Show>
                    ),
                  },
                  { label: t('users.account'), cell: (u) => u.account?.name ?? '—' },
                  {
                    label: t('users.state'),
                    cell: (u) => (
                      <>
                        <Show when={u.active} fallback={<span class="status">{t('common.inactive')}</span>}>
                          {t('common.active')}
                        </Show>
                        {/* No one deactivates themselves (the server refuses it): another owner does. */}
                        <Show when={isOwner() && u.id !== signedInUserId()}>
                          {' '}
                          <button type="button" class="small" onClick={() => void toggle(u.id, u.active)}>
                            {u.active ? t('users.deactivate') : t('users.reactivate')}
                          </button>
                        </Show>
                      </>
                    ),
                  },
                ]}
              />
            )}
          </QueryView>
        </div>
        <div>
          <Show when={users.data?.users.nodes.find((u) => u.id === editing())} keyed>
            {(user) => (
              <UserEditForm
                user={user}
                onDone={(saved) => {
                  setEditing(undefined);
                  if (saved) {
                    setMessage({ kind: 'ok', text: t('common.saved') });
                    reload();
                  }
                }}
              />
            )}
          </Show>
          <Show when={isOwner()}>
            <UserForm onAdded={reload} />
          </Show>
        </div>
      </div>
    </section>
  );
}

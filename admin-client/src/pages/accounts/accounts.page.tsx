import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import {
  AccountsDocument,
  ChangeAccountTariffDocument,
  CreateAccountDocument,
  SetAccountStatusDocument,
} from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { AccountBranches } from './account-branches';
import { AccountEditForm } from './account-edit-form';
import { DataTable } from '../../components/data-table';
import { isOwner } from '../../session/session';

/**
 * Client accounts: tariff, usage this period, on/off, and the branch tree of the chosen one. Owners change them;
 * managers see them (R-USR-2: the server refuses a manager every change here).
 */
export default function AccountsPage(): JSX.Element {
  const [accounts, refetch] = createQuery({ query: AccountsDocument, variables: {} });
  const [, createAccount] = createMutation(CreateAccountDocument);
  const [, setStatus] = createMutation(SetAccountStatusDocument);
  const [, changeTariff] = createMutation(ChangeAccountTariffDocument);
  const [selected, setSelected] = createSignal<string>();
  const [name, setName] = createSignal('');
  const [tariffId, setTariffId] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await createAccount({
      input: { name: name().trim(), tariffId: tariffId(), contactEmail: email().trim() || null },
    });
    const answer = result.data?.createAccount;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    if (answer?.__typename === 'AccountNameTaken')
      return setMessage({ kind: 'error', text: t('accounts.nameTaken', { name: answer.name }) });
    setMessage({ kind: 'ok', text: t('common.saved') });
    setName('');
    reload();
  };
  const act = async (action: Promise<{ error?: Parameters<typeof errorMessage>[0] }>) => {
    const result = await action;
    setMessage(result.error ? { kind: 'error', text: errorMessage(result.error) } : undefined);
    reload();
  };

  return (
    <section>
      <h1>{t('accounts.title')}</h1>
      <Notice kind={message()?.kind} message={message()?.text} />
      <QueryView state={accounts} retry={reload}>
        {(data) => (
          <>
            <Show when={data().accounts.nodes.length} fallback={<p class="state state-empty">{t('state.empty')}</p>}>
              <DataTable
                rows={data().accounts.nodes}
                columns={[
                  {
                    label: t('common.name'),
                    cell: (a) => (
                      <button
                        type="button"
                        class="link"
                        aria-pressed={selected() === a.id}
                        onClick={() => setSelected(a.id)}
                      >
                        {a.name}
                      </button>
                    ),
                  },
                  {
                    label: t('accounts.tariff'),
                    cell: (a) => (
                      <Show when={isOwner()} fallback={a.tariff?.name ?? '—'}>
                        <select
                          aria-label={`${t('accounts.tariff')}: ${a.name}`}
                          value={a.tariff?.id ?? ''}
                          onChange={(e) => void act(changeTariff({ accountId: a.id, tariffId: e.currentTarget.value }))}
                        >
                          <For each={data().tariffs}>{(tr) => <option value={tr.id}>{tr.name}</option>}</For>
                        </select>
                      </Show>
                    ),
                  },
                  {
                    label: t('accounts.usage'),
                    cell: (a) => (a.usage ? `${a.usage.used} / ${a.usage.allowed ?? '∞'}` : '—'),
                  },
                  { label: t('accounts.open'), cell: (a) => (a.usage ? `${a.usage.open} / ${a.usage.maxOpen}` : '—') },
                  {
                    label: t('accounts.status'),
                    cell: (a) => (
                      <>
                        {a.status === 'ACTIVE' ? t('common.active') : t('common.inactive')}
                        <Show when={isOwner()}>
                          {' '}
                          <button
                            type="button"
                            onClick={() =>
                              void act(setStatus({ id: a.id, status: a.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE' }))
                            }
                          >
                            {a.status === 'ACTIVE' ? t('accounts.deactivate') : t('accounts.activate')}
                          </button>
                        </Show>
                      </>
                    ),
                  },
                ]}
              />
            </Show>
            <div class="two-columns">
              <Show when={data().accounts.nodes.find((a) => a.id === selected())?.id} keyed>
                {(id) => (
                  <div>
                    <Show when={isOwner()}>
                      <AccountEditForm account={data().accounts.nodes.find((a) => a.id === id)!} onSaved={reload} />
                    </Show>
                    <AccountBranches accountId={id} />
                  </div>
                )}
              </Show>
              <Show when={isOwner()}>
                <form class="form card" onSubmit={submit} aria-label={t('accounts.new')}>
                  <h2>{t('accounts.new')}</h2>
                  <label>
                    {t('common.name')}
                    <input required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
                  </label>
                  <label>
                    {t('accounts.tariff')}
                    <select required value={tariffId()} onChange={(e) => setTariffId(e.currentTarget.value)}>
                      <option value="" />
                      <For each={data().tariffs}>{(tr) => <option value={tr.id}>{tr.name}</option>}</For>
                    </select>
                  </label>
                  <label>
                    {t('accounts.email')}
                    <input type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
                  </label>
                  <button type="submit">{t('common.create')}</button>
                </form>
              </Show>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

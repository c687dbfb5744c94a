import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument, type ApiScope } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { DataTable } from '../../components/data-table';

const SCOPES: ApiScope[] = [
  'ORDERS_READ',
  'ORDERS_WRITE',
  'ACCOUNTS_READ',
  'ACCOUNTS_WRITE',
  'USERS_READ',
  'USERS_WRITE',
  'TARIFFS_READ',
  'TARIFFS_WRITE',
  'SETTINGS_READ',
  'SETTINGS_WRITE',
  'BILLING_READ',
  'BILLING_WRITE',
];

/** API keys: create with scopes (the secret is shown once, here, and never again), revoke, last use. */
export default function ApiKeysPage(): JSX.Element {
  const [keys, refetch] = createQuery({ query: ApiKeysDocument });
  const [, create] = createMutation(CreateApiKeyDocument);
  const [, revoke] = createMutation(RevokeApiKeyDocument);
  const [name, setName] = createSignal('');
  const [scopes, setScopes] = createSignal<ApiScope[]>(['ORDERS_READ']);
  const [secret, setSecret] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSecret(undefined);
    const result = await create({ name: name().trim(), scopes: scopes() });
    if (result.error) return setError(errorMessage(result.error));
    setError(undefined);
    setSecret(result.data?.createApiKey.secret);
    setName('');
    reload();
  };
  const toggleScope = (scope: ApiScope, on: boolean) =>
    setScopes(on ? [...scopes(), scope] : scopes().filter((s) => s !== scope));

  return (
    <section>
      <h1>{t('apiKeys.title')}</h1>
      <Show when={secret()}>
        <div class="card secret" role="status">
          <p>{t('apiKeys.secretOnce')}</p>
          <code data-testid="api-key-secret">{secret()}</code>
          <button type="button" onClick={() => setSecret(undefined)}>
            {t('common.done')}
          </button>
        </div>
      </Show>
      <div class="two-columns">
        <QueryView state={keys} retry={reload} isEmpty={(d) => d.apiKeys.length === 0}>
          {(data) => (
            <DataTable
              rows={data().apiKeys}
              rowAttributes={(k) => ({ 'data-api-key': k.name })}
              columns={[
                { label: t('common.name'), cell: (k) => k.name },
                { label: t('apiKeys.prefix'), cell: (k) => <code>{k.prefix}…</code> },
                { label: t('apiKeys.scopes'), cell: (k) => k.scopes.join(', ') },
                {
                  label: t('apiKeys.lastUsed'),
                  cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('apiKeys.never')),
                },
                {
                  label: t('users.state'),
                  cell: (k) => (
                    <Show when={k.active} fallback={`${t('apiKeys.revoked')} ${formatDateTime(k.revokedAt)}`}>
                      <button
                        type="button"
                        class="danger"
                        onClick={async () => {
                          const result = await revoke({ id: k.id });
                          setError(result.error ? errorMessage(result.error) : undefined);
                          reload();
                        }}
                      >
                        {t('apiKeys.revoke')}
                      </button>
                    </Show>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
        <form class="form card" onSubmit={submit} aria-label={t('apiKeys.new')}>
          <h2>{t('apiKeys.new')}</h2>
          <Notice kind="error" message={error()} />
          <label>
            {t('common.name')}
            <input
              name="name"
              required
              maxLength={100}
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <fieldset>
            <legend>{t('apiKeys.scopes')}</legend>
            <For each={SCOPES}>
              {(scope) => (
                <label class="check">
                  <input
                    type="checkbox"
                    name="scope"
                    value={scope}
                    checked={scopes().includes(scope)}
                    onChange={(e) => toggleScope(scope, e.currentTarget.checked)}
                  />
                  {scope}
                </label>
              )}
            </For>
          </fieldset>
          <button type="submit" disabled={!scopes().length}>
            {t('common.create')}
          </button>
        </form>
      </div>
    </section>
  );
}

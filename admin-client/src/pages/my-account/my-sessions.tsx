import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { RevokeSessionDocument, type MyAccountQuery } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';
import { DataTable } from '../../components/data-table';

/** One's own active web sessions; any but this one can be ended (this one ends with "Sign out"). */
export function MySessions(props: { sessions: MyAccountQuery['mySessions']; onChanged: () => void }): JSX.Element {
  const [, revoke] = createMutation(RevokeSessionDocument);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const end = async (id: string) => {
    const result = await revoke({ id });
    if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
    else if (result.data?.revokeSession) setMessage({ kind: 'ok', text: t('myAccount.revoked') });
    else setMessage({ kind: 'error', text: t('myAccount.alreadyEnded') });
    props.onChanged();
  };

  return (
    <div class="card">
      <h2>{t('myAccount.sessions')}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <Show when={props.sessions.length} fallback={<p class="state state-empty">{t('state.empty')}</p>}>
        <DataTable
          rows={props.sessions}
          rowAttributes={(s) => ({ 'data-session': s.id, 'data-current': s.current ? 'true' : undefined })}
          columns={[
            { label: t('myAccount.signedIn'), cell: (s) => formatDateTime(s.createdAt) },
            { label: t('myAccount.lastSeen'), cell: (s) => formatDateTime(s.lastSeenAt) },
            { label: t('myAccount.expires'), cell: (s) => formatDateTime(s.expiresAt) },
            {
              label: t('orders.actions'),
              hiddenLabel: true,
              cell: (s) => (
                <Show when={!s.current} fallback={<span class="status status-new">{t('myAccount.thisSession')}</span>}>
                  <button
                    type="button"
                    aria-label={`${t('myAccount.revoke')}: ${formatDateTime(s.createdAt)}`}
                    onClick={() => void end(s.id)}
                  >
                    {t('myAccount.revoke')}
                  </button>
                </Show>
              ),
            },
          ]}
        />
      </Show>
    </div>
  );
}

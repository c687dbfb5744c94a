import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, type JSX } from 'solid-js';
import { AuditLogDocument } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { QueryView } from '../../components/query-view';

/** Who changed what: settings, invoices, users, tariffs, API keys (owners). */
export default function AuditLogPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ entity?: string; action?: string; after?: string }>();
  const [log, refetch] = createQuery({
    query: AuditLogDocument,
    variables: () => ({
      filter: { entity: params.entity || null, action: params.action || null },
      after: params.after ?? null,
    }),
  });
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('audit.entity')}
          <input
            value={params.entity ?? ''}
            onChange={(e) => setParams({ entity: e.currentTarget.value.trim() || undefined, after: undefined })}
          />
        </label>
        <label>
          {t('audit.action')}
          <input
            value={params.action ?? ''}
            placeholder="setting.updated"
            onChange={(e) => setParams({ action: e.currentTarget.value.trim() || undefined, after: undefined })}
          />
        </label>
      </form>
      <QueryView
        state={log}
        retry={() => refetch({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.auditLog.nodes.length === 0}
      >
        {(data) => (
          <>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.entity')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={data().auditLog.nodes}>
                    {(e) => (
                      <tr>
                        <td data-label={t('audit.when')}>{formatDateTime(e.createdAt)}</td>
                        <td data-label={t('audit.who')}>
                          {e.actor?.displayName ?? (e.apiKeyId ? t('event.viaApiKey') : '—')}
                        </td>
                        <td data-label={t('audit.action')}>
                          <code>{e.action}</code>
                        </td>
                        <td data-label={t('audit.entity')}>
                          {e.entity} {e.entityId ?? ''}
                        </td>
                        <td data-label={t('audit.details')} class="pre">
                          <code>{JSON.stringify(e.data)}</code>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <div class="pager">
              <button type="button" disabled={!params.after} onClick={() => setParams({ after: undefined })}>
                ⟲
              </button>
              <button
                type="button"
                disabled={!data().auditLog.pageInfo.hasNextPage}
                onClick={() => setParams({ after: data().auditLog.pageInfo.endCursor ?? undefined })}
              >
                {t('common.loadMore')} →
              </button>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, type JSX } from 'solid-js';
import { AuditLogDocument } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { AUDIT_ACTIONS, auditActionName } from './audit-actions';
import { QueryView } from '../../components/query-view';
import { DataTable } from '../../components/data-table';

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
          <select
            value={params.action ?? ''}
            onChange={(e) => setParams({ action: e.currentTarget.value || undefined, after: undefined })}
          >
            <option value="">{t('common.all')}</option>
            <For each={AUDIT_ACTIONS}>{(code) => <option value={code}>{auditActionName(code)}</option>}</For>
          </select>
        </label>
      </form>
      <QueryView
        state={log}
        retry={() => refetch({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.auditLog.nodes.length === 0}
      >
        {(data) => (
          <>
            <DataTable
              rows={data().auditLog.nodes}
              columns={[
                { label: t('audit.when'), cell: (e) => formatDateTime(e.createdAt) },
                {
                  label: t('audit.who'),
                  cell: (e) => e.actor?.displayName ?? (e.apiKeyId ? t('event.viaApiKey') : '—'),
                },
                {
                  label: t('audit.action'),
                  cell: (e) => (
                    <span title={e.action} data-action={e.action}>
                      {auditActionName(e.action)}
                    </span>
                  ),
                },
                { label: t('audit.entity'), cell: (e) => `${e.entity} ${e.entityId ?? ''}` },
                { label: t('audit.details'), class: 'pre', cell: (e) => <code>{JSON.stringify(e.data)}</code> },
              ]}
            />
            <div class="pager">
              <button
                type="button"
                disabled={!params.after}
                onClick={() => setParams({ after: undefined })}
                aria-label={t('common.firstPage')}
              >
                ⟲
              </button>
              <button
                type="button"
                disabled={!data().auditLog.pageInfo.hasNextPage}
                onClick={() => setParams({ after: data().auditLog.pageInfo.endCursor ?? undefined })}
              >
                {t('common.nextPage')} <span aria-hidden="true">→</span>
              </button>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

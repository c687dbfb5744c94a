import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { JSX } from 'solid-js';
import { AuditLogDocument } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionName, auditEntityName } from './audit-names';
import { FilterSelect } from '../../components/filter-select';
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
        <FilterSelect
          label={t('audit.entity')}
          value={params.entity}
          options={AUDIT_ENTITIES.map((entity) => ({ value: entity, label: auditEntityName(entity) }))}
          onChange={(entity) => setParams({ entity, after: undefined })}
        />
        <FilterSelect
          label={t('audit.action')}
          value={params.action}
          options={AUDIT_ACTIONS.map((code) => ({ value: code, label: auditActionName(code) }))}
          onChange={(action) => setParams({ action, after: undefined })}
        />
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
                {
                  label: t('audit.entity'),
                  cell: (e) => (
                    <span title={e.entity} data-entity={e.entity}>
                      {auditEntityName(e.entity)} {e.entityId ?? ''}
                    </span>
                  ),
                },
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

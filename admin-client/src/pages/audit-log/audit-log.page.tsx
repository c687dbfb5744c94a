import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { JSX } from 'solid-js';
import { AuditLogDocument } from '../../generated/graphql';
import { formatDateTime, t } from '../../i18n/i18n';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionName, auditEntityName } from './audit-names';
import { FilterSelect, type FilterOption } from '../../components/filter-select';
import { QueryView } from '../../components/query-view';
import { DataTable } from '../../components/data-table';

/**
 * A filter's choices: the codes the panel names, led by the one in the address bar when it is not among them — an
 * old link's code still filters on the server, so the select shows it, as it is, to be seen and cleared.
 */
function choicesWith(chosen: string | undefined, codes: string[], name: (code: string) => string): FilterOption[] {
  return (chosen && !codes.includes(chosen) ? [chosen, ...codes] : codes).map((code) => ({
    value: code,
    label: name(code),
  }));
}

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
          options={choicesWith(params.entity, AUDIT_ENTITIES, auditEntityName)}
          onChange={(entity) => setParams({ entity, after: undefined })}
        />
        <FilterSelect
          label={t('audit.action')}
          value={params.action}
          options={choicesWith(params.action, AUDIT_ACTIONS, auditActionName)}
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

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ContractorsDocument, UpdateContractorCapacityDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { isOwner } from '../../session/session';
import { categoryName } from '../orders/order-row';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { ContractorCategories } from './contractor-categories';
import { DataTable } from '../../components/data-table';

/**
 * Contractors: capacity (own limit or MAX_ACTIVE_ORDERS_PER_CONTRACTOR) against the orders in work now; owners set
 * the limit and the categories served, managers see them (R-USR-2).
 */
export default function ContractorsPage(): JSX.Element {
  const [showInactive, setShowInactive] = createSignal(false);
  const [data, refetch] = createQuery({
    query: ContractorsDocument,
    variables: () => ({ filter: showInactive() ? { active: false } : { active: true } }),
  });
  const [, updateCapacity] = createMutation(UpdateContractorCapacityDocument);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const save = async (id: string, raw: string) => {
    // 0 removes the own limit (back to MAX_ACTIVE_ORDERS_PER_CONTRACTOR); null would leave it as it is.
    const result = await updateCapacity({ id, maxActiveOrders: raw.trim() ? Number(raw) : 0 });
    const answer = result.data?.updateUser;
    if (result.error) setMessage({ kind: 'error', text: errorMessage(result.error) });
    else if (answer?.__typename === 'OwnerRequired') setMessage({ kind: 'error', text: answer.message });
    else setMessage({ kind: 'ok', text: t('common.saved') });
    reload();
  };
  return (
    <section>
      <h1>{t('contractors.title')}</h1>
      <label class="check">
        <input type="checkbox" checked={showInactive()} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
        {t('contractors.showInactive')}
      </label>
      <Notice kind={message()?.kind} message={message()?.text} />
      <QueryView state={data} retry={reload} isEmpty={(d) => d.contractors.length === 0}>
        {(d) => {
          const common = () => d().settings.find((s) => s.key === 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR')?.value ?? '—';
          return (
            <DataTable
              rows={d().contractors}
              columns={[
                {
                  label: t('common.name'),
                  cell: ({ contractor: c }) => `${c.displayName} ${c.username ? `(@${c.username})` : ''}`,
                },
                {
                  label: t('users.state'),
                  cell: ({ contractor: c }) => (c.active ? t('common.active') : t('common.inactive')),
                },
                {
                  label: t('contractors.load'),
                  cell: ({ activeOrders, capacity, free }) => (
                    <span classList={{ 'status-breached status': !free }}>
                      {activeOrders} / {capacity}
                    </span>
                  ),
                },
                {
                  label: t('contractors.capacity'),
                  cell: ({ contractor: c }) => (
                    <Show
                      when={isOwner()}
                      fallback={c.maxActiveOrders ?? t('contractors.commonLimit', { value: common() })}
                    >
                      <form
                        class="inline-form"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const input = e.currentTarget.elements.namedItem('capacity') as HTMLInputElement;
                          void save(c.id, input.value);
                        }}
                      >
                        <input
                          name="capacity"
                          type="number"
                          min="1"
                          aria-label={`${t('contractors.capacity')}: ${c.displayName}`}
                          placeholder={t('contractors.capacityHelp', { value: common() })}
                          value={c.maxActiveOrders ?? ''}
                        />
                        <button type="submit">{t('common.save')}</button>
                      </form>
                    </Show>
                  ),
                },
                {
                  label: t('contractors.categories'),
                  cell: ({ contractor: c, categories }) => (
                    <Show
                      when={isOwner()}
                      fallback={
                        categories.length
                          ? d()
                              .categories.filter((x) => categories.some((served) => served.id === x.id))
                              .map(categoryName)
                              .join(', ')
                          : t('contractors.allCategories')
                      }
                    >
                      <ContractorCategories
                        contractorId={c.id}
                        name={c.displayName}
                        categories={d().categories}
                        served={categories.map((x) => x.id)}
                        onSaved={(m) => {
                          setMessage(m);
                          reload();
                        }}
                      />
                    </Show>
                  ),
                },
              ]}
            />
          );
        }}
      </QueryView>
    </section>
  );
}

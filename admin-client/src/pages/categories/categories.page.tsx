import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { CategoryListDocument, UpdateCategoryDocument } from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { CategoryForm } from './category-form';
import { DataTable } from '../../components/data-table';
import { EditButton } from '../../components/edit-button';

/** Order categories in menu order, retired ones too (R-ORD-1: the owner may add more, rename and retire). */
export default function CategoriesPage(): JSX.Element {
  const [categories, refetch] = createQuery({ query: CategoryListDocument });
  const [, update] = createMutation(UpdateCategoryDocument);
  const [editing, setEditing] = createSignal<string>();
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const setActive = async (id: string, active: boolean) => {
    const result = await update({ id, input: { active } });
    setMessage(
      result.error ? { kind: 'error', text: errorMessage(result.error) } : { kind: 'ok', text: t('common.saved') },
    );
    reload();
  };

  return (
    <section>
      <h1>{t('categories.title')}</h1>
      <div class="two-columns">
        <div>
          <Notice kind={message()?.kind} message={message()?.text} />
          <QueryView state={categories} retry={reload} isEmpty={(d) => d.categories.length === 0}>
            {(data) => (
              <DataTable
                rows={data().categories}
                rowAttributes={(c) => ({ 'data-category': c.code, classList: { inactive: !c.active } })}
                columns={[
                  { label: t('categories.position'), cell: (c) => c.position },
                  {
                    label: t('categories.code'),
                    cell: (c) => (
                      <>
                        {c.code} <EditButton name={c.code} onClick={() => setEditing(c.id)} />
                      </>
                    ),
                  },
                  { label: t('categories.nameRu'), cell: (c) => c.nameRu },
                  { label: t('categories.nameEn'), cell: (c) => c.nameEn },
                  { label: t('categories.kind'), cell: (c) => tOf('categoryKind', c.kind) },
                  {
                    label: t('categories.state'),
                    cell: (c) => (
                      <>
                        {c.active ? t('common.yes') : t('categories.retired')}{' '}
                        <button
                          type="button"
                          class="small"
                          aria-label={`${c.active ? t('categories.retire') : t('categories.restore')}: ${c.code}`}
                          onClick={() => void setActive(c.id, !c.active)}
                        >
                          {c.active ? t('categories.retire') : t('categories.restore')}
                        </button>
                      </>
                    ),
                  },
                ]}
              />
            )}
          </QueryView>
        </div>
        <div>
          <Show when={categories.data?.categories.find((c) => c.id === editing())} keyed>
            {(category) => (
              <CategoryForm
                category={category}
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
          <CategoryForm onDone={(saved) => saved && reload()} />
        </div>
      </div>
    </section>
  );
}

import { createMutation, useClient } from '@urql/solid';
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import {
  ContractorCategoryChoicesDocument,
  ContractorsServingDocument,
  UpdateContractorCategoriesDocument,
} from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { errorMessage } from '../../components/query-view';
import { categoryName } from '../orders/order-row';

/** Which contractors serve each category: asked per category, since the API lists contractors by category. */
export function useCategoryServers(active: () => boolean) {
  const client = useClient();
  return createResource(active, async (isActive) => {
    const categories = (await client.query(ContractorCategoryChoicesDocument, {}).toPromise()).data?.categories ?? [];
    const servers = await Promise.all(
      categories.map(async (c) => {
        const r = await client
          .query(ContractorsServingDocument, { categoryId: c.id, active: isActive }, { requestPolicy: 'network-only' })
          .toPromise();
        return [c.id, new Set(r.data?.contractors.map((x) => x.contractor.id) ?? [])] as const;
      }),
    );
    return { categories, servers: new Map(servers) };
  });
}

/**
 * The categories one contractor serves (R-ORD-3), as checkboxes; none checked means every category, which
 * is also how a contractor without categories shows (served everywhere).
 */
export function ContractorCategories(props: {
  contractorId: string;
  name: string;
  categories: Array<{ id: string; nameRu: string; nameEn: string }>;
  served: ReadonlyMap<string, ReadonlySet<string>>;
  onSaved: (message: { kind: 'ok' | 'error'; text: string }) => void;
}): JSX.Element {
  const [, update] = createMutation(UpdateContractorCategoriesDocument);
  const initial = () => {
    const ids = props.categories.filter((c) => props.served.get(c.id)?.has(props.contractorId)).map((c) => c.id);
    return ids.length === props.categories.length ? [] : ids;
  };
  const [chosen, setChosen] = createSignal<string[]>(initial());
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await update({ id: props.contractorId, categoryIds: chosen() });
    const answer = result.data?.updateUser;
    if (result.error) props.onSaved({ kind: 'error', text: errorMessage(result.error) });
    else if (answer?.__typename === 'OwnerRequired') props.onSaved({ kind: 'error', text: answer.message });
    else props.onSaved({ kind: 'ok', text: t('common.saved') });
  };
  return (
    <form class="inline-form" onSubmit={save}>
      <fieldset class="categories">
        <legend class="visually-hidden">
          {t('contractors.categories')}: {props.name}
        </legend>
        <For each={props.categories}>
          {(c) => (
            <label class="check">
              <input
                type="checkbox"
                checked={chosen().includes(c.id)}
                onChange={(e) =>
                  setChosen(e.currentTarget.checked ? [...chosen(), c.id] : chosen().filter((id) => id !== c.id))
                }
              />
              {categoryName(c)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={!chosen().length}>
        <small>{t('contractors.allCategories')}</small>
      </Show>
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

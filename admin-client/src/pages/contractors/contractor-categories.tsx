import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { UpdateContractorCategoriesDocument } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { errorMessage } from '../../components/query-view';
import { categoryName } from '../orders/order-row';

/**
 * The categories one contractor serves (R-ORD-3), as checkboxes; none checked means every category, which
 * is also how a contractor without categories shows (served everywhere).
 */
export function ContractorCategories(props: {
  contractorId: string;
  name: string;
  categories: Array<{ id: string; nameRu: string; nameEn: string }>;
  /** Ids of the categories the contractor serves now (ContractorLoad.categories). */
  served: readonly string[];
  onSaved: (message: { kind: 'ok' | 'error'; text: string }) => void;
}): JSX.Element {
  const [, update] = createMutation(UpdateContractorCategoriesDocument);
  // Read once: the boxes are the form's own state from here on, so a refresh does not undo unsaved ticks.
  const [chosen, setChosen] = createSignal<string[]>([...props.served]);
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

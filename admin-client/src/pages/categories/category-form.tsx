import { createMutation } from '@urql/solid';
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { CreateCategoryDocument, UpdateCategoryDocument, type CategoryKind } from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { isUnchanged } from '../../components/changed-fields';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';
import { categoryChanges, categoryEditOf, newCategoryInput, type CategoryEdit } from './category-changes';

const KINDS: CategoryKind[] = ['GENERAL', 'CARTRIDGE', 'EQUIPMENT'];

type EditedCategory = Parameters<typeof categoryEditOf>[0] & { id: string };

/** Adds a category (R-ORD-1), or edits one when given; a taken code is the server's CategoryCodeTaken. */
export function CategoryForm(props: { category?: EditedCategory; onDone: (saved: boolean) => void }): JSX.Element {
  const [, create] = createMutation(CreateCategoryDocument);
  const [, update] = createMutation(UpdateCategoryDocument);
  const original: CategoryEdit = props.category
    ? categoryEditOf(props.category)
    : { code: '', nameRu: '', nameEn: '', kind: 'GENERAL', position: '' };
  const [code, setCode] = createSignal(original.code);
  const [nameRu, setNameRu] = createSignal(original.nameRu);
  const [nameEn, setNameEn] = createSignal(original.nameEn);
  const [kind, setKind] = createSignal(original.kind);
  const [position, setPosition] = createSignal(original.position);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const editing = props.category;
  const title = editing ? t('categories.editTitle', { code: editing.code }) : t('categories.new');
  const formId = editing ? `category-${editing.id}` : 'category-new';
  let first: HTMLInputElement | undefined;
  onMount(() => editing && first?.focus());

  const edited = (): CategoryEdit => ({
    code: code(),
    nameRu: nameRu(),
    nameEn: nameEn(),
    kind: kind(),
    position: position(),
  });
  const save = async () => {
    if (!editing) {
      const r = await create({ input: newCategoryInput(edited()) });
      return { error: r.error, answer: r.data?.createCategory };
    }
    const input = categoryChanges(original, edited());
    if (isUnchanged(input)) return 'unchanged' as const;
    const r = await update({ id: editing.id, input });
    return { error: r.error, answer: r.data?.updateCategory };
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await save();
    if (result === 'unchanged') return setMessage({ kind: 'ok', text: t('common.noChanges') });
    const { error, answer } = result;
    if (error) return setMessage({ kind: 'error', text: errorMessage(error) });
    switch (answer?.__typename) {
      case 'CategoryCodeTaken':
        return setMessage({ kind: 'error', text: t('categories.codeTaken', { code: answer.code }) });
      case 'Category':
        if (!editing) {
          setCode('');
          setNameRu('');
          setNameEn('');
          setPosition('');
          setMessage({ kind: 'ok', text: t('common.saved') });
        }
        props.onDone(true);
    }
  };

  return (
    <form
      class="form card"
      onSubmit={submit}
      onKeyDown={(e) => editing && e.key === 'Escape' && props.onDone(false)}
      aria-label={title}
    >
      <h2>{title}</h2>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('categories.code')}
        <input
          ref={(el) => (first = el)}
          required
          pattern="[A-Za-z][A-Za-z0-9_]{1,31}"
          value={code()}
          aria-describedby={`${formId}-code-help`}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <small id={`${formId}-code-help`}>{t('categories.codeHelp')}</small>
      </label>
      <label>
        {t('categories.nameRu')}
        <input required maxLength={100} value={nameRu()} onInput={(e) => setNameRu(e.currentTarget.value)} />
      </label>
      <label>
        {t('categories.nameEn')}
        <input required maxLength={100} value={nameEn()} onInput={(e) => setNameEn(e.currentTarget.value)} />
      </label>
      <label>
        {t('categories.kind')}
        <select
          value={kind()}
          disabled={Boolean(editing)}
          aria-describedby={`${formId}-kind-help`}
          onChange={(e) => setKind(e.currentTarget.value as CategoryKind)}
        >
          <For each={KINDS}>{(k) => <option value={k}>{tOf('categoryKind', k)}</option>}</For>
        </select>
        <small id={`${formId}-kind-help`}>{t('categories.kindFixed')}</small>
      </label>
      <label>
        {t('categories.position')}
        <input
          type="number"
          min="0"
          max="10000"
          required={Boolean(editing)}
          value={position()}
          aria-describedby={`${formId}-position-help`}
          onInput={(e) => setPosition(e.currentTarget.value)}
        />
        <small id={`${formId}-position-help`}>{t('categories.positionHelp')}</small>
      </label>
      <div class="buttons">
        <button type="submit">{editing ? t('common.save') : t('common.create')}</button>
        <Show when={editing}>
          <button type="button" onClick={() => props.onDone(false)}>
            {t('common.cancel')}
          </button>
        </Show>
      </div>
    </form>
  );
}

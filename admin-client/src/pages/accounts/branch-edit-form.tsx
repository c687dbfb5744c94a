import { createMutation } from '@urql/solid';
import { createSignal, For, onMount, type JSX } from 'solid-js';
import { UpdateBranchDocument, type BranchKind } from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { isUnchanged } from '../../components/changed-fields';
import { Notice } from '../../components/notice';
import { errorMessage } from '../../components/query-view';
import { branchChanges, branchEditOf, parentChoices } from './branch-changes';
import type { BranchNode } from './branch-tree';

const KINDS: BranchKind[] = ['ZONE', 'BRANCH', 'DEPARTMENT'];

type EditableBranch = BranchNode & { address?: string | null };

/**
 * Renames, re-codes, re-levels or moves one node (R-ACC-2). Its own subtree is not offered as a new parent; the
 * level rules are the server's, and its reason is shown as it gives it.
 */
export function BranchEditForm(props: {
  node: EditableBranch;
  nodes: readonly EditableBranch[];
  onDone: (saved: boolean) => void;
}): JSX.Element {
  const [, update] = createMutation(UpdateBranchDocument);
  const original = branchEditOf(props.node);
  const [name, setName] = createSignal(original.name);
  const [code, setCode] = createSignal(original.code);
  const [address, setAddress] = createSignal(original.address);
  const [kind, setKind] = createSignal(original.kind);
  const [parentId, setParentId] = createSignal(original.parentId);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const title = () => t('branch.editTitle', { name: original.name });
  let first: HTMLInputElement | undefined;
  // Opened from a button in the tree: keyboard users land in the form, Escape takes them out.
  onMount(() => first?.focus());

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = branchChanges(original, {
      name: name(),
      code: code(),
      address: address(),
      kind: kind(),
      parentId: parentId(),
    });
    if (isUnchanged(input)) return setMessage({ kind: 'ok', text: t('common.noChanges') });
    const result = await update({ id: props.node.id, input });
    const answer = result.data?.updateBranch;
    if (result.error) return setMessage({ kind: 'error', text: errorMessage(result.error) });
    switch (answer?.__typename) {
      case 'BranchCodeTaken':
        return setMessage({ kind: 'error', text: t('branch.codeTaken', { code: answer.takenCode }) });
      case 'InvalidBranchParent':
        return setMessage({ kind: 'error', text: answer.reason });
      case 'Branch':
        props.onDone(true);
    }
  };

  return (
    <form
      class="form branch-edit"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone(false)}
      aria-label={title()}
    >
      <h3>{title()}</h3>
      <Notice kind={message()?.kind} message={message()?.text} />
      <label>
        {t('common.name')}
        <input
          ref={(el) => (first = el)}
          required
          maxLength={200}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('branch.code')}
        <input maxLength={32} value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
      </label>
      <label>
        {t('branch.address')}
        <input maxLength={500} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
      </label>
      <label>
        {t('branch.kind')}
        <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as BranchKind)}>
          <For each={KINDS}>{(k) => <option value={k}>{tOf('branch', k)}</option>}</For>
        </select>
      </label>
      <label>
        {t('branch.parent')}
        <select value={parentId()} onChange={(e) => setParentId(e.currentTarget.value)}>
          <option value="">{t('branch.top')}</option>
          <For each={parentChoices(props.nodes, props.node.id)}>
            {(b) => (
              <option value={b.id}>
                {b.name} ({tOf('branch', b.kind)})
              </option>
            )}
          </For>
        </select>
      </label>
      <div class="buttons">
        <button type="submit">{t('common.save')}</button>
        <button type="button" onClick={() => props.onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

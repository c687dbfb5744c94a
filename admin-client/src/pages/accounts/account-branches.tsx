import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import {
  AccountBranchesDocument,
  CreateBranchDocument,
  SetBranchActiveDocument,
  type BranchKind,
} from '../../generated/graphql';
import { t, tOf } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { errorMessage, QueryView } from '../../components/query-view';
import { BranchEditForm } from './branch-edit-form';
import { BranchTree } from './branch-tree';
import { isOwner } from '../../session/session';

const KINDS: BranchKind[] = ['ZONE', 'BRANCH', 'DEPARTMENT'];

/** One account's branch tree; owners add, edit and switch nodes on and off (managers see the tree). */
export function AccountBranches(props: { accountId: string }): JSX.Element {
  const [branches, refetch] = createQuery({
    query: AccountBranchesDocument,
    variables: () => ({ id: props.accountId }),
  });
  const [, createBranch] = createMutation(CreateBranchDocument);
  const [, setActive] = createMutation(SetBranchActiveDocument);
  const [name, setName] = createSignal('');
  const [kind, setKind] = createSignal<BranchKind>('BRANCH');
  const [parentId, setParentId] = createSignal('');
  const [code, setCode] = createSignal('');
  const [message, setMessage] = createSignal<string>();
  const [editing, setEditing] = createSignal<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await createBranch({
      accountId: props.accountId,
      input: { name: name().trim(), kind: kind(), parentId: parentId() || null, code: code().trim() || null },
    });
    const answer = result.data?.createBranch;
    if (result.error) return setMessage(errorMessage(result.error));
    if (answer?.__typename === 'BranchCodeTaken') return setMessage(t('branch.codeTaken', { code: answer.takenCode }));
    if (answer?.__typename === 'InvalidBranchParent') return setMessage(answer.reason);
    setMessage(undefined);
    setName('');
    setCode('');
    reload();
  };
  const toggle = async (id: string, active: boolean) => {
    const result = await setActive({ id, active });
    setMessage(result.error ? errorMessage(result.error) : undefined);
    reload();
  };

  return (
    <QueryView state={branches} retry={reload}>
      {(data) => (
        <div class="card">
          <h2>
            {t('accounts.branches')}: {data().account.name}
          </h2>
          <BranchTree
            nodes={data().account.branches}
            onToggle={isOwner() ? toggle : undefined}
            onEdit={isOwner() ? setEditing : undefined}
          />
          <Show when={data().account.branches.find((b) => b.id === editing())} keyed>
            {(node) => (
              <BranchEditForm
                node={node}
                nodes={data().account.branches}
                onDone={(saved) => {
                  setEditing(undefined);
                  if (saved) reload();
                }}
              />
            )}
          </Show>
          <Notice kind="error" message={message()} />
          <Show when={isOwner()}>
            <form class="inline-form" onSubmit={submit} aria-label={t('branch.add')}>
              <label>
                {t('common.name')}
                <input required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
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
                  <option value="">—</option>
                  <For each={data().account.branches}>{(b) => <option value={b.id}>{b.name}</option>}</For>
                </select>
              </label>
              <label>
                {t('branch.code')}
                <input value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
              </label>
              <button type="submit">{t('branch.add')}</button>
            </form>
          </Show>
        </div>
      )}
    </QueryView>
  );
}

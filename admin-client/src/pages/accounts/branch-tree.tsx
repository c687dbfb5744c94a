import { For, Show, type JSX } from 'solid-js';
import { t, tOf } from '../../i18n/i18n';
import { EditButton } from '../../components/edit-button';

/** A branch as the API lists it: flat, each node naming its parent. */
export interface BranchNode {
  id: string;
  name: string;
  kind: string;
  code?: string | null;
  active: boolean;
  parentId?: string | null;
}

export interface BranchTreeNode extends BranchNode {
  children: BranchTreeNode[];
}

/** Nests a flat branch list (zone → branch → department, R-ACC-2); orphans become roots, names sort each level. */
export function buildBranchTree(nodes: readonly BranchNode[]): BranchTreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, { ...n, children: [] as BranchTreeNode[] }]));
  const roots: BranchTreeNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: BranchTreeNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    list.forEach((n) => sort(n.children));
    return list;
  };
  return sort(roots);
}

/** The branch tree as nested lists, with a switch and an edit button per node when asked for. */
export function BranchTree(props: {
  nodes: readonly BranchNode[];
  onToggle?: (id: string, active: boolean) => void;
  onEdit?: (id: string) => void;
}): JSX.Element {
  const Level = (p: { items: BranchTreeNode[] }): JSX.Element => (
    <ul class="tree">
      <For each={p.items}>
        {(n) => (
          <li>
            <span classList={{ inactive: !n.active }}>
              {n.name}{' '}
              <small>
                ({tOf('branch', n.kind)}
                {n.code ? `, ${n.code}` : ''})
              </small>
            </span>
            <Show when={props.onToggle}>
              {' '}
              <button type="button" class="small" onClick={() => props.onToggle?.(n.id, !n.active)}>
                {n.active ? t('accounts.deactivate') : t('accounts.activate')}
              </button>
            </Show>
            <Show when={props.onEdit}>
              {' '}
              <EditButton name={n.name} onClick={() => props.onEdit?.(n.id)} />
            </Show>
            <Show when={n.children.length}>
              <Level items={n.children} />
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
  return (
    <Show when={props.nodes.length} fallback={<p class="state state-empty">{t('accounts.noBranches')}</p>}>
      <Level items={buildBranchTree(props.nodes)} />
    </Show>
  );
}

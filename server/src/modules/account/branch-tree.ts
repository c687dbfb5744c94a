/** Pure rules of an account's branch tree: zone → branch → department (R-ACC-2). */
import { BranchKind } from './account.entity.js';

const RANK: Record<BranchKind, number> = {
  [BranchKind.ZONE]: 0,
  [BranchKind.BRANCH]: 1,
  [BranchKind.DEPARTMENT]: 2,
};

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: BranchKind;
  accountId: string;
}

/** True when a node of kind `child` may sit directly under a node of kind `parent` (strictly lower level). */
export const mayNest = (parent: BranchKind, child: BranchKind): boolean => RANK[child] > RANK[parent];

/** Ids of a node and everything below it (the node's subtree). */
export function subtreeIds(nodes: readonly Pick<TreeNode, 'id' | 'parentId'>[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  }
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/**
 * Why `node` (new: id null) with `kind` may not be placed under `parent` given the account's
 * current nodes, or null when it may. Checks: same account, level order, no cycle, and that the
 * node's own children still sit strictly below its (possibly new) kind.
 */
export function placementProblem(
  nodes: readonly TreeNode[],
  node: { id: string | null; accountId: string; kind: BranchKind },
  parent: TreeNode | null,
): string | null {
  if (parent) {
    if (parent.accountId !== node.accountId) return 'the parent belongs to another account';
    if (node.id !== null && subtreeIds(nodes, node.id).has(parent.id))
      return 'a node cannot be moved under itself or one of its descendants';
    if (!mayNest(parent.kind, node.kind))
      return `a ${node.kind} cannot sit under a ${parent.kind}: levels go zone → branch → department`;
  }
  if (node.id !== null) {
    const blocking = nodes.find((n) => n.parentId === node.id && !mayNest(node.kind, n.kind));
    if (blocking) return `a ${blocking.kind} below it could no longer sit under a ${node.kind}`;
  }
  return null;
}

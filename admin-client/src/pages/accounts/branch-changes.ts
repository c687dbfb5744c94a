import type { BranchKind, UpdateBranchInput } from '../../generated/graphql';
import { changedFields } from '../../components/changed-fields';
import type { BranchNode } from './branch-tree';

/** The branch edit form's values; `parentId` '' means the top of the tree. */
export interface BranchEdit {
  name: string;
  code: string;
  address: string;
  kind: BranchKind;
  parentId: string;
}

/** A node as the edit form starts from it. */
export const branchEditOf = (b: BranchNode & { address?: string | null }): BranchEdit => ({
  name: b.name,
  code: b.code ?? '',
  address: b.address ?? '',
  kind: b.kind as BranchKind,
  parentId: b.parentId ?? '',
});

/** The updateBranch input for an edit: only what changed; a node taken to the top is sent as moveToTop. */
export function branchChanges(original: BranchEdit, edited: BranchEdit): UpdateBranchInput {
  const { parentId, kind, ...text } = changedFields(original, edited);
  const input: UpdateBranchInput = { ...text };
  if (kind) input.kind = kind as BranchKind;
  if (parentId !== undefined) {
    if (parentId) input.parentId = parentId;
    else input.moveToTop = true;
  }
  return input;
}

/** The nodes a node may move under: any but itself and its own descendants (the server checks the levels). */
export function parentChoices<T extends BranchNode>(nodes: readonly T[], id: string): T[] {
  const excluded = new Set([id]);
  // Parents come before children in no particular order, so repeat until no new descendant turns up.
  for (let grew = true; grew;) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId && excluded.has(n.parentId) && !excluded.has(n.id)) {
        excluded.add(n.id);
        grew = true;
      }
    }
  }
  return nodes.filter((n) => !excluded.has(n.id));
}

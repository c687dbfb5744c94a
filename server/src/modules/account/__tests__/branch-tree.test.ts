import { describe, expect, it } from 'vitest';
import { BranchKind } from '../account.entity.js';
import { mayNest, placementProblem, subtreeIds, type TreeNode } from '../branch-tree.js';

const A = 'acc-a';
const tree: TreeNode[] = [
  { id: 'z1', parentId: null, kind: BranchKind.ZONE, accountId: A },
  { id: 'b1', parentId: 'z1', kind: BranchKind.BRANCH, accountId: A },
  { id: 'd1', parentId: 'b1', kind: BranchKind.DEPARTMENT, accountId: A },
  { id: 'b2', parentId: null, kind: BranchKind.BRANCH, accountId: A },
];
const node = (id: string) => tree.find((n) => n.id === id)!;

describe('R-ACC-2 branch tree rules', () => {
  it('nests strictly downwards: zone → branch → department, levels may be skipped', () => {
    expect(mayNest(BranchKind.ZONE, BranchKind.BRANCH)).toBe(true);
    expect(mayNest(BranchKind.ZONE, BranchKind.DEPARTMENT)).toBe(true);
    expect(mayNest(BranchKind.BRANCH, BranchKind.DEPARTMENT)).toBe(true);
    expect(mayNest(BranchKind.BRANCH, BranchKind.BRANCH)).toBe(false);
    expect(mayNest(BranchKind.DEPARTMENT, BranchKind.ZONE)).toBe(false);
    expect(mayNest(BranchKind.DEPARTMENT, BranchKind.DEPARTMENT)).toBe(false);
  });

  it('collects a subtree', () => {
    expect([...subtreeIds(tree, 'z1')].sort()).toEqual(['b1', 'd1', 'z1']);
    expect([...subtreeIds(tree, 'b2')]).toEqual(['b2']);
  });

  it('accepts a new node under a higher level and at the top', () => {
    expect(placementProblem(tree, { id: null, accountId: A, kind: BranchKind.DEPARTMENT }, node('b2'))).toBeNull();
    expect(placementProblem(tree, { id: null, accountId: A, kind: BranchKind.ZONE }, null)).toBeNull();
  });

  it('refuses a parent of the same or a lower level, or of another account', () => {
    expect(placementProblem(tree, { id: null, accountId: A, kind: BranchKind.BRANCH }, node('b1'))).toMatch(
      /cannot sit under/,
    );
    expect(placementProblem(tree, { id: null, accountId: A, kind: BranchKind.ZONE }, node('d1'))).toMatch(
      /cannot sit under/,
    );
    const foreign: TreeNode = { id: 'x', parentId: null, kind: BranchKind.ZONE, accountId: 'acc-b' };
    expect(placementProblem(tree, { id: null, accountId: A, kind: BranchKind.BRANCH }, foreign)).toMatch(
      /another account/,
    );
  });

  it('refuses moving a node under itself or its descendant (no cycles)', () => {
    expect(placementProblem(tree, node('z1'), node('d1'))).toMatch(/descendants/);
    expect(placementProblem(tree, node('b1'), node('b1'))).toMatch(/descendants/);
  });

  it('refuses a kind change that would leave a child at the same or a higher level', () => {
    expect(placementProblem(tree, { ...node('b1'), kind: BranchKind.DEPARTMENT }, node('z1'))).toMatch(
      /could no longer sit/,
    );
    expect(placementProblem(tree, { ...node('b1'), kind: BranchKind.ZONE }, null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { branchChanges, branchEditOf, parentChoices } from './branch-changes';

const nodes = [
  { id: 'z1', name: 'North', kind: 'ZONE', active: true, parentId: null },
  { id: 'd1', name: 'Accounting', kind: 'DEPARTMENT', active: true, parentId: 'b1' },
  { id: 'b1', name: 'Murmansk', kind: 'BRANCH', active: true, parentId: 'z1', code: 'MUR' },
  { id: 'z2', name: 'South', kind: 'ZONE', active: true, parentId: null },
];

describe('R-ACC-2 renaming and moving a branch-tree node', () => {
  it('offers every node but the one moved and its descendants as a new parent', () => {
    expect(parentChoices(nodes, 'z1').map((n) => n.id)).toEqual(['z2']);
    expect(parentChoices(nodes, 'b1').map((n) => n.id)).toEqual(['z1', 'z2']);
    expect(parentChoices(nodes, 'd1').map((n) => n.id)).toEqual(['z1', 'b1', 'z2']);
  });

  it('sends only what changed: a rename, a new code, a removed address', () => {
    const original = branchEditOf({ ...nodes[2]!, address: 'Lenina 1' });
    expect(branchChanges(original, { ...original, name: 'Murmansk-1', code: 'MUR1', address: '' })).toEqual({
      name: 'Murmansk-1',
      code: 'MUR1',
      address: '',
    });
    expect(branchChanges(original, { ...original })).toEqual({});
  });

  it('moves under another node by id, and to the top with moveToTop', () => {
    const original = branchEditOf(nodes[2]!);
    expect(branchChanges(original, { ...original, parentId: 'z2' })).toEqual({ parentId: 'z2' });
    expect(branchChanges(original, { ...original, parentId: '', kind: 'ZONE' })).toEqual({
      moveToTop: true,
      kind: 'ZONE',
    });
  });
});

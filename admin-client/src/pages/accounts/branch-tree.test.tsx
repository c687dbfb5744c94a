import { render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { BranchTree, buildBranchTree } from './branch-tree';

const nodes = [
  { id: 'd1', name: 'Accounting', kind: 'DEPARTMENT', active: true, parentId: 'b1' },
  { id: 'z1', name: 'North', kind: 'ZONE', active: true, parentId: null },
  { id: 'b1', name: 'Murmansk', kind: 'BRANCH', active: false, parentId: 'z1', code: 'MUR' },
  { id: 'b0', name: 'Arkhangelsk', kind: 'BRANCH', active: true, parentId: 'z1' },
];

describe('branch tree (R-ACC-2)', () => {
  it('nests zone → branch → department and sorts each level by name', () => {
    const tree = buildBranchTree(nodes);
    expect(tree.map((n) => n.id)).toEqual(['z1']);
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['Arkhangelsk', 'Murmansk']);
    expect(tree[0]!.children[1]!.children.map((n) => n.id)).toEqual(['d1']);
  });

  it('keeps a node whose parent is missing as a root instead of dropping it', () => {
    expect(
      buildBranchTree([{ id: 'x', name: 'Lost', kind: 'BRANCH', active: true, parentId: 'gone' }]).map((n) => n.id),
    ).toEqual(['x']);
  });

  it('renders nested lists and switches a node with its button', async () => {
    const onToggle = vi.fn();
    render(() => <BranchTree nodes={nodes} onToggle={onToggle} />);
    const murmansk = screen.getByText(/Murmansk/);
    expect(murmansk.closest('ul')!.closest('li')!.textContent).toContain('North');
    const buttons = screen.getAllByRole('button');
    expect(buttons).toHaveLength(4);
    // Murmansk is inactive: its button switches it on.
    const murmanskButton = murmansk.parentElement!.querySelector('button')!;
    murmanskButton.click();
    expect(onToggle).toHaveBeenCalledWith('b1', true);
  });

  it('R-ACC-2 offers an edit button per node, named after the node, when editing is allowed', () => {
    const onEdit = vi.fn();
    render(() => <BranchTree nodes={nodes} onEdit={onEdit} />);
    expect(screen.getAllByRole('button')).toHaveLength(4);
    screen.getByRole('button', { name: 'Изменить: Accounting' }).click();
    expect(onEdit).toHaveBeenCalledWith('d1');
  });

  it('says so when there are no branches', () => {
    render(() => <BranchTree nodes={[]} />);
    expect(screen.getByText('Филиалов нет.')).toBeTruthy();
  });
});

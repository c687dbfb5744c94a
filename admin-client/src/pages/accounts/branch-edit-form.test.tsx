import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { OfflineApi } from '../../../test/support/offline-client';
import { BranchEditForm } from './branch-edit-form';

const nodes = [
  { id: 'z1', name: 'North', kind: 'ZONE', active: true, parentId: null },
  { id: 'b1', name: 'Murmansk', kind: 'BRANCH', active: true, parentId: 'z1', code: 'MUR', address: 'Lenina 1' },
  { id: 'd1', name: 'Accounting', kind: 'DEPARTMENT', active: true, parentId: 'b1' },
  { id: 'z2', name: 'South', kind: 'ZONE', active: true, parentId: null },
];

function renderForm(onDone = vi.fn()) {
  render(() => (
    <OfflineApi>
      <BranchEditForm node={nodes[1]!} nodes={nodes} onDone={onDone} />
    </OfflineApi>
  ));
  return onDone;
}

describe('R-ACC-2 editing a branch-tree node', () => {
  it('starts from the node, focused on its name, and offers no parent inside its own subtree', () => {
    renderForm();
    const name = screen.getByLabelText('Название') as HTMLInputElement;
    expect(name.value).toBe('Murmansk');
    expect(document.activeElement).toBe(name);
    expect((screen.getByLabelText('Адрес') as HTMLInputElement).value).toBe('Lenina 1');
    const parent = screen.getByLabelText('Входит в') as HTMLSelectElement;
    expect(parent.value).toBe('z1');
    expect([...parent.options].map((o) => o.textContent)).toEqual(['Верхний уровень', 'North (Зона)', 'South (Зона)']);
  });

  it('saving with nothing changed says so without asking the server', () => {
    const onDone = renderForm();
    fireEvent.submit(screen.getByRole('form'));
    expect(screen.getByRole('status').textContent).toBe('Ничего не изменилось.');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('Escape and Cancel close it unsaved', () => {
    const onDone = renderForm();
    fireEvent.keyDown(screen.getByLabelText('Код'), { key: 'Escape' });
    screen.getByRole('button', { name: 'Отмена' }).click();
    expect(onDone.mock.calls).toEqual([[false], [false]]);
  });
});

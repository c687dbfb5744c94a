import { render, screen, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { DataTable } from './data-table';

interface Row {
  id: string;
  name: string;
  done: boolean;
}

describe('DataTable', () => {
  it('labels every cell with its column, gives rows their attributes and follows the rows it is given', () => {
    const [rows, setRows] = createSignal<Row[]>([
      { id: 'a', name: 'Printer', done: false },
      { id: 'b', name: 'Network', done: true },
    ]);
    render(() => (
      <DataTable
        rows={rows()}
        rowAttributes={(r) => ({ 'data-row': r.id, classList: { done: r.done } })}
        columns={[
          { label: 'Name', cell: (r) => r.name },
          { label: 'State', class: 'pre', cell: (r) => <b>{r.done ? 'closed' : 'open'}</b> },
          { label: 'Actions', hiddenLabel: true, cell: (r) => <button type="button">Edit {r.name}</button> },
        ]}
      />
    ));
    const table = screen.getByRole('table');
    expect(table.parentElement?.classList.contains('table-wrap')).toBe(true);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Name', 'State', 'Actions']);
    // A column of buttons is named for screen readers only.
    expect(within(table).getAllByRole('columnheader')[2]!.querySelector('.visually-hidden')).not.toBeNull();

    const printer = table.querySelector('tr[data-row="a"]')!;
    const network = table.querySelector('tr[data-row="b"]')!;
    expect(printer.classList.contains('done')).toBe(false);
    expect(network.classList.contains('done')).toBe(true);
    const cells = [...printer.querySelectorAll('td')];
    expect(cells.map((c) => c.getAttribute('data-label'))).toEqual(['Name', 'State', null]);
    expect(cells.map((c) => c.textContent)).toEqual(['Printer', 'open', 'Edit Printer']);
    expect(cells[1]!.className).toBe('pre');

    setRows([{ id: 'c', name: 'Mail', done: false }]);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Edit Mail' })).toBeTruthy();
  });
});

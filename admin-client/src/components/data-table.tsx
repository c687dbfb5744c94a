import { For, createMemo, type JSX } from 'solid-js';

/** One column of a {@link DataTable}. */
export interface Column<T> {
  /** The header; also each cell's `data-label`, which the stacked layout on narrow screens shows. */
  label: string;
  /** Shown in the header only to screen readers (a column of buttons needs a name, not a visible title). */
  hiddenLabel?: boolean;
  /** The cell of one row. */
  cell: (row: T) => JSX.Element;
  /** The cell's class (e.g. `pre` for preformatted text). */
  class?: string;
}

/** A row's attributes: its classes and data-* attributes. */
export type RowAttributes = Pick<JSX.HTMLAttributes<HTMLTableRowElement>, 'class' | 'classList'> &
  Record<`data-${string}`, string | undefined>;

/**
 * The admin panel's list table: a header row of the columns' labels and one row per item, every cell labelled
 * for the stacked layout, inside the horizontally scrolling wrapper. `rowAttributes` gives a row its data-*
 * attributes and classes (what styles and tests select by).
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  columns: Column<T>[];
  rowAttributes?: (row: T) => RowAttributes;
  /** The table's class (e.g. `report-table`). */
  class?: string;
}): JSX.Element {
  // The columns are rebuilt only when what their labels read changes (the language), not once per row.
  const columns = createMemo(() => props.columns);
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <thead>
          <tr>
            <For each={columns()}>
              {(column) => (
                <th scope="col">
                  {column.hiddenLabel ? <span class="visually-hidden">{column.label}</span> : column.label}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr {...(props.rowAttributes?.(row) ?? {})}>
                <For each={columns()}>
                  {(column) => (
                    <td data-label={column.hiddenLabel ? undefined : column.label} class={column.class}>
                      {column.cell(row)}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

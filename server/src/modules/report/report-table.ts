import { wallClock } from '../../common/time-zone.js';

/** The languages report files are written in (column titles, sheet names, the totals label). */
export type ReportLanguage = 'ru' | 'en';

/** How a column's values are written: XLSX keeps numbers numeric, CSV writes them as text. */
export type ColumnKind = 'text' | 'int' | 'number' | 'money' | 'percent' | 'datetime';

export type Cell = string | number | null;

/** A column: its title in each language and its kind. */
export interface ColumnDef<R> {
  ru: string;
  en: string;
  kind: ColumnKind;
  value: (row: R) => Cell;
}

/** One table of a report file: a sheet of the XLSX, or the whole CSV. */
export interface ReportTable {
  /** Stable name, used to pick the table of a CSV download (`table=`). */
  name: string;
  title: string;
  columns: Array<{ title: string; kind: ColumnKind }>;
  rows: Cell[][];
}

export const TOTAL_LABEL: Record<ReportLanguage, string> = { ru: 'Итого', en: 'Total' };

/**
 * Builds a table from typed rows with one column list, so that a file holds exactly the rows the query
 * returned, in the same order; the totals row (if any) comes last, labelled in the first column.
 */
export function buildTable<R, T = R>(
  lang: ReportLanguage,
  spec: { name: string; ru: string; en: string },
  columns: ReadonlyArray<ColumnDef<R>>,
  rows: readonly R[],
  totals?: { row: T; columns: ReadonlyArray<ColumnDef<T> | null> },
): ReportTable {
  const body = rows.map((r) => columns.map((c) => c.value(r)));
  if (totals) {
    body.push(totals.columns.map((c, i) => (i === 0 ? TOTAL_LABEL[lang] : c ? c.value(totals.row) : null)));
  }
  return {
    name: spec.name,
    title: spec[lang],
    columns: columns.map((c) => ({ title: c[lang], kind: c.kind })),
    rows: body,
  };
}

/** A moment as the wall clock of the zone reads it, `YYYY-MM-DD HH:mm`. */
export function localDateTime(d: Date, timeZone: string): string {
  const w = wallClock(d, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** A 0..1 share as a percentage with two decimals. */
export const percent = (share: number | null): number | null =>
  share === null ? null : Math.round(share * 10_000) / 100;

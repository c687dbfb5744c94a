import writeXlsxFile from 'write-excel-file/universal';

/** A table as shown on screen: header labels and rows of cell values. */
export interface ExportTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

/** RFC 4180 CSV with a BOM, so spreadsheet programs read Cyrillic correctly. */
export function tableToCsv(table: ExportTable): string {
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The same table as an XLSX workbook (one sheet, bold header). */
export async function tableToXlsx(table: ExportTable): Promise<Blob> {
  const header = table.columns.map((value) => ({ value, fontWeight: 'bold' as const }));
  const rows = table.rows.map((row) =>
    row.map((value) =>
      value == null
        ? null
        : typeof value === 'number'
          ? { value, type: Number }
          : { value: String(value), type: String },
    ),
  );
  return writeXlsxFile([header, ...rows]).toBlob();
}

/** Hands a file to the browser as a download. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

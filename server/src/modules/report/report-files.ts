import ExcelJS from 'exceljs';
import type { Cell, ReportTable } from './report-table.js';

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const sheetName = (title: string) => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

const NUMBER_FORMATS: Partial<Record<ReportTable['columns'][number]['kind'], string>> = {
  int: '0',
  number: '0.00',
  money: '#,##0.00',
  percent: '0.00',
};

/** A cell as Excel should hold it: numbers (money included) numeric, the rest text. */
function xlsxValue(value: Cell, kind: ReportTable['columns'][number]['kind']): string | number | null {
  if (value === null) return null;
  if (kind === 'money' && typeof value === 'string') return Number(value);
  return value;
}

/** The tables as an XLSX workbook, one sheet per table with a bold header row. */
export async function toXlsx(tables: readonly ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ITSupport';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title));
    sheet.addRow(table.columns.map((c) => c.title)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v, i) => xlsxValue(v, table.columns[i]!.kind)));
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.min(Math.max(c.title.length + 2, 12), 40);
      const format = NUMBER_FORMATS[c.kind];
      if (format) column.numFmt = format;
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One table as CSV (RFC 4180: CRLF line ends, a header row), with a UTF-8 byte order mark so that Excel
 * reads Cyrillic titles correctly.
 */
export function toCsv(table: ReportTable): Buffer {
  const lines = [table.columns.map((c) => csvField(c.title)), ...table.rows.map((r) => r.map(csvField))];
  return Buffer.from(`\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`, 'utf8');
}

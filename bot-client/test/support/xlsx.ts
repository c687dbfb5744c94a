import { createRequire } from 'node:module';

// The server writes the reports with exceljs; the tests read them back with the same library (a server
// dependency, loaded from there so the bot itself does not depend on it). Only what is used is typed here.
interface Workbook {
  xlsx: { load(data: Buffer): Promise<unknown> };
  eachSheet(visit: (sheet: { eachRow(visit: (row: { values: unknown }) => void): void }) => void): void;
}
const requireFromServer = createRequire(new URL('../../../server/package.json', import.meta.url));
const { Workbook } = requireFromServer('exceljs') as { Workbook: new () => Workbook };

/** Every cell text of every sheet of an XLSX file, a line per row, cells separated by tabs. */
export async function xlsxText(data: Buffer): Promise<string> {
  const workbook = new Workbook();
  await workbook.xlsx.load(data);
  const lines: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const values = Array.isArray(row.values) ? row.values : Object.values(row.values as object);
      lines.push(values.map((v) => (v === null || v === undefined ? '' : String(v))).join('\t'));
    }),
  );
  return lines.join('\n');
}

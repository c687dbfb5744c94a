import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx } from '../report-files.js';
import { buildTable, localDateTime } from '../report-table.js';

const table = buildTable(
  'ru',
  { name: 'demo', ru: 'Проба: [1]', en: 'Demo' },
  [
    { ru: 'Клиент', en: 'Account', kind: 'text', value: (r: { name: string; n: number; sum: string }) => r.name },
    { ru: 'Заявок', en: 'Orders', kind: 'int', value: (r) => r.n },
    { ru: 'Сумма, ₽', en: 'Amount', kind: 'money', value: (r) => r.sum },
  ],
  [
    { name: 'ООО "Ромашка", Москва', n: 2, sum: '1500.50' },
    { name: 'Line\nbreak', n: 0, sum: '0.00' },
  ],
  { row: { n: 2, sum: '1500.50' }, columns: [null, { ru: '', en: '', kind: 'int', value: (t) => t.n }, null] },
);

describe('R-REP-1..5 report files', () => {
  it('CSV is RFC 4180 with a header row and a UTF-8 byte order mark', () => {
    const csv = toCsv(table).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe(
      'Клиент,Заявок,"Сумма, ₽"\r\n"ООО ""Ромашка"", Москва",2,1500.50\r\n"Line\nbreak",0,0.00\r\nИтого,2,\r\n',
    );
  });

  it('XLSX opens again with the same rows, numbers numeric, one sheet per table', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([table])) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Проба   1 ');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['Клиент', 'Заявок', 'Сумма, ₽'],
      ['ООО "Ромашка", Москва', 2, 1500.5],
      ['Line\nbreak', 0, 0],
      ['Итого', 2],
    ]);
  });

  it('writes moments as the TIMEZONE wall clock reads them', () => {
    expect(localDateTime(new Date('2027-01-31T21:00:00Z'), 'Europe/Moscow')).toBe('2027-02-01 00:00');
  });
});

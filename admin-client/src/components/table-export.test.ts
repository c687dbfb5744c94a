import { describe, expect, it } from 'vitest';
import { tableToCsv, tableToXlsx } from './table-export';

describe('report export (R-REP: XLSX and CSV of what is on screen)', () => {
  const table = {
    columns: ['Клиент', 'Заявок', 'Комментарий'],
    rows: [
      ['ООО "Ромашка"', 3, 'a, b'],
      ['Итого', 3, null],
    ],
  };

  it('writes CSV with a BOM, quoting commas and quotes, empty cells for missing values', () => {
    expect(tableToCsv(table)).toBe('\uFEFFКлиент,Заявок,Комментарий\r\n"ООО ""Ромашка""",3,"a, b"\r\nИтого,3,\r\n');
  });

  it('writes a real XLSX workbook (a zip archive)', async () => {
    const blob = await tableToXlsx(table);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(bytes.length).toBeGreaterThan(1000);
  });
});

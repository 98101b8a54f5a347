import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { addSafeRow, safeCell } from './spreadsheet-cells';

describe('safeCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `'=HYPERLINK("http://evil.example","点我")`],
    ['+1+cmd|/c calc', `'+1+cmd|/c calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('writes %p as text with an apostrophe first', (value, written) => {
    expect(safeCell(value)).toBe(written);
  });

  it.each(['孩子在操场被推倒', 'a=b', '1+1', 'x@y.cn', '', ' =1 (a space first is not a formula)'])('leaves %p as it is', (value) => {
    expect(safeCell(value)).toBe(value);
  });

  it('leaves numbers, dates and empty cells alone (they are not text)', () => {
    const d = new Date('2026-11-30T00:00:00Z');
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(d)).toBe(d);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeUndefined();
  });

  it('addSafeRow writes string cells, never formulas', async () => {
    const wb = new ExcelJS.Workbook();
    addSafeRow(wb.addWorksheet('s'), ['=1+1', 7, '正常']);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as any);
    const row = back.worksheets[0].getRow(1);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toBe("'=1+1");
    expect(row.getCell(2).value).toBe(7);
    expect(row.getCell(3).value).toBe('正常');
  });
});

const SRC = join(__dirname, '..', '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') && !n.endsWith('.spec.ts') ? [join(dir, n)] : []));

/** One owner for the rule: no export writes rows with exceljs directly (only spreadsheet-cells.ts does). */
describe('every spreadsheet export goes through addSafeRow', () => {
  it('finds no .addRow( / .addRows( / .insertRow( outside spreadsheet-cells.ts', () => {
    const offenders = files(SRC)
      .filter((f) => !f.endsWith(join('common', 'export', 'spreadsheet-cells.ts')))
      .filter((f) => /\.(addRows?|insertRows?|spliceRows|duplicateRow)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});

/** exceljs and pdfkit are loaded on first use by their owners, not by every process at start. */
describe('exceljs and pdfkit', () => {
  it('are loaded only where they are first used: elsewhere they are imported for their types alone', () => {
    const owners = [join('common', 'export', 'spreadsheet-cells.ts'), join('common', 'export', 'pdf-bytes.ts')];
    const offenders = files(SRC)
      .filter((f) => !owners.some((o) => f.endsWith(o)))
      .filter((f) => /^import (?!type )[^;]*from '(exceljs|pdfkit)'|require\('(exceljs|pdfkit)'\)/m.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});

import type { Row, Workbook, Worksheet } from 'exceljs';

/**
 * A new, empty exceljs workbook (to write an export into, or to load an uploaded roster). exceljs is loaded on the first
 * call, not when the server starts: with its dependencies it is 666 modules (most of the 534 a server process no longer
 * loads at start, 3,165 → 2,631), and only exports and roster imports use it.
 */
export function newWorkbook(): Workbook {
  const { Workbook: WorkbookClass } = require('exceljs') as typeof import('exceljs');
  return new WorkbookClass();
}

/**
 * Characters that make Excel, WPS or LibreOffice read a typed or imported cell as a formula when they come
 * first (= + - @), and tab / carriage return, which some of them skip before looking (OWASP, "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that may be read as a formula is written with a leading apostrophe, so it stays text however the file is
 * opened, re-saved or copied into another sheet (e.g. `=HYPERLINK("http://evil","点我")` becomes
 * `'=HYPERLINK(…)`). Numbers, dates, booleans and empty cells pass through unchanged.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Every row of every spreadsheet the server exports goes through here: the values are made safe by `safeCell`
 * and always written as values, never as formulas.
 */
export function addSafeRow(ws: Worksheet, values: unknown[]): Row {
  return ws.addRow(values.map(safeCell));
}

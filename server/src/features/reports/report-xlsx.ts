import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { ReportContent } from './report-content';

/**
 * The report's 台账: one sheet, the title and notes, then the header and the rows (every cell through addSafeRow, so
 * a school name starting with = + - @ stays text). Counts are numbers; a suppressed one is the text '<3'.
 */
export async function buildReportXlsx(content: ReportContent): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  const ws = wb.addWorksheet(content.sheetName);
  const width = content.header.length;
  addSafeRow(ws, [content.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, width);
  for (const note of content.notes) {
    const row = addSafeRow(ws, [note]);
    ws.mergeCells(row.number, 1, row.number, width);
  }
  addSafeRow(ws, content.header).font = { bold: true };
  for (const r of content.rows) addSafeRow(ws, r);
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 24 : 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

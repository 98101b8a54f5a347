import type PDFDocument from 'pdfkit';
import { a4TextFlow, A4, pdfBytes, PDF_GREEN as GREEN, PDF_INK as INK, PDF_MUTED as MUTED, PDF_RULE as RULE } from '../../platform/common/export/pdf-bytes';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { PosterFonts } from '../posters/poster-font';
import type { SurveyExportContent } from './survey-export-content';

const MARGIN = 48;

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/**
 * The report's tables as a workbook, one sheet per table under the title and notes. Every row goes through
 * addSafeRow: a class, grade or option name starting with = + - @ stays text, never a formula.
 */
export async function buildSurveyXlsx(content: SurveyExportContent): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  for (const table of content.tables) {
    const ws = wb.addWorksheet(sheetName(table.title));
    addSafeRow(ws, [content.title]).font = { bold: true, size: 14 };
    for (const note of content.notes) addSafeRow(ws, [note]);
    addSafeRow(ws, []);
    addSafeRow(ws, [table.title]).font = { bold: true };
    addSafeRow(ws, table.header).font = { bold: true };
    for (const row of table.rows) addSafeRow(ws, row);
    ws.columns.forEach((c, i) => { c.width = i === 0 ? 28 : 16; });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The summary for the school meeting on A4: the title and notes, then each table with ruled rows, columns sharing the
 * width after a wider first one. Noto Sans SC from the posters' loader (as pledges and semester reports use it).
 */
export function renderSurveyPdf(content: SurveyExportContent, fonts: PosterFonts): Promise<Buffer> {
  return pdfBytes({ size: A4, margin: MARGIN, info: { Title: content.title, Creator: '安心家校' } }, (doc) => draw(doc, content, fonts));
}

function draw(doc: PDFDocument, content: SurveyExportContent, fonts: PosterFonts): void {
  const { width, room, line } = a4TextFlow(doc, fonts, MARGIN);
  line(content.title, 'bold', 17, INK, 'center');
  doc.y += 4;
  for (const note of content.notes) line(note, 'regular', 9.5, MUTED, 'center');
  for (const table of content.tables) {
    doc.y += 14;
    line(table.title, 'bold', 12.5, GREEN);
    doc.y += 4;
    const cols = table.header.length;
    const first = cols > 2 ? Math.min(width * 0.34, 170) : width * 0.6;
    const rest = cols > 1 ? (width - first) / (cols - 1) : 0;
    const x = (i: number) => MARGIN + (i === 0 ? 0 : first + (i - 1) * rest);
    const w = (i: number) => (i === 0 ? first : rest) - 4;
    const row = (cells: string[], font: 'regular' | 'bold') => {
      doc.font(font).fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: w(i) }))) + 4;
      room(h);
      const y = doc.y;
      cells.forEach((c, i) => doc.fillColor(INK).text(c, x(i), y + 2, { width: w(i) }));
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.y = y + h;
    };
    row(table.header, 'bold');
    for (const r of table.rows) row(r, 'regular');
  }
}

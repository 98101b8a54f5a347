import type PDFDocument from 'pdfkit';
import { a4TextFlow, A4, pdfBytes, PDF_GREEN as GREEN, PDF_INK as INK, PDF_MUTED as MUTED } from '../../platform/common/export/pdf-bytes';
import { countText, countValue, isSmallCount } from '@anxin/shared';
import type { PosterFonts } from '../posters/poster-font';
import type { ReportChart, ReportContent } from './report-content';

const MARGIN = 56;
const LIGHT = '#d6e6e0';
const BAR_HEIGHT = 14;
const BAR_GAP = 6;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 40;

/**
 * The report's PDF summary on A4: the title, the notes, the key figures, then each chart as horizontal bars drawn as
 * vector shapes (a bar's length is its count over the chart's largest; '<3' is drawn as 2 and hatched, as the app
 * draws it). Noto Sans SC from the posters' loader; pdfkit embeds only the glyphs used.
 */
export function renderReportPdf(content: ReportContent, fonts: PosterFonts): Promise<Buffer> {
  return pdfBytes({ size: A4, margin: MARGIN, info: { Title: content.title, Creator: '安心家校' } }, (doc) => draw(doc, content, fonts));
}

function draw(doc: PDFDocument, content: ReportContent, fonts: PosterFonts): void {
  const { width, room, line } = a4TextFlow(doc, fonts, MARGIN);

  line(content.title, 'bold', 18, INK, 'center');
  doc.y += 4;
  for (const note of content.notes) line(note, 'regular', 10, MUTED, 'center');
  doc.y += 14;

  line('主要数据', 'bold', 13, GREEN);
  doc.y += 4;
  const half = width / 2;
  for (let i = 0; i < content.figures.length; i += 2) {
    room(18);
    const y = doc.y;
    for (const [j, f] of content.figures.slice(i, i + 2).entries()) {
      doc.font('regular').fontSize(10.5).fillColor(MUTED).text(`${f.label}：`, MARGIN + j * half, y, { width: half * 0.6, height: 16, ellipsis: true });
      doc.font('bold').fillColor(INK).text(f.value, MARGIN + j * half + half * 0.6, y, { width: half * 0.4 - 8, height: 16, ellipsis: true });
    }
    doc.y = y + 18;
  }
  for (const chart of content.charts) {
    doc.y += 14;
    drawChart(doc, chart, width, room);
  }
}

function drawChart(doc: PDFDocument, chart: ReportChart, width: number, room: (h: number) => void): void {
  room(24 + BAR_HEIGHT + BAR_GAP);
  doc.font('bold').fontSize(13).fillColor(GREEN).text(chart.title, MARGIN, doc.y, { width });
  doc.y += 6;
  const max = Math.max(1, ...chart.bars.map((b) => countValue(b.count)));
  const barSpace = width - LABEL_WIDTH - VALUE_WIDTH - 8;
  for (const bar of chart.bars) {
    room(BAR_HEIGHT + BAR_GAP);
    const y = doc.y;
    doc.font('regular').fontSize(9.5).fillColor(INK).text(bar.label, MARGIN, y + 1, { width: LABEL_WIDTH - 6, height: BAR_HEIGHT, ellipsis: true });
    const x = MARGIN + LABEL_WIDTH;
    doc.rect(x, y, barSpace, BAR_HEIGHT).fill(LIGHT);
    const length = (countValue(bar.count) / max) * barSpace;
    if (length > 0) {
      doc.rect(x, y, length, BAR_HEIGHT).fill(GREEN);
      if (isSmallCount(bar.count)) hatch(doc, x, y, length);
    }
    doc.font('bold').fontSize(9.5).fillColor(INK).text(countText(bar.count), x + barSpace + 6, y + 1, { width: VALUE_WIDTH, height: BAR_HEIGHT });
    doc.y = y + BAR_HEIGHT + BAR_GAP;
  }
}

/** Short diagonal white strokes across a suppressed bar, inside it. */
function hatch(doc: PDFDocument, x: number, y: number, length: number): void {
  doc.strokeColor('#ffffff').lineWidth(1.2);
  for (let sx = x + 2; sx + 2 < x + length; sx += 5) doc.moveTo(sx, y + BAR_HEIGHT - 2).lineTo(Math.min(sx + 4, x + length - 1), y + 2).stroke();
}

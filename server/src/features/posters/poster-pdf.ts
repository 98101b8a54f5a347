import type PDFDocument from 'pdfkit';
import { A4, pdfBytes } from '../../platform/common/export/pdf-bytes';
import type { PosterCode } from './poster-code';
import type { PosterFonts } from './poster-font';

/** What one poster prints, top to bottom. Every text is Simplified Chinese for the people who read it. */
export interface PosterContent {
  /** PDF metadata title. */
  documentTitle: string;
  /** Small line in the header band (the school, or the school and class). */
  kicker: string;
  /** Large line in the header band. */
  title: string;
  intro: string;
  code: PosterCode;
  codeCaption: string;
  /** A value printed large under the code (the class invite code), if any. */
  highlight: { label: string; value: string } | null;
  /** Boxed notes (anonymity, how binding works). */
  notes: string[];
  contact: { name: string; phone: string } | null;
  emergency: ReadonlyArray<{ name: string; number: string }>;
}

const MARGIN = 48;
const GREEN = '#1f6f5c';
const INK = '#1f2623';
const MUTED = '#5a635f';
const RED = '#b3261e';
const CODE_SIZE = 220;
/** U+3000, the full-width space between items of a Chinese line. */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Lays out one A4 page and returns the PDF bytes. Only the glyphs used are embedded (pdfkit subsets the font). */
export function renderPosterPdf(content: PosterContent, fonts: PosterFonts): Promise<Buffer> {
  return pdfBytes({ size: A4, margin: 0, info: { Title: content.documentTitle, Creator: '安心家校' } }, (doc) => draw(doc, content, fonts));
}

function draw(doc: PDFDocument, c: PosterContent, fonts: PosterFonts): void {
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const [pageW, pageH] = A4;
  const width = pageW - 2 * MARGIN;

  doc.rect(0, 0, pageW, 150).fill(GREEN);
  // Long school and class names shrink to one line, down to 12 pt; beyond that they wrap to two and are cut.
  let kickerSize = 20;
  doc.font('bold');
  while (kickerSize > 12 && doc.fontSize(kickerSize).widthOfString(c.kicker) > width) kickerSize--;
  const kickerTop = doc.heightOfString(c.kicker, { width }) > kickerSize * 1.6 ? 22 : 34;
  doc.fontSize(kickerSize).fillColor('#ffffff').text(c.kicker, MARGIN, kickerTop, { width, align: 'center', height: kickerSize * 2.9, ellipsis: true });
  doc.font('bold').fontSize(38).fillColor('#ffffff').text(c.title, MARGIN, 70, { width, align: 'center' });

  let y = 172;
  doc.font('regular').fontSize(15).fillColor(INK);
  doc.text(c.intro, MARGIN, y, { width, align: 'center', lineGap: 4 });
  y += doc.heightOfString(c.intro, { width, lineGap: 4 }) + 16;

  const codeX = (pageW - CODE_SIZE) / 2;
  if (c.code.kind === 'wxacode') doc.image(c.code.image, codeX, y, { fit: [CODE_SIZE, CODE_SIZE] });
  else drawQr(doc, c.code.modules, codeX, y, CODE_SIZE);
  y += CODE_SIZE + 8;
  doc.font('bold').fontSize(15).fillColor(INK).text(c.codeCaption, MARGIN, y, { width, align: 'center' });
  y += 24;
  if (c.code.kind === 'link') {
    doc.font('regular').fontSize(9).fillColor(MUTED).text(c.code.link, MARGIN, y, { width, align: 'center' });
    y += doc.heightOfString(c.code.link, { width }) + 6;
  }
  if (c.highlight) {
    doc.font('regular').fontSize(14).fillColor(MUTED).text(c.highlight.label, MARGIN, y + 4, { width, align: 'center' });
    doc.font('bold').fontSize(34).fillColor(GREEN).text(c.highlight.value, MARGIN, y + 22, { width, align: 'center', characterSpacing: 4 });
    y += 64;
  }

  y += 6;
  for (const note of c.notes) {
    const h = doc.font('regular').fontSize(13).heightOfString(note, { width: width - 32, lineGap: 3 }) + 24;
    doc.roundedRect(MARGIN, y, width, h, 8).fill('#eef5f2');
    doc.fillColor(INK).text(note, MARGIN + 16, y + 12, { width: width - 32, lineGap: 3 });
    y += h + 10;
  }

  if (c.contact) {
    y += 4;
    // One line at up to 24 pt; a very long name or phone shrinks to 14 pt and then wraps inside a taller box.
    const line = `${c.contact.name}${IDEOGRAPHIC_SPACE}电话 ${c.contact.phone}`;
    let size = 24;
    doc.font('bold');
    while (size > 14 && doc.fontSize(size).widthOfString(line) > width - 24) size--;
    const lineH = doc.fontSize(size).heightOfString(line, { width: width - 24 });
    const boxH = 48 + lineH;
    doc.lineWidth(1.5).strokeColor(GREEN).roundedRect(MARGIN, y, width, boxH, 8).stroke();
    doc.font('regular').fontSize(14).fillColor(MUTED).text('学校欺凌防治负责人', MARGIN, y + 12, { width, align: 'center' });
    doc.font('bold').fontSize(size).fillColor(INK).text(line, MARGIN + 12, y + 36, { width: width - 24, align: 'center' });
    y += boxH + 12;
  }

  const numbers = c.emergency.map((n) => `${n.name} ${n.number}`).join(IDEOGRAPHIC_SPACE);
  const emergencyY = Math.max(y + 4, pageH - 96);
  doc.font('bold').fontSize(16).fillColor(RED).text(`遇到危险，请立即拨打：${numbers}`, MARGIN, emergencyY, { width, align: 'center' });
  doc.font('regular').fontSize(10).fillColor(MUTED).text('安心家校', MARGIN, Math.max(pageH - 40, emergencyY + 28), { width, align: 'center' });
}

/** A QR code as filled squares (with a quiet zone of two modules inside `size`). */
function drawQr(doc: PDFDocument, modules: Extract<PosterCode, { kind: 'link' }>['modules'], x: number, y: number, size: number): void {
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.dark(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell + 0.05, cell + 0.05); // overlap: no hairlines between squares
    }
  }
  doc.fill('#000000');
}

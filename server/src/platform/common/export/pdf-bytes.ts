import type PDFDocument from 'pdfkit';

/** An A4 page in PDF points (1/72 inch), as pdfkit's `size` takes it and the layouts measure it. */
export const A4: [number, number] = [595.28, 841.89];

/**
 * A PDF drawn by `draw`, as one Buffer: pdfkit streams the pages as they are written; a throw while drawing, or an
 * error of the stream, rejects. Posters, signed pledges and semester reports are made this way. pdfkit (with its fonts
 * and compression) is loaded on the first PDF, not when the server starts.
 */
export function pdfBytes(options: ConstructorParameters<typeof PDFDocument>[0], draw: (doc: PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const PdfKit = require('pdfkit') as typeof PDFDocument;
    const doc = new PdfKit(options);
    const chunks: Buffer[] = [];
    doc.on('data', (b) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (e) {
      reject(e as Error);
    }
  });
}

/** The ink colours the printed pages share (text, secondary text, headings, rules). */
export const PDF_INK = '#1f2623';
export const PDF_MUTED = '#5a635f';
export const PDF_GREEN = '#1f6f5c';
export const PDF_RULE = '#d6e6e0';

/** Writing flowing text down A4 pages inside a margin: `line` starts a new page when the text would not fit. */
export interface PdfTextFlow {
  /** The text width inside the margins. */
  width: number;
  /** The lowest y text may reach on a page. */
  bottom: number;
  /** Starts a new page unless `height` more points fit on this one. */
  room(height: number): void;
  line(text: string, font: 'regular' | 'bold', size: number, color?: string, align?: 'left' | 'center'): void;
}

/**
 * Registers the two faces ('regular', 'bold': Noto Sans SC from the posters' loader) and answers the text flow of an
 * A4 document with the given margin, as the semester reports, the survey summaries and the work ledger write them.
 */
export function a4TextFlow(doc: PDFDocument, fonts: { regular: Buffer; bold: Buffer }, margin: number, lineGap?: number): PdfTextFlow {
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const width = A4[0] - 2 * margin;
  const bottom = A4[1] - margin;
  const room = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };
  return {
    width, bottom, room,
    line: (text, font, size, color = PDF_INK, align = 'left') => {
      doc.font(font).fontSize(size).fillColor(color);
      room(doc.heightOfString(text, { width }));
      doc.text(text, margin, doc.y, { width, align, ...(lineGap !== undefined ? { lineGap } : {}) });
    },
  };
}

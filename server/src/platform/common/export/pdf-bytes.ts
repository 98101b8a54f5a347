import PDFDocument from 'pdfkit';

/** An A4 page in PDF points (1/72 inch), as pdfkit's `size` takes it and the layouts measure it. */
export const A4: [number, number] = [595.28, 841.89];

/**
 * A PDF drawn by `draw`, as one Buffer: pdfkit streams the pages as they are written; a throw while drawing, or an
 * error of the stream, rejects. Posters, signed pledges and semester reports are made this way.
 */
export function pdfBytes(options: ConstructorParameters<typeof PDFDocument>[0], draw: (doc: PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(options);
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

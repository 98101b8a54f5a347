import type PDFDocument from 'pdfkit';
import { A4, pdfBytes } from '../../platform/common/export/pdf-bytes';
import { PLEDGE_TEXT_PART_LABELS, type PledgeSignedCopy } from '@anxin/shared';
import type { PosterFonts } from '../posters/poster-font';

/** What one signed copy prints. */
export interface PledgePdfContent {
  copy: Omit<PledgeSignedCopy, 'guardianSignature' | 'studentSignature'>;
  guardianPng: Buffer | null;
  studentPng: Buffer | null;
}

type TextOptions = NonNullable<Parameters<PDFDocument['text']>[3]>;

const MARGIN = 56;
const INK = '#1f2623';
const MUTED = '#5a635f';
const GREEN = '#1f6f5c';
/** U+3000, the full-width space between items of a Chinese line. */
const IDEOGRAPHIC_SPACE = '\u3000';
const SIGNATURE_BOX: [number, number] = [200, 80];

/** `2026-09-03` → `2026年9月3日` (a day, never a time). */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The signed pledge as A4 pages: the school and school year, the version's text as the child's family signed it
 * (the school's, the guardian's and the child's part), both signatures, the day, the version and the SHA-256 of the
 * version's text. Noto Sans SC from the posters' loader; pdfkit embeds only the glyphs used.
 */
export function renderPledgePdf(content: PledgePdfContent, fonts: PosterFonts): Promise<Buffer> {
  const c = content.copy;
  return pdfBytes({ size: A4, margin: MARGIN, info: { Title: `${c.schoolName}${c.schoolYear}学年防范校园欺凌承诺书`, Creator: '安心家校' } }, (doc) => draw(doc, content, fonts));
}

function draw(doc: PDFDocument, { copy: c, guardianPng, studentPng }: PledgePdfContent, fonts: PosterFonts): void {
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const width = A4[0] - 2 * MARGIN;
  const bottom = A4[1] - MARGIN;
  const line = (text: string, font: 'regular' | 'bold', size: number, color = INK, options: TextOptions = {}) => {
    doc.font(font).fontSize(size).fillColor(color);
    if (doc.y + doc.heightOfString(text, { width, ...options }) > bottom && doc.y > MARGIN) doc.addPage();
    doc.text(text, MARGIN, doc.y, { width, ...options });
  };
  const gap = (h: number) => { doc.y += h; };

  line(c.schoolName, 'bold', 13, GREEN, { align: 'center' });
  line(`${c.schoolYear} 学年防范校园欺凌承诺书`, 'bold', 20, INK, { align: 'center' });
  gap(6);
  line([`学生：${c.student.name}`, `班级：${c.student.className}`, `签署人：${c.relationLabel}`].join(IDEOGRAPHIC_SPACE), 'regular', 11, MUTED, { align: 'center' });
  gap(14);
  const parts: [keyof typeof c.text, string][] = [['school', PLEDGE_TEXT_PART_LABELS.school], ['guardian', PLEDGE_TEXT_PART_LABELS.guardian], ['student', PLEDGE_TEXT_PART_LABELS.student]];
  for (const [key, label] of parts) {
    line(label, 'bold', 14, GREEN);
    gap(4);
    for (const p of c.text[key].split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean)) {
      line(p, 'regular', 11, INK, { lineGap: 3 });
      gap(6);
    }
    gap(8);
  }

  const signatures: [string, Buffer | null][] = [[`家长（${c.relationLabel}）签名`, guardianPng]];
  if (studentPng) signatures.push(['学生签名', studentPng]);
  if (doc.y + SIGNATURE_BOX[1] + 120 > bottom) doc.addPage();
  const top = doc.y;
  signatures.forEach(([label, png], i) => {
    const x = MARGIN + i * (width / 2);
    doc.font('bold').fontSize(11).fillColor(INK).text(label, x, top, { width: width / 2 - 8 });
    if (png) doc.image(png, x, top + 20, { fit: SIGNATURE_BOX });
  });
  doc.y = top + 20 + SIGNATURE_BOX[1] + 14;
  line(`签署日期：${chineseDay(c.signedOn)}`, 'regular', 11);
  line(`版本：第 ${c.versionNumber} 版${c.superseded ? '（已有更新的版本）' : ''}`, 'regular', 11);
  line('文本哈希（SHA-256）：', 'regular', 11);
  line(c.textHash, 'regular', 9, MUTED);
  gap(6);
  line('文本哈希是这一版承诺书全文的指纹：文本有任何改动，哈希都会不同。', 'regular', 9, MUTED);
}

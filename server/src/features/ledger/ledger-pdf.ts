import type PDFDocument from 'pdfkit';
import {
  formatDateTime, LEDGER_AUDIENCE_LABELS, LEDGER_FREQUENCY_LABELS, LEDGER_SOURCE_LABELS, LEDGER_STATUS_LABELS, LEDGER_STATUSES,
  type LedgerEvidence,
} from '@anxin/shared';
import { a4TextFlow, A4, pdfBytes, PDF_GREEN as GREEN, PDF_INK as INK, PDF_MUTED as MUTED, PDF_RULE as RULE } from '../../platform/common/export/pdf-bytes';
import type { PosterFonts } from '../posters/poster-font';
import type { LedgerExportContent } from './ledger-export-content';

const MARGIN = 56;
const PHOTO_BOX: [number, number] = [150, 112];
const PHOTO_GAP = 8;
/** pdfkit's buffered pages (the posters' type file, features/posters/pdfkit.d.ts, declares only what they use). */
type Doc = PDFDocument & {
  x: number;
  page: { margins: { bottom: number } };
  bufferedPageRange(): { start: number; count: number };
  switchToPage(n: number): void;
};
type Options = ConstructorParameters<typeof PDFDocument>[0] & { bufferPages: boolean };
type FooterOptions = NonNullable<Parameters<PDFDocument['text']>[3]> & { lineBreak: boolean };

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** `一、` … `十、`, then `11.` on (the catalogue rarely has more than ten duties). */
export function sectionNumber(i: number): string {
  return i < CHINESE_NUMBERS.length ? `${CHINESE_NUMBERS[i]}、` : `${i + 1}. `;
}

/**
 * The inspection PDF on A4: a cover (school, semester, when it was made, the count of duties per status), a table of
 * contents (each duty with its status and the page its section starts on), then one section per duty: what it is,
 * its status and due day, and each piece of evidence with its day, who led it, who it was for, how many came, its
 * description, who recorded it and when (the record's real creation time), and its photos. Noto Sans SC from the
 * posters' loader. Pages are buffered so the contents can name the pages of the sections drawn after it.
 */
export function renderLedgerPdf(content: LedgerExportContent, fonts: PosterFonts): Promise<Buffer> {
  const title = `${content.schoolName} ${content.semesterLabel} 防治欺凌工作台账`;
  const options: Options = { size: A4, margin: MARGIN, bufferPages: true, info: { Title: title, Creator: '安心家校' } };
  return pdfBytes(options, (doc) => draw(doc as Doc, content, fonts));
}

function draw(doc: Doc, c: LedgerExportContent, fonts: PosterFonts): void {
  const { width, room, line } = a4TextFlow(doc, fonts, MARGIN, 2);

  // Cover
  doc.y = 220;
  line(c.schoolName, 'bold', 16, GREEN, 'center');
  doc.y += 10;
  line('防治欺凌工作台账', 'bold', 28, INK, 'center');
  doc.y += 8;
  line(c.semesterLabel, 'regular', 14, INK, 'center');
  doc.y += 40;
  line(LEDGER_STATUSES.map((s) => `${LEDGER_STATUS_LABELS[s]} ${c.counts[s]} 项`).join('\u3000'), 'regular', 12, MUTED, 'center');
  line(`生成时间：${formatDateTime(c.generatedAt)}（北京时间）`, 'regular', 11, MUTED, 'center');
  line('每条记录均注明录入时间（系统记录的真实时间）。', 'regular', 10, MUTED, 'center');

  // Contents: written once the sections' pages are known.
  doc.addPage();
  const contentsPage = doc.bufferedPageRange().count - 1;
  const starts: number[] = [];

  for (const [i, duty] of c.duties.entries()) {
    doc.addPage();
    starts.push(doc.bufferedPageRange().count);
    line(`${sectionNumber(i)}${duty.name}`, 'bold', 16, GREEN);
    doc.y += 4;
    line(`状态：${LEDGER_STATUS_LABELS[duty.status]}（${duty.covered}/${duty.required}）\u3000频次：${LEDGER_FREQUENCY_LABELS[duty.frequency]}\u3000截止：${duty.dueOn}`, 'regular', 10.5, INK);
    line(`适用对象：${duty.appliesTo}`, 'regular', 10.5, MUTED);
    line(`佐证材料：${duty.evidenceText}`, 'regular', 10.5, MUTED);
    if (duty.missing.length) line(`尚未完成：${duty.missing.join('、')}`, 'regular', 10.5, INK);
    doc.y += 8;
    if (!duty.evidence.length) line('本学期暂无记录。', 'regular', 11, MUTED);
    for (const e of duty.evidence) evidence(e, c.photos.get(e.activityId ?? '') ?? []);
  }

  doc.switchToPage(contentsPage);
  doc.x = MARGIN;
  doc.y = MARGIN;
  doc.font('bold').fontSize(18).fillColor(INK).text('目录', MARGIN, MARGIN, { width, align: 'center' });
  doc.y += 14;
  for (const [i, duty] of c.duties.entries()) {
    const y = doc.y;
    doc.font('regular').fontSize(11.5).fillColor(INK).text(`${sectionNumber(i)}${duty.name}`, MARGIN, y, { width: width - 150, height: 18, ellipsis: true });
    doc.fillColor(MUTED).text(LEDGER_STATUS_LABELS[duty.status], MARGIN + width - 150, y, { width: 90 });
    doc.fillColor(INK).text(`第 ${starts[i]} 页`, MARGIN + width - 60, y, { width: 60, align: 'right' });
    doc.y = y + 22;
  }
  const pages = doc.bufferedPageRange().count;
  for (let p = 1; p < pages; p++) {
    doc.switchToPage(p);
    doc.page.margins.bottom = 0; // the footer sits in the bottom margin; else pdfkit would start a new page
    doc.font('regular').fontSize(9).fillColor(MUTED).text(`${c.schoolName} · ${c.semesterLabel} · 第 ${p + 1} 页 / 共 ${pages} 页`, MARGIN, A4[1] - 40, { width, align: 'center', lineBreak: false } as FooterOptions);
  }

  function evidence(e: LedgerEvidence, photos: Buffer[]): void {
    room(80);
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).strokeColor(RULE).lineWidth(1).stroke();
    doc.y += 6;
    line(`${e.heldOn}\u3000${e.title}${e.source ? `（自动记录：${LEDGER_SOURCE_LABELS[e.source]}）` : ''}`, 'bold', 11.5, INK);
    const who = [
      e.leader ? `负责人：${e.leader}` : '',
      e.activityId ? `对象：${LEDGER_AUDIENCE_LABELS[e.audience]}${e.classNames.length ? `（${e.classNames.join('、')}）` : ''}` : '',
      e.teacherName ? `教师：${e.teacherName}` : '',
      e.attendance !== null ? `参加人数：${e.attendance}` : '',
    ].filter(Boolean).join('\u3000');
    if (who) line(who, 'regular', 10, MUTED);
    line(e.description, 'regular', 10.5, INK);
    line(e.recordedBy !== null
      ? `录入：${e.recordedBy || '—'}，${formatDateTime(e.recordedAt)}${e.updatedAt ? `；最后修改 ${formatDateTime(e.updatedAt)}` : ''}`
      : `系统记录时间：${formatDateTime(e.recordedAt)}`, 'regular', 9, MUTED);
    const pdfs = e.files.filter((f) => f.kind === 'pdf');
    if (pdfs.length) line(`附件：${pdfs.map((f) => f.name).join('、')}（见 xlsx 索引）`, 'regular', 9, MUTED);
    if (photos.length) {
      doc.y += 4;
      const perRow = Math.max(1, Math.floor((width + PHOTO_GAP) / (PHOTO_BOX[0] + PHOTO_GAP)));
      for (let i = 0; i < photos.length; i += perRow) {
        room(PHOTO_BOX[1] + PHOTO_GAP);
        const y = doc.y;
        photos.slice(i, i + perRow).forEach((p, j) => doc.image(p, MARGIN + j * (PHOTO_BOX[0] + PHOTO_GAP), y, { fit: PHOTO_BOX }));
        doc.y = y + PHOTO_BOX[1] + PHOTO_GAP;
      }
    }
    doc.y += 8;
  }
}

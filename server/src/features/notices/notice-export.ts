import { formatDateTime, NOTICE_CONFIRM_MODE_LABELS, NOTICE_KIND_LABELS, RELATION_LABELS, type Relation, compareNames } from '@anxin/shared';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { NoticeReceiptEntity } from './notice-receipt.entity';
import type { NoticeEntity } from './notice.entity';

export interface ReceiptRow {
  className: string;
  classOrder: number;
  studentId: string;
  studentName: string;
  relation: Relation;
  delivered: boolean;
  receipt: NoticeReceiptEntity;
  /** The answer as a person reads it: the chosen options, or the text. */
  answer: string;
}

export const RECEIPT_HEADERS = ['班级', '学生', '家长关系', '已送达', '阅读日期', '确认日期', '已签字', '签字日期', '回执答案', '已完成'];

const yes = (v: unknown) => (v ? '是' : '否');

/** By class (in the order given), then child's name, then relation. */
export function sortReceiptRows(rows: ReceiptRow[]): ReceiptRow[] {
  return [...rows].sort((a, b) => a.classOrder - b.classOrder || compareNames(a.studentName, b.studentName) || a.relation.localeCompare(b.relation));
}

/**
 * A notice's receipts for the school's records: one row per child and guardian (class, child, guardian's relation,
 * delivered, the day read, the day confirmed, signed and the day signed, answer). Receipts keep days (Asia/Shanghai),
 * not times of day. Every cell goes through addSafeRow, so an answer starting with = + - @ stays text.
 */
export async function buildReceiptsXlsx(notice: NoticeEntity, rows: ReceiptRow[]): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  const ws = wb.addWorksheet('回执');
  addSafeRow(ws, [`${NOTICE_KIND_LABELS[notice.kind]}：${notice.title}`]);
  ws.mergeCells(1, 1, 1, RECEIPT_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const facts = [
    `发布于 ${formatDateTime(notice.publishedAt)}`, `确认方式：${NOTICE_CONFIRM_MODE_LABELS[notice.confirmMode]}`,
    ...(notice.question ? [`回执问题：${notice.question.prompt}`] : []), `内容哈希：${notice.contentHash}`,
  ];
  addSafeRow(ws, [facts.join('；')]);
  ws.mergeCells(2, 1, 2, RECEIPT_HEADERS.length);
  addSafeRow(ws, RECEIPT_HEADERS).font = { bold: true };
  for (const r of sortReceiptRows(rows)) {
    addSafeRow(ws, [
      r.className, r.studentName, RELATION_LABELS[r.relation] ?? r.relation, yes(r.delivered), r.receipt.readOn ?? '',
      r.receipt.confirmedOn ?? '', yes(r.receipt.signedOn), r.receipt.signedOn ?? '', r.answer, yes(r.receipt.acknowledgedOn),
    ]);
  }
  ws.columns.forEach((c, i) => { c.width = [14, 12, 14, 8, 14, 14, 8, 14, 30, 8][i] ?? 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import ExcelJS from 'exceljs';
import { DISPLAY_TIME_ZONE, TIP_CATEGORY_LABELS, TIP_PLACE_LABELS, TIP_SOURCE_LABELS, TIP_STATUS_LABELS } from '@anxin/shared';
import { addSafeRow } from '../../platform/common/export/spreadsheet-cells';
import type { LedgerRow } from './tips.service';

/**
 * The case ledger (台账) in the shape the policy asks: 时间、地点、起因、经过、涉及人员、已采取措施、处理结果, plus whether
 * the deadlines were met. It never carries a reporter's identity: no named-reporter fields, no filer names
 * (only how the tip came in: 匿名 / 实名 / 教师转报).
 */
export const LEDGER_HEADERS = [
  '序号', '时间', '地点', '起因（类别）', '经过', '涉及人员', '已采取措施', '处理结果', '来源',
  '受理期限', '受理时间', '受理是否按时', '调查期限', '调查是否按时', '上报情况',
];

function bj(d: Date | null): string {
  if (!d) return '';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(d));
}

export function ackVerdict(r: LedgerRow): string {
  const t = r.tip;
  if (!t.acknowledgedAt) return new Date(t.ackDueAt) < r.now ? '超时未受理' : '待受理';
  return new Date(t.acknowledgedAt) <= new Date(t.ackDueAt) ? '按时' : '超时';
}

export function investigationVerdict(r: LedgerRow): string {
  const t = r.tip;
  if (!t.investigationDueAt) return '';
  if (t.decidedAt) return new Date(t.decidedAt) <= new Date(t.investigationDueAt) ? '按时' : '超时';
  return new Date(t.investigationDueAt) < r.now ? '超时未完成' : '进行中';
}

export async function buildLedger(schoolName: string, rows: LedgerRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '安心家校';
  const ws = wb.addWorksheet('欺凌事件台账');
  addSafeRow(ws, [`${schoolName} 学生欺凌事件处置台账`]);
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  addSafeRow(ws, LEDGER_HEADERS).font = { bold: true };
  rows.forEach((r, i) => {
    const t = r.tip;
    const result = t.decision
      ? `${TIP_STATUS_LABELS[t.decision]}${t.status === 'closed' ? '，已结案' : ''}${r.outcome ? `：${r.outcome}` : ''}`
      : `${TIP_STATUS_LABELS[t.status]}${r.outcome ? `：${r.outcome}` : ''}`;
    // Free text from reporters and staff (经过, 涉及人员, 措施, 结果…) may start with = + - @: written as text.
    addSafeRow(ws, [
      i + 1,
      `${r.when ?? ''}${r.when ? '（' : ''}提交于 ${bj(t.submittedAt)}${r.when ? '）' : ''}`,
      [t.place ? TIP_PLACE_LABELS[t.place] : '', r.placeDetail ?? ''].filter(Boolean).join('：'),
      TIP_CATEGORY_LABELS[t.category],
      r.description,
      r.people ?? '',
      r.measures ?? '',
      result,
      TIP_SOURCE_LABELS[t.source],
      bj(t.ackDueAt),
      bj(t.acknowledgedAt),
      ackVerdict(r),
      bj(t.investigationDueAt),
      investigationVerdict(r),
      r.onward.join('\n'),
    ]);
  });
  ws.columns.forEach((c, i) => { c.width = [6, 28, 20, 12, 50, 24, 30, 30, 10, 18, 18, 12, 18, 12, 40][i] ?? 16; });
  for (let r = 3; r <= ws.rowCount; r++) ws.getRow(r).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

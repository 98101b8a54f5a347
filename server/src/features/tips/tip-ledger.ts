import { ackVerdict, formatDateTime, investigationVerdict, NO_ACTION_STATEMENT, TIP_CATEGORY_LABELS, TIP_PLACE_LABELS, TIP_SOURCE_LABELS, TIP_STATUS_LABELS } from '@anxin/shared';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { TipEntity } from './tip.entity';

/** One tip of the ledger, decrypted. */
export interface LedgerRow {
  tip: TipEntity;
  when: string | null;
  placeDetail: string | null;
  description: string;
  people: string | null;
  measures: string | null;
  outcome: string | null;
  onward: string[];
  now: Date;
}

/**
 * The case ledger (台账) in the shape the policy asks: 时间、地点、起因、经过、涉及人员、已采取措施、处理结果, plus whether
 * the deadlines were met. It never carries a reporter's identity: no named-reporter fields, no filer names
 * (only how the tip came in: 匿名 / 实名 / 教师转报).
 */
export const LEDGER_HEADERS = [
  '序号', '时间', '地点', '起因（类别）', '经过', '涉及人员', '已采取措施', '处理结果', '来源',
  '受理期限', '受理时间', '受理是否按时', '调查期限', '调查是否按时', '上报情况',
];

export async function buildLedger(schoolName: string, rows: LedgerRow[]): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  const ws = wb.addWorksheet('欺凌事件台账');
  addSafeRow(ws, [`${schoolName} 学生欺凌事件处置台账`]);
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  addSafeRow(ws, LEDGER_HEADERS).font = { bold: true };
  rows.forEach((r, i) => {
    const t = r.tip;
    const reopened = t.reopenCount > 0 ? `（结案后重新打开 ${t.reopenCount} 次）` : '';
    const result = t.decision
      ? `${TIP_STATUS_LABELS[t.decision]}${t.status === 'closed' ? '，已结案' : ''}${reopened}${r.outcome ? `：${r.outcome}` : ''}`
      : `${TIP_STATUS_LABELS[t.status]}${reopened}${r.outcome ? `：${r.outcome}` : ''}`;
    // A case closed as 恶意/虚假举报 says in the ledger that nobody named in it was acted against.
    const statement = t.decision === 'false_report' ? `\n${NO_ACTION_STATEMENT}` : '';
    // Free text from reporters and staff (经过, 涉及人员, 措施, 结果…) may start with = + - @: written as text.
    addSafeRow(ws, [
      i + 1,
      `${r.when ?? ''}${r.when ? '（' : ''}提交于 ${formatDateTime(t.submittedAt)}${r.when ? '）' : ''}`,
      [t.place ? TIP_PLACE_LABELS[t.place] : '', r.placeDetail ?? ''].filter(Boolean).join('：'),
      TIP_CATEGORY_LABELS[t.category],
      r.description,
      r.people ?? '',
      r.measures ?? '',
      result + statement,
      TIP_SOURCE_LABELS[t.source],
      formatDateTime(t.ackDueAt),
      formatDateTime(t.acknowledgedAt),
      ackVerdict(t, r.now),
      formatDateTime(t.investigationDueAt),
      investigationVerdict(t, r.now),
      r.onward.join('\n'),
    ]);
  });
  ws.columns.forEach((c, i) => { c.width = [6, 28, 20, 12, 50, 24, 30, 30, 10, 18, 18, 12, 18, 12, 40][i] ?? 16; });
  for (let r = 3; r <= ws.rowCount; r++) ws.getRow(r).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

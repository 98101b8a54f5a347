import { formatDateTime, LEDGER_AUDIENCE_LABELS, LEDGER_FREQUENCY_LABELS, LEDGER_SOURCE_LABELS, LEDGER_STATUS_LABELS } from '@anxin/shared';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { LedgerExportContent } from './ledger-export-content';
import { sectionNumber } from './ledger-pdf';

/**
 * The export's index (台账索引): one sheet of duties (status, counts, due day), one of every piece of evidence (day,
 * duty, who led it, audience, attendance, description, who recorded it and when, its files). Every cell through
 * addSafeRow, so a text starting with = + - @ stays text.
 */
export async function buildLedgerXlsx(c: LedgerExportContent): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  const duties = wb.addWorksheet('工作项目');
  addSafeRow(duties, [`${c.schoolName} ${c.semesterLabel} 防治欺凌工作台账`]).font = { bold: true, size: 14 };
  addSafeRow(duties, [`生成时间：${formatDateTime(c.generatedAt)}（北京时间）`]);
  addSafeRow(duties, ['序号', '工作项目', '频次', '适用对象', '状态', '已完成', '应完成', '截止日期', '尚未完成', '记录条数']).font = { bold: true };
  for (const [i, d] of c.duties.entries()) {
    addSafeRow(duties, [sectionNumber(i).replace(/[、. ]+$/, ''), d.name, LEDGER_FREQUENCY_LABELS[d.frequency], d.appliesTo, LEDGER_STATUS_LABELS[d.status], d.covered, d.required, d.dueOn, d.missing.join('、'), d.evidence.length]);
  }
  duties.columns.forEach((col, i) => { col.width = [6, 28, 14, 22, 10, 8, 8, 12, 30, 10][i] ?? 12; });

  const records = wb.addWorksheet('记录索引');
  addSafeRow(records, ['工作项目', '日期', '来源', '负责人', '对象', '班级', '教师', '参加人数', '简要说明', '录入人', '录入时间', '最后修改', '照片和附件']).font = { bold: true };
  for (const d of c.duties) {
    for (const e of d.evidence) {
      addSafeRow(records, [
        d.name, e.heldOn, e.source ? `自动：${LEDGER_SOURCE_LABELS[e.source]}` : '学校录入', e.leader, LEDGER_AUDIENCE_LABELS[e.audience], e.classNames.join('、'),
        e.teacherName ?? '', e.attendance ?? '', e.description, e.recordedBy ?? '系统', formatDateTime(e.recordedAt),
        e.updatedAt ? formatDateTime(e.updatedAt) : '', e.files.map((f) => f.name).join('、'),
      ]);
    }
  }
  records.columns.forEach((col, i) => { col.width = [24, 12, 22, 12, 8, 24, 10, 8, 48, 10, 18, 18, 24][i] ?? 12; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

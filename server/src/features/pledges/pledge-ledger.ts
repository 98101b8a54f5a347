import { RELATION_LABELS } from '@anxin/shared';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';
import type { ChildProgress, SignatureRef } from './pledge-progress';
import type { PledgeVersionEntity } from './pledge-version.entity';
import type { PledgeEntity } from './pledge.entity';

export const LEDGER_HEADERS = ['班级', '学生', '家长关系', '签署日期', '版本', '文本哈希', '学生已签', '状态'];

export const LEDGER_STATE_LABELS: Record<ChildProgress['state'], string> = { signed: '已签', superseded: '需重签', missing: '未签' };

/** The signatures a child's ledger row shows: those of the newest version signed for the child (empty: none). */
export function newestSignatures(child: ChildProgress): SignatureRef[] {
  const newest = Math.max(0, ...child.signatures.map((s) => s.versionNumber));
  return child.signatures.filter((s) => s.versionNumber === newest).sort((a, b) => a.relation.localeCompare(b.relation) || a.id.localeCompare(b.id));
}

/**
 * The pledge's ledger (台账): one row per child of the classes given (the roster), in class and name order: the
 * class, the child, who signed (relations), the Shanghai day signed (signatures keep no time), the version and its
 * text hash, whether the child signed too, and 已签 / 需重签 / 未签 by the completion rules (pledge-progress.ts).
 * Every cell goes through addSafeRow, so a name starting with = + - @ stays text.
 */
export async function buildPledgeLedgerXlsx(
  pledge: PledgeEntity, schoolName: string, versions: PledgeVersionEntity[], children: ChildProgress[],
): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '安心家校';
  const ws = wb.addWorksheet('承诺书台账');
  addSafeRow(ws, [`${schoolName} ${pledge.schoolYear} 学年防范校园欺凌承诺书台账`]);
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const current = versions.find((v) => v.number === pledge.currentVersion);
  addSafeRow(ws, [`当前版本：第 ${pledge.currentVersion} 版；文本哈希：${current?.textHash ?? ''}；截止日期：${pledge.deadline}`]);
  ws.mergeCells(2, 1, 2, LEDGER_HEADERS.length);
  addSafeRow(ws, LEDGER_HEADERS).font = { bold: true };
  const hash = new Map(versions.map((v) => [v.number, v.textHash]));
  for (const child of children) {
    const signed = newestSignatures(child);
    const first = signed[0];
    addSafeRow(ws, [
      child.cls.name, child.studentName, signed.map((s) => RELATION_LABELS[s.relation] ?? s.relation).join('、'),
      [...new Set(signed.map((s) => s.signedOn))].join('、'), first ? first.versionNumber : '', first ? hash.get(first.versionNumber) ?? '' : '',
      first ? (signed.some((s) => s.hasStudentPart) ? '是' : '否') : '', LEDGER_STATE_LABELS[child.state],
    ]);
  }
  ws.columns.forEach((c, i) => { c.width = [14, 12, 14, 14, 6, 68, 8, 8][i] ?? 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

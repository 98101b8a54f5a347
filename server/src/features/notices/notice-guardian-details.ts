import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { GuardianNoticeAck, GuardianNoticeChild, GuardianNoticeDetail, GuardianNoticeReceipt } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { chunks } from '../../platform/database/in-lists';
import { entityRows } from '../../platform/database/entity-rows';
import { SchoolEntity } from '../tenancy/school.entity';
import { classDisplayName } from '../tenancy/class-names';
import { guardianChain } from './notice-chain';
import { decodeChoices, answerAad } from './notice-answers';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeEntity } from './notice.entity';

/** One guardian's notice and receipt, to be shown to that guardian. */
export interface GuardianReceipt {
  guardianUserId: string;
  notice: NoticeEntity;
  receipt: NoticeReceiptEntity;
}

/**
 * What a guardian sees of their notices: the detail of a notice with their receipt, or after a confirmation only the
 * receipt and what is still asked (many at once: the receipts a batch of requests just changed), the schools' names,
 * and the children each receipt names. Each receipt is read by its own guardian only; the correction chain is followed
 * by that guardian's receipts (`guardianChain`).
 */
@Injectable()
export class NoticeGuardianDetails {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly crypto: CryptoService, private readonly clock: Clock) {}

  /**
   * The detail of each receipt, in order: two queries for all of them (the schools, the children), more only for
   * corrected notices. `known` hands over what the caller has read already (`readReceipts`, `readNotices`): nothing
   * is read again.
   */
  async details(items: GuardianReceipt[], known: { schoolNames?: Map<string, string>; children?: Map<string, GuardianNoticeChild[]> } = {}): Promise<GuardianNoticeDetail[]> {
    const [schools, children] = await Promise.all([
      known.schoolNames ?? this.schoolNames(items.map((i) => i.notice.schoolId)), known.children ?? this.children(this.ds.manager, items.map((i) => i.receipt.id)),
    ]);
    const now = this.clock.now();
    return Promise.all(items.map(async ({ guardianUserId, notice, receipt }): Promise<GuardianNoticeDetail> => {
      const recalled = notice.status === 'recalled';
      const chain = notice.correctionOf || notice.correctedBy
        ? await guardianChain(this.ds.manager, notice, guardianUserId) : { correctionOf: null, correctedBy: null };
      return {
        id: notice.id, kind: notice.kind, title: notice.title, schoolName: schools.get(notice.schoolId) ?? '', status: notice.status,
        body: recalled ? null : notice.body, recall: recalled ? { reason: notice.recallReason ?? '', at: isoRequired(notice.recalledAt!) } : null,
        confirmMode: notice.confirmMode, question: recalled ? null : notice.question, confirmDeadline: iso(notice.confirmDeadline),
        publishedAt: isoRequired(notice.publishedAt ?? receipt.createdAt), children: children.get(receipt.id) ?? [],
        receipt: await this.receiptView(receipt), pending: pendingParts(notice, receipt, now),
        correctionNote: recalled ? null : notice.correctionNote, correctionOf: chain.correctionOf, corrected: !!notice.correctedBy, correctedBy: chain.correctedBy,
      };
    }));
  }

  /** What a confirmation, signature or answer answers with, for each receipt in order: the receipt and what is still asked. */
  async acks(items: GuardianReceipt[]): Promise<GuardianNoticeAck[]> {
    const now = this.clock.now();
    return Promise.all(items.map(async ({ notice, receipt }) => ({ receipt: await this.receiptView(receipt), pending: pendingParts(notice, receipt, now) })));
  }

  /** The receipt as its guardian sees it (a short-text answer decrypted). */
  private async receiptView(receipt: NoticeReceiptEntity): Promise<GuardianNoticeReceipt> {
    const text = receipt.answerTextEnc ? await this.crypto.decryptText(receipt.answerTextEnc, answerAad(receipt.id)) : undefined;
    return {
      readOn: receipt.readOn, confirmedOn: receipt.confirmedOn, signedOn: receipt.signedOn, answeredOn: receipt.answeredOn,
      answer: receipt.answeredOn ? { ...(receipt.answerChoices ? { choices: decodeChoices(receipt.answerChoices) } : {}), ...(text !== undefined ? { text } : {}) } : null,
      acknowledgedOn: receipt.acknowledgedOn, contentHash: receipt.contentHash,
    };
  }

  async schoolNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows: { id: string; name: string }[] = unique.length
      ? await this.ds.query(`SELECT id, name FROM ${this.ds.getMetadata(SchoolEntity).tableName} WHERE id IN (${unique.map(() => '?').join(', ')})`, unique) : [];
    return new Map(rows.map((s) => [s.id, s.name]));
  }

  /** The children each receipt names, with their class names (one query: the links, their children, classes and grades). */
  async children(m: EntityManager, receiptIds: string[]): Promise<Map<string, GuardianNoticeChild[]>> {
    const found = new ChildrenOfReceipts();
    for (const ids of chunks([...new Set(receiptIds)])) {
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT r.id AS receipt_id, ${CHILD_COLUMNS} FROM notice_receipts r ${childJoins('r')} WHERE r.id IN (${ids.map(() => '?').join(', ')})`, ids);
      for (const row of rows) found.add(String(row.receipt_id), row);
    }
    return found.byReceipt();
  }

  /**
   * The caller's receipts of these notices, each with the children it names unless `withChildren` is false (one query
   * per 500 guardians: the receipts and, joined on, their children with class and grade names) — every row keyed by
   * the guardians given. Confirmations alone need no children: their answer is the receipt.
   */
  async readReceipts(m: EntityManager, noticeIds: string[], guardianUserIds: string[], withChildren = true): Promise<{ receipts: NoticeReceiptEntity[]; children: Map<string, GuardianNoticeChild[]> }> {
    const receipt = entityRows.reader(m, NoticeReceiptEntity, 'r', 'r_');
    const receipts = new Map<string, NoticeReceiptEntity>();
    const found = new ChildrenOfReceipts();
    for (const guardians of chunks([...new Set(guardianUserIds)])) {
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT ${receipt.columns}${withChildren ? `, ${CHILD_COLUMNS}` : ''} FROM notice_receipts r ${withChildren ? childJoins('r') : ''}
          WHERE r.notice_id IN (${noticeIds.map(() => '?').join(', ')}) AND r.guardian_user_id IN (${guardians.map(() => '?').join(', ')})`,
        [...noticeIds, ...guardians],
      );
      for (const row of rows) {
        const id = String(row.r_id);
        if (!receipts.has(id)) receipts.set(id, receipt.hydrate(row)!);
        if (withChildren) found.add(id, row);
      }
    }
    return { receipts: [...receipts.values()], children: found.byReceipt() };
  }

  /** These notices, with their schools' names (one query). */
  async readNotices(m: EntityManager, noticeIds: string[]): Promise<{ notices: NoticeEntity[]; schoolNames: Map<string, string> }> {
    const notice = entityRows.reader(m, NoticeEntity, 't', '');
    const schools = m.connection.getMetadata(SchoolEntity).tableName;
    const rows: Record<string, unknown>[] = noticeIds.length ? await m.query(
      `SELECT ${notice.columns}, sc.name AS anxin_school_name FROM notices t LEFT JOIN ${schools} sc ON sc.id = t.school_id
        WHERE t.id IN (${noticeIds.map(() => '?').join(', ')})`, noticeIds) : [];
    const notices = rows.map((row) => notice.hydrate(row)!);
    return { notices, schoolNames: new Map(rows.map((row, i) => [notices[i].schoolId, String(row.anxin_school_name ?? '')])) };
  }
}

/** What is still asked of the guardian: nothing once the notice is closed, past its deadline, recalled or corrected. */
function pendingParts(notice: NoticeEntity, receipt: NoticeReceiptEntity, now: Date): GuardianNoticeDetail['pending'] {
  const open = notice.status === 'published' && !notice.correctedBy && (!notice.confirmDeadline || notice.confirmDeadline.getTime() > now.getTime());
  const pending: GuardianNoticeDetail['pending'] = [];
  if (open && notice.question && !receipt.answeredOn) pending.push('answer');
  if (open && notice.confirmMode === 'confirm' && !receipt.confirmedOn) pending.push('confirm');
  if (open && notice.confirmMode === 'sign' && !receipt.signedOn) pending.push('sign');
  return pending;
}

/** A receipt's children as the joins below read them (`s` the student, `c` and `g` the class and grade of the link). */
const CHILD_COLUMNS = 's.id AS child_student_id, s.name AS child_name, c.name AS child_class_name, g.name AS child_grade_name';

/** The links of receipt `alias`, their children, classes and grades: a row per child (one with nulls for none). */
function childJoins(alias: string): string {
  return `LEFT JOIN notice_receipt_students l ON l.receipt_id = ${alias}.id LEFT JOIN students s ON s.id = l.student_id
    LEFT JOIN classes c ON c.id = l.class_id AND c.school_id = s.school_id LEFT JOIN grades g ON g.id = c.grade_id`;
}

/** Collects the children of receipts from rows with CHILD_COLUMNS, each list in class, then name order. */
class ChildrenOfReceipts {
  private readonly out = new Map<string, GuardianNoticeChild[]>();

  add(receiptId: string, row: Record<string, unknown>): void {
    if (row.child_student_id === null || row.child_student_id === undefined) return;
    const className = row.child_class_name === null ? '' : classDisplayName((row.child_grade_name as string | null) ?? undefined, String(row.child_class_name));
    const child = { studentId: String(row.child_student_id), name: String(row.child_name), className };
    const list = this.out.get(receiptId);
    if (list) list.push(child);
    else this.out.set(receiptId, [child]);
  }

  byReceipt(): Map<string, GuardianNoticeChild[]> {
    for (const list of this.out.values()) list.sort((a, b) => a.className.localeCompare(b.className) || a.name.localeCompare(b.name));
    return this.out;
  }
}

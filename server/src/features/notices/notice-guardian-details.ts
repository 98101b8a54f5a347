import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { GuardianNoticeChild, GuardianNoticeDetail } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { chunks } from '../../platform/database/in-lists';
import { SchoolEntity } from '../tenancy/school.entity';
import { classDisplayName } from '../tenancy/class-names';
import { guardianChain } from './notice-chain';
import { decodeChoices, answerAad } from './notice-answers';
import type { NoticeReceiptEntity } from './notice-receipt.entity';
import type { NoticeEntity } from './notice.entity';

/** One guardian's notice and receipt, to be shown to that guardian. */
export interface GuardianReceipt {
  guardianUserId: string;
  notice: NoticeEntity;
  receipt: NoticeReceiptEntity;
}

/**
 * What a guardian sees of their notices: the detail of a notice with their receipt (many at once: the receipts a batch
 * of requests just changed), the schools' names, and the children each receipt names. Each receipt is read by its own
 * guardian only; the correction chain is followed by that guardian's receipts (`guardianChain`).
 */
@Injectable()
export class NoticeGuardianDetails {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly crypto: CryptoService, private readonly clock: Clock) {}

  /** The detail of each receipt, in order: two queries for all of them (the schools, the children), more only for corrected notices. */
  async details(items: GuardianReceipt[]): Promise<GuardianNoticeDetail[]> {
    const [schools, children] = await Promise.all([
      this.schoolNames(items.map((i) => i.notice.schoolId)), this.children(this.ds.manager, items.map((i) => i.receipt.id)),
    ]);
    const now = this.clock.now();
    return Promise.all(items.map(async ({ guardianUserId, notice, receipt }): Promise<GuardianNoticeDetail> => {
      const recalled = notice.status === 'recalled';
      const chain = notice.correctionOf || notice.correctedBy
        ? await guardianChain(this.ds.manager, notice, guardianUserId) : { correctionOf: null, correctedBy: null };
      const open = notice.status === 'published' && !notice.correctedBy && (!notice.confirmDeadline || notice.confirmDeadline.getTime() > now.getTime());
      const pending: GuardianNoticeDetail['pending'] = [];
      if (open && notice.question && !receipt.answeredOn) pending.push('answer');
      if (open && notice.confirmMode === 'confirm' && !receipt.confirmedOn) pending.push('confirm');
      if (open && notice.confirmMode === 'sign' && !receipt.signedOn) pending.push('sign');
      const text = receipt.answerTextEnc ? await this.crypto.decryptText(receipt.answerTextEnc, answerAad(receipt.id)) : undefined;
      return {
        id: notice.id, kind: notice.kind, title: notice.title, schoolName: schools.get(notice.schoolId) ?? '', status: notice.status,
        body: recalled ? null : notice.body, recall: recalled ? { reason: notice.recallReason ?? '', at: isoRequired(notice.recalledAt!) } : null,
        confirmMode: notice.confirmMode, question: recalled ? null : notice.question, confirmDeadline: iso(notice.confirmDeadline),
        publishedAt: isoRequired(notice.publishedAt ?? receipt.createdAt), children: children.get(receipt.id) ?? [],
        receipt: {
          readOn: receipt.readOn, confirmedOn: receipt.confirmedOn, signedOn: receipt.signedOn, answeredOn: receipt.answeredOn,
          answer: receipt.answeredOn ? { ...(receipt.answerChoices ? { choices: decodeChoices(receipt.answerChoices) } : {}), ...(text !== undefined ? { text } : {}) } : null,
          acknowledgedOn: receipt.acknowledgedOn, contentHash: receipt.contentHash,
        },
        pending,
        correctionNote: recalled ? null : notice.correctionNote, correctionOf: chain.correctionOf, corrected: !!notice.correctedBy, correctedBy: chain.correctedBy,
      };
    }));
  }

  async schoolNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows: { id: string; name: string }[] = unique.length
      ? await this.ds.query(`SELECT id, name FROM ${this.ds.getMetadata(SchoolEntity).tableName} WHERE id IN (${unique.map(() => '?').join(', ')})`, unique) : [];
    return new Map(rows.map((s) => [s.id, s.name]));
  }

  /** The children each receipt names, with their class names (one query: the links, their children, classes and grades). */
  async children(m: EntityManager, receiptIds: string[]): Promise<Map<string, GuardianNoticeChild[]>> {
    const out = new Map<string, GuardianNoticeChild[]>();
    for (const ids of chunks([...new Set(receiptIds)])) {
      const rows: { receipt_id: string; student_id: string; student_name: string; class_name: string | null; grade_name: string | null }[] = await m.query(
        `SELECT l.receipt_id, s.id AS student_id, s.name AS student_name, c.name AS class_name, g.name AS grade_name
          FROM notice_receipt_students l JOIN students s ON s.id = l.student_id
          LEFT JOIN classes c ON c.id = l.class_id AND c.school_id = s.school_id LEFT JOIN grades g ON g.id = c.grade_id
          WHERE l.receipt_id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const r of rows) {
        const child = { studentId: r.student_id, name: r.student_name, className: r.class_name === null ? '' : classDisplayName(r.grade_name ?? undefined, r.class_name) };
        out.set(r.receipt_id, [...(out.get(r.receipt_id) ?? []), child]);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.className.localeCompare(b.className) || a.name.localeCompare(b.name));
    return out;
  }
}

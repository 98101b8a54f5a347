import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Permission, RELATION_LABELS, type NoticeReceiptProofResponse } from '@anxin/shared';
import { AuditEntryEntity } from '../../platform/audit/audit-entry.entity';
import { mapAuditEntry } from '../../platform/audit/audit.service';
import { AuditSeals } from '../../platform/audit/seal/audit-seals';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso } from '../../platform/database/dates';
import { StudentEntity } from '../tenancy/student.entity';
import { NoticeAccess } from './notice-access';
import { schoolClasses } from './notice-audience';
import { RECEIPT_SEAL_KIND, receiptLeaves } from './notice-receipt-seal';
import { ReceiptTallies } from './notice-receipt-tallies';
import { answerAad, decodeChoices } from './notice-answers';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { answerText } from './notice-reports.service';
import { NoticeEntity } from './notice.entity';

/**
 * The proof that a receipt is sealed into the school's audit chain: the receipt, its leaf as the rows are now, and
 * the newest sealed leaf with its Merkle path and audit entry (or when the waiting leaf will be sealed). For the
 * receipt's own guardian, and for staff who may see the class of a child it names (a teacher: their classes). The
 * sealing audit entry comes with it, so the app checks the proof itself (checkReceiptProof in shared/).
 */
@Injectable()
export class NoticeProofsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly crypto: CryptoService,
    private readonly seals: AuditSeals,
    private readonly tallies: ReceiptTallies,
  ) {}

  async proof(auth: AuthContext, noticeId: string, receiptId: string): Promise<NoticeReceiptProofResponse> {
    const receipt = await this.ds.getRepository(NoticeReceiptEntity).findOne({ where: { id: receiptId, noticeId } });
    const links = receipt ? await this.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { receiptId } }) : [];
    let notice: NoticeEntity | null;
    let shown = links;
    if (receipt && receipt.guardianUserId === auth.userId) {
      notice = await this.ds.getRepository(NoticeEntity).findOne({ where: { id: noticeId } });
    } else {
      // Staff: the notice's rules first (another school: 404; no notice.read: 403), then the receipt's classes.
      const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
      if (!receipt) throw AppException.notFound('回执');
      if (!links.some((l) => view.visibleClassIds.includes(l.classId))) throw AppException.forbidden('只能查看自己班级家长的回执');
      notice = view.notice;
      // A child of the receipt in a class the caller does not see is not named (a teacher sees their classes).
      shown = links.filter((l) => view.visibleClassIds.includes(l.classId));
    }
    if (!notice) throw AppException.notFound('回执');

    // A change of the receipt whose leaf is still to be written behind it is tallied first: the proof is of the row as it is.
    if (receipt.tallyDue) await this.tallies.settleReceipts([receipt.id]);
    const leaf = (await receiptLeaves(this.ds.manager, [receipt.id])).get(receipt.id)!;
    const status = await this.seals.status(this.ds.manager, notice.schoolId, RECEIPT_SEAL_KIND, receipt.id);
    const sealed = status.proof !== null && status.proof.leafHash === leaf.hash;
    const waiting = !sealed && status.pending?.leafHash === leaf.hash ? status.pending : null;
    // The sealing entry as the audit log shows it: whoever reads the proof recomputes its root and chain hash.
    const entry = status.proof ? await this.ds.getRepository(AuditEntryEntity).findOne({ where: { schoolId: notice.schoolId, seq: status.proof.auditEntry.seq } }) : null;
    const text = receipt.answerTextEnc ? await this.crypto.decryptText(receipt.answerTextEnc, answerAad(receipt.id)) : null;
    return {
      noticeId, receiptId, noticeTitle: notice.title,
      receipt: {
        children: await this.children(notice.schoolId, shown), contentHash: receipt.contentHash,
        readOn: receipt.readOn, confirmedOn: receipt.confirmedOn, signedOn: receipt.signedOn, answeredOn: receipt.answeredOn,
        acknowledgedOn: receipt.acknowledgedOn,
        answer: receipt.answeredOn ? answerText(notice.question?.options, decodeChoices(receipt.answerChoices), text) : null,
        signatureSha256: (leaf.document.signatureSha256 as string | null) ?? null,
      },
      leaf: { kind: RECEIPT_SEAL_KIND, document: leaf.document, hash: leaf.hash },
      sealed, proof: status.proof, sealsAfter: iso(waiting?.sealsAfter), sealEntry: entry ? mapAuditEntry(entry) : null,
    };
  }

  private async children(schoolId: string, links: NoticeReceiptStudentEntity[]) {
    if (!links.length) return [];
    const students = new Map((await this.ds.getRepository(StudentEntity).find({ where: { id: In(links.map((l) => l.studentId)) } })).map((s) => [s.id, s]));
    const classes = new Map((await schoolClasses(this.ds.manager, schoolId, [...new Set(links.map((l) => l.classId))])).map((c) => [c.id, c.name]));
    return links
      .map((l) => ({
        studentId: l.studentId, studentName: students.get(l.studentId)?.name ?? '', className: classes.get(l.classId) ?? '',
        relation: l.relation, relationLabel: RELATION_LABELS[l.relation] ?? l.relation,
      }))
      .sort((a, b) => a.className.localeCompare(b.className) || a.studentName.localeCompare(b.studentName));
  }
}

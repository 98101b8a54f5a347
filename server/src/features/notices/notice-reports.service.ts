import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  NOTICE_REMIND_INTERVAL_HOURS, Permission, RELATION_LABELS,
  type NoticeClassReceiptsResponse, type NoticeClassStats, type NoticePendingResponse, type NoticeStatsResponse, compareNames,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { StudentEntity } from '../tenancy/student.entity';
import { NoticeAccess } from './notice-access';
import { schoolClasses } from './notice-audience';
import { buildReceiptsXlsx, sortReceiptRows, type ReceiptRow } from './notice-export';
import { answerAad, decodeChoices, signatureAad } from './notice-answers';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeReminderEntity } from './notice-reminder.entity';
import { NoticeSignatureEntity } from './notice-signature.entity';
import type { NoticeEntity } from './notice.entity';
import { chunks } from '../../platform/database/in-lists';
import { NoticeViews } from './notice-views';

const HOUR = 3600_000;

/** When the class may be reminded again (null: now), from its reminder row. */
export function nextRemindAt(lastSentAt: Date | null | undefined, now: Date): Date | null {
  if (!lastSentAt || lastSentAt.getTime() <= 0) return null;
  const next = new Date(lastSentAt.getTime() + NOTICE_REMIND_INTERVAL_HOURS * HOUR);
  return next.getTime() > now.getTime() ? next : null;
}

/**
 * What staff learn from a notice's receipts: counts per class with the answers tallied (a teacher: their classes; a
 * principal or admin: every class), the class's who-has-not list and every receipt of a class, the receipts as a
 * spreadsheet, and a signature.
 * Exports and signature views are recorded in the audit chain.
 */
@Injectable()
export class NoticeReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly views: NoticeViews,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async stats(auth: AuthContext, noticeId: string): Promise<NoticeStatsResponse> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    const { notice } = view;
    const options = notice.question && notice.question.kind !== 'text' ? notice.question.options?.length ?? 0 : 0;
    const [classes, { byClass, totals }, progress] = await Promise.all([
      schoolClasses(this.ds.manager, notice.schoolId, view.visibleClassIds),
      this.views.counts(notice.id, view.visibleClassIds, options, view.visibleClassIds.length === view.classIds.length),
      this.views.progress(notice),
    ]);
    return {
      noticeId: notice.id, confirmMode: notice.confirmMode, question: notice.question,
      totals: { ...totals, answers: options ? totals.answers : null },
      // Each entry written out field by field (a thousand of them for a school-wide notice; spreading two objects into
      // each cost more than the rest of building them).
      classes: classes.map((c): NoticeClassStats => {
        const n = byClass.get(c.id);
        return {
          classId: c.id, className: c.name, recipients: n?.recipients ?? 0, delivered: n?.delivered ?? 0, read: n?.read ?? 0,
          confirmed: n?.confirmed ?? 0, signed: n?.signed ?? 0, answered: n?.answered ?? 0, acknowledged: n?.acknowledged ?? 0,
          answers: options ? n?.answers ?? new Array<number>(options).fill(0) : null,
        };
      }),
      progress,
    };
  }

  /** The class's guardians who have not yet done what the notice asks (relation and child's name), and the reminder state. */
  async pending(auth: AuthContext, noticeId: string, classId: string): Promise<NoticePendingResponse> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    this.noticeAccess.requireClass(view, classId);
    const [cls] = await schoolClasses(this.ds.manager, view.notice.schoolId, [classId]);
    const links = await this.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { noticeId, classId } });
    const receipts = new Map<string, NoticeReceiptEntity>();
    for (const ids of chunks([...new Set(links.map((l) => l.receiptId))])) {
      for (const r of await this.ds.getRepository(NoticeReceiptEntity).find({ where: { id: In(ids) } })) if (!r.acknowledgedOn) receipts.set(r.id, r);
    }
    const open = links.filter((l) => receipts.has(l.receiptId));
    const students = new Map((open.length ? await this.ds.getRepository(StudentEntity).find({ where: { id: In([...new Set(open.map((l) => l.studentId))]) } }) : [])
      .map((s) => [s.id, s]));
    const delivered = await this.views.deliveredKeys([...receipts.values()].map((r) => r.messageKey));
    const reminder = await this.ds.getRepository(NoticeReminderEntity).findOne({ where: { noticeId, classId } });
    const now = this.clock.now();
    const entries = open.map((l) => {
      const r = receipts.get(l.receiptId)!;
      return {
        receiptId: r.id, studentId: l.studentId, studentName: students.get(l.studentId)?.name ?? '', relation: l.relation,
        relationLabel: RELATION_LABELS[l.relation] ?? l.relation, readOn: r.readOn, delivered: !!r.readOn || delivered.has(r.messageKey),
      };
    }).sort((a, b) => compareNames(a.studentName, b.studentName) || a.relation.localeCompare(b.relation));
    const last = reminder && reminder.lastSentAt.getTime() > 0 ? reminder.lastSentAt : null;
    return { classId, className: cls?.name ?? '', entries, lastRemindedAt: iso(last), nextRemindAt: iso(nextRemindAt(last, now)) };
  }

  /** Every receipt of one class (child, relation, the days, the answer, whether a signature is stored). */
  async classReceipts(auth: AuthContext, noticeId: string, classId: string): Promise<NoticeClassReceiptsResponse> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    this.noticeAccess.requireClass(view, classId);
    const [cls] = await schoolClasses(this.ds.manager, view.notice.schoolId, [classId]);
    const rows = await this.receiptRows(this.ds.manager, view.notice, [{ id: classId, name: cls?.name ?? '' }]);
    const signed = new Set<string>();
    for (const ids of chunks(rows.filter((r) => r.receipt.signedOn).map((r) => r.receipt.id))) {
      for (const sig of await this.ds.getRepository(NoticeSignatureEntity).find({ where: { receiptId: In(ids) }, select: { receiptId: true } })) signed.add(sig.receiptId);
    }
    return {
      classId, className: cls?.name ?? '',
      entries: sortReceiptRows(rows).map((r) => ({
        receiptId: r.receipt.id, studentId: r.studentId, studentName: r.studentName, relation: r.relation,
        relationLabel: RELATION_LABELS[r.relation] ?? r.relation, delivered: r.delivered, readOn: r.receipt.readOn, confirmedOn: r.receipt.confirmedOn,
        signedOn: r.receipt.signedOn, answeredOn: r.receipt.answeredOn, answer: r.receipt.answeredOn ? r.answer : null,
        acknowledged: r.receipt.acknowledgedOn !== null, hasSignature: signed.has(r.receipt.id),
      })),
    };
  }

  /** receipts.xlsx: one row per child and guardian, in the classes the caller may see. */
  async receiptsXlsx(auth: AuthContext, noticeId: string): Promise<Buffer> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    const { notice, school } = view;
    const classes = await schoolClasses(this.ds.manager, notice.schoolId, view.visibleClassIds);
    const rows: ReceiptRow[] = await inTransaction(this.ds, async (m) => {
      const out = await this.receiptRows(m, notice, classes);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'notice.receipts_exported',
        targetType: 'notice', targetId: notice.id, details: { rows: out.length, classes: view.visibleClassIds.length },
      });
      return out;
    });
    return buildReceiptsXlsx(notice, rows);
  }

  /** One row per child and guardian of these classes (in their order), with the answer as a person reads it. */
  private async receiptRows(m: EntityManager, notice: NoticeEntity, classes: { id: string; name: string }[]): Promise<ReceiptRow[]> {
    if (!classes.length) return [];
    const classOrder = new Map(classes.map((c, i) => [c.id, i]));
    const links = await m.find(NoticeReceiptStudentEntity, { where: { noticeId: notice.id, classId: In(classes.map((c) => c.id)) } });
    const receipts = new Map<string, NoticeReceiptEntity>();
    for (const ids of chunks([...new Set(links.map((l) => l.receiptId))])) for (const r of await m.find(NoticeReceiptEntity, { where: { id: In(ids) } })) receipts.set(r.id, r);
    const students = new Map<string, StudentEntity>();
    for (const ids of chunks([...new Set(links.map((l) => l.studentId))])) for (const s of await m.find(StudentEntity, { where: { id: In(ids) } })) students.set(s.id, s);
    const delivered = await this.views.deliveredKeys([...receipts.values()].map((r) => r.messageKey), m);
    const out: ReceiptRow[] = [];
    for (const l of links) {
      const r = receipts.get(l.receiptId);
      if (!r) continue;
      const text = r.answerTextEnc ? await this.crypto.decryptText(r.answerTextEnc, answerAad(r.id), m) : null;
      out.push({
        className: classes.find((c) => c.id === l.classId)?.name ?? '', classOrder: classOrder.get(l.classId) ?? 0, studentId: l.studentId,
        studentName: students.get(l.studentId)?.name ?? '', relation: l.relation, delivered: !!r.readOn || delivered.has(r.messageKey), receipt: r,
        answer: answerText(notice.question?.options, decodeChoices(r.answerChoices), text),
      });
    }
    return out;
  }

  /** A guardian's signature (PNG), for staff who may see the class of one of the children the receipt names. */
  async signature(auth: AuthContext, noticeId: string, receiptId: string): Promise<Buffer> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    const receipt = await this.ds.getRepository(NoticeReceiptEntity).findOne({ where: { id: receiptId, noticeId } });
    if (!receipt) throw AppException.notFound('回执');
    const classIds = (await this.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { receiptId } })).map((l) => l.classId);
    if (!classIds.some((c) => view.visibleClassIds.includes(c))) throw AppException.forbidden('只能查看自己班级家长的签字');
    const sig = await this.ds.getRepository(NoticeSignatureEntity).findOne({ where: { receiptId } });
    if (!sig) throw AppException.notFound('签字');
    return inTransaction(this.ds, async (m) => {
      const png = await this.crypto.decryptBytes(sig.keyId, sig.data, signatureAad(receiptId), m);
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'notice.signature_viewed',
        targetType: 'notice_receipt', targetId: receiptId, details: { noticeId, sha256: sig.sha256 },
      });
      return png;
    });
  }
}

/** The answer as a person reads it: the text, or the chosen options (、-separated). */
export function answerText(options: string[] | undefined, choices: number[] | undefined, text: string | null): string {
  if (text !== null) return text;
  if (!choices) return '';
  return choices.map((i) => options?.[i] ?? `选项${i + 1}`).join('、');
}

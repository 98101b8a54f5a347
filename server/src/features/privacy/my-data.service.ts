import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  RELATION_LABELS, type MyDataBinding, type MyDataConsent, type MyDataInboxItem, type MyDataNoticeReceipt, type MyDataPledgeSignature,
  type MyDataResponse, type MyDataSession, type MyDataStaffView, type MyDataStudent,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { InboxItemEntity } from '../../platform/inbox/inbox-item.entity';
import { BindingEntity } from '../bindings/binding.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { SessionEntity } from '../identity/session.entity';
import { UserEntity } from '../identity/user.entity';
import { NoticeReceiptStudentEntity } from '../notices/notice-receipt-student.entity';
import { NoticeReceiptEntity } from '../notices/notice-receipt.entity';
import { answerAad, signatureAad } from '../notices/notice-answers';
import { NoticeSignatureEntity } from '../notices/notice-signature.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { signatureImageAad } from '../pledges/pledge-copies';
import { PledgeSignatureImageEntity } from '../pledges/pledge-signature-image.entity';
import { PledgeSignatureEntity } from '../pledges/pledge-signature.entity';
import { PledgeEntity } from '../pledges/pledge.entity';
import { ClassEntity } from '../tenancy/class.entity';
import { classDisplayName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';

const CONSENT_KIND_LABELS: Record<string, string> = { privacy_guide: '隐私政策与儿童个人信息保护规则', child_data: '儿童个人信息处理同意书' };
const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
const day = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : utcDay(d));

/**
 * 我的数据 (PIPL art. 45): everything held about the caller and the children bound to them, read from each table that
 * PERSONAL_DATA_COVERAGE marks exported. Only the caller's own rows (by their user id); the children's roster rows
 * only through the caller's bindings. Anonymous tips are never read here: no tip row holds an account.
 */
@Injectable()
export class MyDataService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly clock: Clock, private readonly crypto: CryptoService) {}

  async collect(auth: AuthContext): Promise<MyDataResponse> {
    const m = this.ds.manager;
    const user = await m.findOne(UserEntity, { where: { id: auth.userId } });
    if (!user) throw AppException.notFound('账号');
    const bindings = await m.find(BindingEntity, { where: { guardianUserId: user.id }, order: { createdAt: 'ASC' } });
    const names = await this.names(m, bindings);
    return {
      generatedAt: isoRequired(this.clock.now()),
      profile: { id: user.id, displayName: user.displayName, createdOn: utcDay(user.createdAt) },
      bindings: bindings.map((b): MyDataBinding => ({
        id: b.id, studentId: b.studentId, studentName: names.student(b.studentId)?.name ?? '', schoolName: names.school(b.schoolId),
        className: names.cls(b.classId), relation: b.relation, relationLabel: RELATION_LABELS[b.relation] ?? b.relation, status: b.status,
        createdAt: isoRequired(b.createdAt), decidedAt: iso(b.decidedAt), rejectReason: b.rejectReason,
      })),
      students: names.students.map((s): MyDataStudent => ({
        id: s.id, name: s.name, studentNo: s.studentNo, gender: s.gender, schoolName: names.school(s.schoolId), className: names.cls(s.classId),
      })),
      consents: await this.consents(m, user.id, names),
      noticeReceipts: await this.receipts(m, user.id),
      pledgeSignatures: await this.pledgeSignatures(m, user.id),
      inbox: (await m.find(InboxItemEntity, { where: { userId: user.id }, order: { createdAt: 'DESC' } })).map((i): MyDataInboxItem => ({
        title: i.title, body: i.body, createdAt: isoRequired(i.createdAt), readOn: i.readAt ? utcDay(i.readAt) : null,
      })),
      sessions: await this.sessions(m, user.id),
      staffVisible: this.staffVisible(bindings, names, user.displayName),
      notIncluded: [
        '匿名倾诉/举报：举报记录不保存提交人，不属于任何账号，因此不在这里，注销账号也不会影响它。',
        '匿名问卷的回答：不记录答题人。',
        '学校审计日志：学校防篡改的操作记录，其中与您有关的绑定和同意操作已列在上面的“绑定”和“同意记录”中。',
      ],
    };
  }

  private async names(m: EntityManager, bindings: BindingEntity[]) {
    const studentIds = [...new Set(bindings.map((b) => b.studentId))];
    const students = studentIds.length ? await m.find(StudentEntity, { where: { id: In(studentIds) } }) : [];
    const classIds = [...new Set([...bindings.map((b) => b.classId), ...students.map((s) => s.classId)])];
    const classes = classIds.length ? await m.find(ClassEntity, { where: { id: In(classIds) } }) : [];
    const grades = classes.length ? await m.find(GradeEntity, { where: { id: In([...new Set(classes.map((c) => c.gradeId))]) } }) : [];
    const schoolIds = [...new Set(bindings.map((b) => b.schoolId))];
    const schools = schoolIds.length ? await m.find(SchoolEntity, { where: { id: In(schoolIds) } }) : [];
    return {
      students,
      student: (id: string) => students.find((s) => s.id === id),
      school: (id: string) => schools.find((s) => s.id === id)?.name ?? '',
      cls: (id: string) => {
        const c = classes.find((x) => x.id === id);
        return c ? classDisplayName(grades.find((g) => g.id === c.gradeId)?.name, c.name) : '';
      },
    };
  }

  private async consents(m: EntityManager, userId: string, names: { student(id: string): StudentEntity | undefined }): Promise<MyDataConsent[]> {
    const rows = await m.find(ConsentEntity, { where: { userId }, order: { createdAt: 'ASC' } });
    const missing = [...new Set(rows.map((r) => r.studentId).filter((id): id is string => !!id && !names.student(id)))];
    const others = missing.length ? await m.find(StudentEntity, { where: { id: In(missing) }, select: { id: true, name: true } }) : [];
    return rows.map((c) => ({
      kind: c.kind, kindLabel: CONSENT_KIND_LABELS[c.kind] ?? c.kind, version: c.version,
      studentName: c.studentId ? (names.student(c.studentId) ?? others.find((s) => s.id === c.studentId))?.name ?? '' : null,
      givenOn: utcDay(c.createdAt),
    }));
  }

  private async receipts(m: EntityManager, userId: string): Promise<MyDataNoticeReceipt[]> {
    const receipts = await m.find(NoticeReceiptEntity, { where: { guardianUserId: userId }, order: { createdAt: 'ASC' } });
    if (!receipts.length) return [];
    const ids = receipts.map((r) => r.id);
    const [notices, links, signatures] = await Promise.all([
      m.find(NoticeEntity, { where: { id: In([...new Set(receipts.map((r) => r.noticeId))]) }, select: { id: true, title: true, question: true, schoolId: true } }),
      m.find(NoticeReceiptStudentEntity, { where: { receiptId: In(ids) } }),
      m.find(NoticeSignatureEntity, { where: { receiptId: In(ids) } }),
    ]);
    const schools = await m.find(SchoolEntity, { where: { id: In([...new Set(receipts.map((r) => r.schoolId))]) }, select: { id: true, name: true } });
    const students = links.length ? await m.find(StudentEntity, { where: { id: In([...new Set(links.map((l) => l.studentId))]) }, select: { id: true, name: true } }) : [];
    const out: MyDataNoticeReceipt[] = [];
    for (const r of receipts) {
      const notice = notices.find((n) => n.id === r.noticeId);
      const options = notice?.question?.options ?? [];
      const signature = signatures.find((s) => s.receiptId === r.id);
      out.push({
        id: r.id, noticeTitle: notice?.title ?? '', schoolName: schools.find((s) => s.id === r.schoolId)?.name ?? '',
        students: links.filter((l) => l.receiptId === r.id).map((l) => students.find((s) => s.id === l.studentId)?.name ?? ''),
        readOn: day(r.readOn), confirmedOn: day(r.confirmedOn), signedOn: day(r.signedOn), answeredOn: day(r.answeredOn),
        answerChoices: (r.answerChoices ?? '').split(',').filter((x) => x !== '').map((i) => options[Number(i)] ?? `选项 ${Number(i) + 1}`),
        answerText: r.answerTextEnc ? await this.crypto.decryptText(r.answerTextEnc, answerAad(r.id), m) : null,
        signature: signature ? dataUrl(await this.crypto.decryptBytes(signature.keyId, Buffer.from(signature.data), signatureAad(r.id), m)) : null,
      });
    }
    return out;
  }

  private async pledgeSignatures(m: EntityManager, userId: string): Promise<MyDataPledgeSignature[]> {
    const signatures = await m.find(PledgeSignatureEntity, { where: { guardianUserId: userId }, order: { signedOn: 'ASC' } });
    if (!signatures.length) return [];
    const [pledges, images, students] = await Promise.all([
      m.find(PledgeEntity, { where: { id: In([...new Set(signatures.map((s) => s.pledgeId))]) } }),
      m.find(PledgeSignatureImageEntity, { where: { signatureId: In(signatures.map((s) => s.id)) } }),
      m.find(StudentEntity, { where: { id: In([...new Set(signatures.map((s) => s.studentId))]) }, select: { id: true, name: true } }),
    ]);
    const schools = await m.find(SchoolEntity, { where: { id: In([...new Set(signatures.map((s) => s.schoolId))]) }, select: { id: true, name: true } });
    const png = async (signatureId: string, part: 'guardian' | 'student') => {
      const img = images.find((i) => i.signatureId === signatureId && i.part === part);
      return img ? dataUrl(await this.crypto.decryptBytes(img.keyId, Buffer.from(img.data), signatureImageAad(signatureId, part), m)) : null;
    };
    const out: MyDataPledgeSignature[] = [];
    for (const s of signatures) {
      out.push({
        id: s.id, schoolYear: pledges.find((p) => p.id === s.pledgeId)?.schoolYear ?? '', schoolName: schools.find((x) => x.id === s.schoolId)?.name ?? '',
        studentName: students.find((x) => x.id === s.studentId)?.name ?? '', relationLabel: RELATION_LABELS[s.relation] ?? s.relation,
        versionNumber: s.versionNumber, signedOn: day(s.signedOn) ?? '', guardianSignature: await png(s.id, 'guardian'), studentSignature: await png(s.id, 'student'),
      });
    }
    return out;
  }

  private async sessions(m: EntityManager, userId: string): Promise<MyDataSession[]> {
    const today = utcDay(this.clock.now());
    const rows = await m.find(SessionEntity, { where: { userId }, order: { createdOn: 'DESC' } });
    return rows.map((s) => ({
      kind: s.kind, deviceLabel: s.kind === 'browser' ? `电脑浏览器（${s.client ?? '未知'}）` : '手机微信',
      createdOn: day(s.createdOn) ?? '', active: s.revokedOn === null && (day(s.expiresOn) ?? '') > today,
    }));
  }

  /** What the school's staff see about the guardian, per child: the binding list and the roster. */
  private staffVisible(bindings: BindingEntity[], names: Awaited<ReturnType<MyDataService['names']>>, displayName: string): MyDataStaffView[] {
    return bindings.flatMap((b) => {
      const child = names.student(b.studentId)?.name ?? '';
      const where = `${names.school(b.schoolId)} ${names.cls(b.classId)}`;
      return [
        { where: `${where} 班主任的家长绑定列表`, shows: `您的称呼“${displayName}”、您是${child}的${RELATION_LABELS[b.relation] ?? b.relation}、申请日期和审核状态` },
        { where: `${where} 通知回执和承诺书统计`, shows: `${child}的${RELATION_LABELS[b.relation] ?? b.relation}是否已阅读、确认、签名及日期（不显示您的微信信息）` },
      ];
    });
  }
}

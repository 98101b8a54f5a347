import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  CHILD_DATA_CONSENT_VERSION, ErrorCode, pledgeTextDiff, pledgeTextForGrade,
  type GuardianPledgeDetail, type GuardianPledgeListResponse, type GuardianPledgeStudent, type PledgeSignedCopy, type SignPledgeResponse,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { insertManyIgnoringDuplicates } from '../../platform/database/insert-many';
import { inTransaction } from '../../platform/database/transaction';
import { BindingEntity } from '../bindings/binding.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { checkSignaturePng, type CheckedSignature } from '../notices/signature-png';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { PledgeAccess, type GuardianChild } from './pledge-access';
import { PledgeCopies, signatureImageAad, signedCopyView } from './pledge-copies';
import { mayBeUnder14, pledgeClasses, studentPartRequired } from './pledge-audience';
import { pledgeStatus, signatureDay } from './pledge-days';
import { childProgress, guardianView, type ChildProgress } from './pledge-progress';
import { PledgeSignatureImageEntity, type PledgeSignaturePart } from './pledge-signature-image.entity';
import { PledgeSignatureSeal } from './pledge-signature-seal';
import { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeVersionEntity } from './pledge-version.entity';
import { PledgeEntity } from './pledge.entity';
import type { SignPledgeDto } from './pledge-guardian.dto';

export { signatureImageAad } from './pledge-copies';

/**
 * The guardian's side: the pledges to sign for each bound child, one to read (with the diff when signing again), the
 * signature, and the signed copy. Every query starts from the caller's approved bindings, so a guardian never sees
 * another family's pledge or signature (404). What a guardian does is kept as the Shanghai day it was done, never the
 * time of day, and is not written to the audit chain by itself: each signature is sealed (PledgeSignatureSeal) into
 * the day's batch, whose entry names no person.
 */
@Injectable()
export class PledgeSigningService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly crypto: CryptoService,
    private readonly seal: PledgeSignatureSeal,
    private readonly clock: Clock,
    private readonly copies: PledgeCopies,
  ) {}

  /** One item per open pledge and child of the caller (approved binding) in its audience. */
  async list(auth: AuthContext): Promise<GuardianPledgeListResponse> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const bindings = await m.find(BindingEntity, { where: { guardianUserId: auth.userId, status: 'approved' }, order: { createdAt: 'ASC' } });
    const schoolIds = [...new Set(bindings.map((b) => b.schoolId))];
    if (!schoolIds.length) return { items: [] };
    const pledges = (await m.find(PledgeEntity, { where: { schoolId: In(schoolIds) }, order: { schoolYear: 'DESC' } })).filter((p) => pledgeStatus(p, now) === 'open');
    const schools = new Map((await m.find(SchoolEntity, { where: { id: In(schoolIds) } })).map((s) => [s.id, s]));
    const items: GuardianPledgeListResponse['items'] = [];
    for (const pledge of pledges) {
      const classes = await pledgeClasses(m, pledge);
      for (const b of bindings.filter((x) => x.schoolId === pledge.schoolId)) {
        const student = await m.findOne(StudentEntity, { where: { id: b.studentId } });
        const cls = student && classes.find((c) => c.id === student.classId);
        if (!student || !cls) continue;
        const child = await this.progressOf(m, { pledge, school: schools.get(pledge.schoolId)!, binding: b, student, cls });
        const { status, signature } = guardianView(pledge, child, auth.userId);
        items.push({
          pledgeId: pledge.id, schoolYear: pledge.schoolYear, schoolName: schools.get(pledge.schoolId)?.name ?? '', student: this.studentRef(student, cls.name),
          deadline: pledge.deadline, versionNumber: pledge.currentVersion, status, studentPartRequired: child.studentRequired,
          ...(signature ? { signatureId: signature.id } : {}),
        });
      }
    }
    return { items };
  }

  /** The current version to read and sign for one child: the parts for the child's grade, and what changed when signing again. */
  async detail(auth: AuthContext, pledgeId: string, studentId: string): Promise<GuardianPledgeDetail> {
    const child = await this.pledgeAccess.guardianChild(auth, pledgeId, studentId);
    const { pledge, school, student, cls } = child;
    const m = this.ds.manager;
    const progress = await this.progressOf(m, child);
    const { status, signature } = guardianView(pledge, progress, auth.userId);
    const versions = await m.find(PledgeVersionEntity, { where: { pledgeId }, order: { number: 'ASC' } });
    const current = versions.find((v) => v.number === pledge.currentVersion)!;
    const out: GuardianPledgeDetail = {
      pledgeId, schoolYear: pledge.schoolYear, schoolName: school.name, student: this.studentRef(student, cls.name), deadline: pledge.deadline,
      versionNumber: current.number, text: pledgeTextForGrade(current.text, cls.gradeNumber), textHash: current.textHash, status,
      studentPartRequired: progress.studentRequired, childConsentNeeded: await this.consentNeeded(m, auth.userId, child),
      childConsentVersion: CHILD_DATA_CONSENT_VERSION,
    };
    if (signature) {
      out.signatureId = signature.id;
      out.signedOn = signature.signedOn;
    }
    if (status === 'resign' && signature) {
      const signed = versions.find((v) => v.number === signature.versionNumber)!;
      out.changes = pledgeTextDiff(signed.text, current.text, cls.gradeNumber);
      out.changeNote = versions.filter((v) => v.number > signed.number && v.changeNote).map((v) => v.changeNote).join('；');
      out.signedVersionNumber = signed.number;
    }
    return out;
  }

  /**
   * Signs the current version for one child. Idempotent: a retry with the same client key returns the same signature;
   * a second signature of the same slot (the child's, or with requireAllGuardians this guardian's) at the same time is
   * refused by the unique key, so two submissions make one signature.
   */
  async sign(auth: AuthContext, pledgeId: string, dto: SignPledgeDto): Promise<{ created: boolean; body: SignPledgeResponse }> {
    const mine = await this.byClientKey(this.ds.manager, pledgeId, auth.userId, dto.clientKey);
    if (mine) return { created: false, body: this.signed(mine, dto.studentId) };
    const child = await this.pledgeAccess.guardianChild(auth, pledgeId, dto.studentId);
    const { pledge, binding, student, cls } = child;
    const now = this.clock.now();
    if (pledgeStatus(pledge, now) === 'closed') throw AppException.conflict(ErrorCode.PLEDGE_CLOSED, '已过签署截止日期');
    if (dto.versionNumber !== pledge.currentVersion) {
      throw AppException.conflict(ErrorCode.PLEDGE_VERSION_STALE, '承诺书已更新，请阅读新版本后再签署', { versionNumber: pledge.currentVersion });
    }
    // The child's signatures of this pledge (the other guardians' bindings play no part in signing).
    const signatures = await this.ds.getRepository(PledgeSignatureEntity).find({ where: { pledgeId: pledge.id, studentId: student.id } });
    const studentRequired = studentPartRequired(pledge, cls.gradeNumber);
    const slot = pledge.requireAllGuardians ? auth.userId : '';
    const taken = signatures.find((s) => s.versionNumber === pledge.currentVersion && (!pledge.requireAllGuardians || s.guardianUserId === auth.userId));
    if (taken) return this.sameOrRefused(auth, pledgeId, dto);
    const needsStudent = studentRequired && !signatures.some((s) => s.versionNumber === pledge.currentVersion && s.hasStudentPart);
    if (dto.studentSignature !== undefined && !studentRequired) {
      throw AppException.unprocessable(ErrorCode.PLEDGE_SIGNATURE_INVALID, '这个年级的学生不需要签名', { part: 'student' });
    }
    if (needsStudent && dto.studentSignature === undefined) {
      throw AppException.unprocessable(ErrorCode.PLEDGE_STUDENT_SIGNATURE_REQUIRED, '请让孩子也在承诺书上签名');
    }
    const consentNeeded = await this.consentNeeded(this.ds.manager, auth.userId, child);
    if (consentNeeded && dto.childConsentVersion !== CHILD_DATA_CONSENT_VERSION) {
      throw AppException.unprocessable(ErrorCode.CONSENT_REQUIRED, '请先阅读并同意《儿童个人信息处理同意书》', { consentVersion: CHILD_DATA_CONSENT_VERSION });
    }
    const check = (part: PledgeSignaturePart, base64: string) => checkSignaturePng(Buffer.from(base64, 'base64'), { code: ErrorCode.PLEDGE_SIGNATURE_INVALID, details: { part } });
    const images: { part: PledgeSignaturePart; checked: CheckedSignature }[] = [{ part: 'guardian', checked: await check('guardian', dto.guardianSignature) }];
    if (needsStudent && dto.studentSignature !== undefined) images.push({ part: 'student', checked: await check('student', dto.studentSignature) });
    const version = await this.ds.getRepository(PledgeVersionEntity).findOneOrFail({ where: { pledgeId, number: pledge.currentVersion } });
    const id = randomUUID();
    const today = signatureDay(now);
    const outcome = await inTransaction(this.ds, async (m) => {
      const row = m.create(PledgeSignatureEntity, {
        id, pledgeId, schoolId: pledge.schoolId, studentId: student.id, classId: cls.id, guardianUserId: auth.userId, relation: binding.relation,
        versionNumber: version.number, textHash: version.textHash, slot, hasStudentPart: images.some((i) => i.part === 'student'),
        clientKey: dto.clientKey, signedOn: today,
      });
      // Not inserted: another submission won the slot or the client key (sameOrRefused tells which).
      if (await insertManyIgnoringDuplicates(m, PledgeSignatureEntity, [row]) !== 1) return null;
      const key = await this.crypto.schoolKey(m, pledge.schoolId);
      for (const i of images) {
        await m.insert(PledgeSignatureImageEntity, {
          signatureId: id, part: i.part, schoolId: pledge.schoolId, keyId: key.id, data: this.crypto.encryptBytes(key, i.checked.png, signatureImageAad(id, i.part)),
          sha256: i.checked.sha256, width: i.checked.width, height: i.checked.height, size: i.checked.png.length,
        });
      }
      await this.seal.sealMade(m, row, {
        guardian: images.find((i) => i.part === 'guardian')?.checked.sha256 ?? null, student: images.find((i) => i.part === 'student')?.checked.sha256 ?? null,
      });
      if (consentNeeded) {
        // PIPL art. 31: the guardian's consent to processing the child's data, kept to the day like every consent.
        await m.insert(ConsentEntity, { id: randomUUID(), userId: auth.userId, kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION, studentId: student.id, createdAt: now });
      }
      return { created: true, row };
    });
    if (!outcome) return this.sameOrRefused(auth, pledgeId, dto);
    return { created: outcome.created, body: this.signed(outcome.row, dto.studentId) };
  }

  /** The slot is taken: by this very request sent before (same client key), or by another signature (409). */
  private async sameOrRefused(auth: AuthContext, pledgeId: string, dto: SignPledgeDto): Promise<{ created: boolean; body: SignPledgeResponse }> {
    const same = await this.byClientKey(this.ds.manager, pledgeId, auth.userId, dto.clientKey);
    if (same) return { created: false, body: this.signed(same, dto.studentId) };
    throw AppException.conflict(ErrorCode.PLEDGE_ALREADY_SIGNED, '这份承诺书已经为孩子签过了');
  }

  /** A signed copy: the caller's own signature, or one made for a child the caller has an approved binding to. */
  async copy(auth: AuthContext, pledgeId: string, signatureId: string): Promise<PledgeSignedCopy> {
    const { pledge, signature } = await this.familySignature(auth, pledgeId, signatureId);
    return signedCopyView(await this.copies.load(this.ds.manager, pledge, signature));
  }

  /** A signature the caller signed, or one made for a child the caller has an approved binding to (the family); else 404. */
  async familySignature(auth: AuthContext, pledgeId: string, signatureId: string): Promise<{ pledge: PledgeEntity; signature: PledgeSignatureEntity }> {
    const m = this.ds.manager;
    const signature = await m.findOne(PledgeSignatureEntity, { where: { id: signatureId, pledgeId } });
    const bound = signature && (signature.guardianUserId === auth.userId
      || await m.findOne(BindingEntity, { where: { guardianUserId: auth.userId, studentId: signature.studentId, schoolId: signature.schoolId, status: 'approved' } }));
    if (!signature || !bound) throw AppException.notFound('签署记录');
    return { pledge: await m.findOneOrFail(PledgeEntity, { where: { id: pledgeId } }), signature };
  }

  private async progressOf(m: EntityManager, child: GuardianChild): Promise<ChildProgress> {
    const [bindings, signatures] = await Promise.all([
      m.find(BindingEntity, { where: { studentId: child.student.id, schoolId: child.pledge.schoolId, status: 'approved' } }),
      m.find(PledgeSignatureEntity, { where: { pledgeId: child.pledge.id, studentId: child.student.id } }),
    ]);
    return childProgress(child.pledge, child.student, child.cls, bindings, signatures);
  }

  /** The child may be under 14 and this guardian has not given the current child-data consent for them. */
  private async consentNeeded(m: EntityManager, userId: string, child: GuardianChild): Promise<boolean> {
    if (!mayBeUnder14(child.cls.gradeNumber)) return false;
    return !(await m.findOne(ConsentEntity, { where: { userId, kind: 'child_data', studentId: child.student.id, version: CHILD_DATA_CONSENT_VERSION } }));
  }

  private byClientKey(m: EntityManager, pledgeId: string, guardianUserId: string, clientKey: string): Promise<PledgeSignatureEntity | null> {
    return m.findOne(PledgeSignatureEntity, { where: { pledgeId, guardianUserId, clientKey } });
  }

  /** The answer to a signature: a client key already used for another child is a conflict, not that child's signature. */
  private signed(row: PledgeSignatureEntity, studentId: string): SignPledgeResponse {
    if (row.studentId !== studentId) throw AppException.conflict(ErrorCode.CONFLICT, '这个 clientKey 已用于另一个孩子的签署');
    return { id: row.id, signedOn: row.signedOn, versionNumber: row.versionNumber, textHash: row.textHash };
  }

  private studentRef(student: StudentEntity, className: string): GuardianPledgeStudent {
    return { id: student.id, name: student.name, className };
  }

}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  CHILD_DATA_CONSENT_VERSION, pledgeTextDiff, pledgeTextForGrade,
  type GuardianPledgeDetail, type GuardianPledgeListResponse, type GuardianPledgeStudent, type PledgeSignedCopy,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { BindingEntity } from '../bindings/binding.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { PledgeAccess, type GuardianChild } from './pledge-access';
import { PledgeCopies, signedCopyView } from './pledge-copies';
import { mayBeUnder14, pledgeClasses } from './pledge-audience';
import { pledgeStatus } from './pledge-days';
import { childProgress, guardianView, type ChildProgress } from './pledge-progress';
import { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeVersionEntity } from './pledge-version.entity';
import { PledgeEntity } from './pledge.entity';


/**
 * The guardian's side: the pledges to sign for each bound child, one to read (with the diff when signing again), and
 * the signed copy. Every query starts from the caller's approved bindings, so a guardian never sees
 * another family's pledge or signature (404). Signing itself is PledgeSignatureWrites.
 */
@Injectable()
export class PledgeSigningService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
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

  private studentRef(student: StudentEntity, className: string): GuardianPledgeStudent {
    return { id: student.id, name: student.name, className };
  }

}

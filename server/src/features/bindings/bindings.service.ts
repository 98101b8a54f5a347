import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CHILD_DATA_CONSENT_VERSION, ErrorCode, Permission, type BindingResponse, type BindingStatus, type CreateBindingRequest,
  type RejectBindingRequest,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso, isoRequired } from '../../platform/database/dates';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { ConsentEntity } from '../identity/consent.entity';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { AttemptLimiter } from '../tenancy/attempt-limiter';
import { ClassEntity } from '../tenancy/class.entity';
import { classDisplayName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import { inviteCodeInvalid, InviteCodeService } from '../tenancy/invite-code.service';
import { isMobilePhone, normalisePhone, PhoneHasher } from '../tenancy/phone-hash';
import { RosterGuardianEntity } from '../tenancy/roster-guardian.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { BindingNotices } from './binding-notices';
import { BindingEntity } from './binding.entity';

/** Names compare without spaces (full- or half-width): "王 小明" is 王小明. */
export function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/[\s\u3000·•]/g, '');
  return n(a) === n(b) && n(a).length > 0;
}

/**
 * A guardian's request to be linked to a child, and the class teacher's decision. Approved at once when the phone
 * the guardian gives matches one on the school's roster (compared as keyed hashes; the phone itself is not kept).
 */
@Injectable()
export class BindingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly invites: InviteCodeService,
    private readonly limiter: AttemptLimiter,
    private readonly phones: PhoneHasher,
    private readonly clock: Clock,
    private readonly notices: BindingNotices,
  ) {}

  async request(auth: AuthContext, dto: CreateBindingRequest): Promise<BindingResponse> {
    const limiterKey = `invite:${auth.userId}`;
    await this.limiter.check(limiterKey);
    if (dto.consentVersion !== CHILD_DATA_CONSENT_VERSION) {
      throw AppException.unprocessable(ErrorCode.CONSENT_REQUIRED, '请阅读并同意最新的《儿童个人信息处理同意书》后再提交');
    }
    const invite = await this.invites.findActive(this.ds.manager, dto.inviteCode);
    if (!invite) {
      await this.limiter.fail(limiterKey);
      throw inviteCodeInvalid();
    }
    const student = await this.ds.getRepository(StudentEntity).findOne({ where: { id: dto.studentId, classId: invite.classId } });
    if (!student) {
      await this.limiter.fail(limiterKey);
      throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.STUDENT_NOT_IN_CLASS, '该班级中没有这名学生');
    }
    if (!sameName(student.name, dto.studentName)) {
      await this.limiter.fail(limiterKey);
      throw AppException.unprocessable(ErrorCode.STUDENT_NAME_MISMATCH, '孩子的姓名与学校花名册不一致，请输入完整姓名');
    }
    const phone = dto.phone ? normalisePhone(dto.phone) : '';
    const id = await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const existing = await m.findOne(BindingEntity, { where: { guardianUserId: auth.userId, studentId: student.id } });
      if (existing && existing.status !== 'rejected') {
        throw AppException.conflict(ErrorCode.BINDING_EXISTS, existing.status === 'approved' ? '您已绑定这名孩子'
          : existing.status === 'suspended' ? '您已撤回对这名孩子信息处理的同意，请在“我的 → 个人信息与隐私”中重新同意' : '您已提交过绑定申请，请等待班主任审核');
      }
      // A roster row not yet rewritten since phone hashes moved to the data key still matches by its older hash.
      const hashes = isMobilePhone(phone) ? await this.phones.forSchool(m, student.schoolId) : null;
      const phoneMatched = !!hashes
        && !!(await m.findOne(RosterGuardianEntity, { where: { studentId: student.id, phoneHash: In([hashes.hash(phone), hashes.legacy(phone)]) } }));
      const fields = {
        guardianUserId: auth.userId, studentId: student.id, classId: student.classId, schoolId: student.schoolId, relation: dto.relation,
        status: (phoneMatched ? 'approved' : 'pending') as BindingStatus, autoApproved: phoneMatched, decidedBy: null,
        decidedAt: phoneMatched ? now : null, rejectReason: null, createdAt: now,
      };
      let binding: BindingEntity;
      if (existing) {
        await m.update(BindingEntity, { id: existing.id }, fields);
        binding = { ...existing, ...fields } as BindingEntity;
      } else {
        binding = await m.save(m.create(BindingEntity, fields));
      }
      // PIPL art. 31: the guardian's consent to processing the child's data, recorded with the request.
      await m.save(m.create(ConsentEntity, { userId: auth.userId, kind: 'child_data', version: dto.consentVersion, studentId: student.id, createdAt: now }));
      const base = { schoolId: student.schoolId, actorUserId: auth.userId, actorRole: 'guardian', targetType: 'binding', targetId: binding.id };
      await this.audit.append(m, {
        ...base, action: 'binding.requested',
        details: { studentId: student.id, classId: student.classId, relation: dto.relation, phoneGiven: phone.length > 0, consentVersion: dto.consentVersion },
      });
      if (phoneMatched) {
        await this.audit.append(m, { ...base, action: 'binding.approved', details: { studentId: student.id, auto: true, basis: 'roster_phone' } });
      }
      await this.notices.requested(m, binding);
      return binding.id;
    }).catch((e) => {
      // Two requests for the same child at once: the unique (guardian, student) index lets one through.
      if (isDuplicateKey(e)) throw AppException.conflict(ErrorCode.BINDING_EXISTS, '您已提交过绑定申请，请等待班主任审核');
      throw e;
    });
    return (await this.mapMany(this.ds.manager, [await this.ds.getRepository(BindingEntity).findOneByOrFail({ id })]))[0];
  }

  async listForClass(auth: AuthContext, classId: string, status?: BindingStatus): Promise<BindingResponse[]> {
    const { cls } = await this.access.requireClass(auth, classId, Permission.BINDING_DECIDE);
    const rows = await this.ds.getRepository(BindingEntity).find({
      where: { classId: cls.id, ...(status ? { status } : {}) }, order: { createdAt: 'ASC' },
    });
    return this.mapMany(this.ds.manager, rows);
  }

  approve(auth: AuthContext, bindingId: string): Promise<BindingResponse> {
    return this.decide(auth, bindingId, 'approved', null);
  }

  reject(auth: AuthContext, bindingId: string, dto: RejectBindingRequest): Promise<BindingResponse> {
    return this.decide(auth, bindingId, 'rejected', dto.reason?.trim() || null);
  }

  private async decide(auth: AuthContext, bindingId: string, status: 'approved' | 'rejected', reason: string | null): Promise<BindingResponse> {
    const binding = await this.ds.getRepository(BindingEntity).findOne({ where: { id: bindingId } });
    if (!binding) throw AppException.notFound('绑定申请');
    const { school } = await this.access.requireClass(auth, binding.classId, Permission.BINDING_DECIDE);
    await inTransaction(this.ds, async (m) => {
      // Conditional update: of two teachers deciding at once, exactly one wins.
      const decidedAt = this.clock.now();
      const done = await m.update(BindingEntity, { id: binding.id, status: 'pending' },
        { status, decidedBy: auth.userId, decidedAt, rejectReason: status === 'rejected' ? reason : null });
      if (!done.affected) throw AppException.conflict(ErrorCode.BINDING_ALREADY_DECIDED, '这条绑定申请已经处理过了');
      await this.notices.decided(m, binding, status, reason, decidedAt);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school),
        action: status === 'approved' ? 'binding.approved' : 'binding.rejected', targetType: 'binding', targetId: binding.id,
        details: { studentId: binding.studentId, guardianUserId: binding.guardianUserId, ...(status === 'rejected' ? { reason } : { auto: false }) },
      });
    });
    return (await this.mapMany(this.ds.manager, [await this.ds.getRepository(BindingEntity).findOneByOrFail({ id: binding.id })]))[0];
  }

  private async mapMany(m: EntityManager, rows: BindingEntity[]): Promise<BindingResponse[]> {
    if (!rows.length) return [];
    const [students, classes, users] = await Promise.all([
      m.find(StudentEntity, { where: { id: In([...new Set(rows.map((r) => r.studentId))]) } }),
      m.find(ClassEntity, { where: { id: In([...new Set(rows.map((r) => r.classId))]) } }),
      m.find(UserEntity, { where: { id: In([...new Set(rows.map((r) => r.guardianUserId))]) } }),
    ]);
    const grades = await m.find(GradeEntity, { where: { id: In([...new Set(classes.map((c) => c.gradeId))]) } });
    return rows.map((b) => {
      const cls = classes.find((c) => c.id === b.classId);
      return {
        id: b.id,
        studentId: b.studentId,
        studentName: students.find((s) => s.id === b.studentId)?.name ?? '',
        classId: b.classId,
        className: cls ? classDisplayName(grades.find((g) => g.id === cls.gradeId)?.name, cls.name) : '',
        schoolId: b.schoolId,
        guardianUserId: b.guardianUserId,
        guardianName: users.find((u) => u.id === b.guardianUserId)?.displayName ?? '',
        relation: b.relation,
        status: b.status,
        autoApproved: b.autoApproved,
        decidedAt: iso(b.decidedAt),
        rejectReason: b.rejectReason,
        createdAt: isoRequired(b.createdAt),
      };
    });
  }
}

import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  ErrorCode, Permission, SchoolRole, type CreateStaffInviteRequest, type StaffInviteResponse, type StaffRoleResponse,
} from '@anxin/shared';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { isoRequired } from '../database/dates';
import { inTransaction } from '../database/transaction';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from './access.service';
import { AttemptLimiter } from './attempt-limiter';
import { ClassEntity } from './class.entity';
import { normaliseCode, randomCode, STAFF_INVITE_CODE_LENGTH } from './codes';
import { SchoolEntity } from './school.entity';
import { StaffInviteEntity } from './staff-invite.entity';
import { StaffRoleEntity } from './staff-role.entity';
import { TeacherClassEntity } from './teacher-class.entity';

const INVITE_TTL_MS = 7 * 24 * 3600_000;

export interface RoleGrantRequest {
  userId: string;
  role: SchoolRole;
  classIds: string[];
  /** How the grant came about, for the audit entry. */
  via: 'staff_invite' | 'contact';
  details?: Record<string, unknown>;
}

function hashInviteCode(code: string): string {
  return createHash('sha256').update(`staff-invite:${normaliseCode(code)}`).digest('hex');
}

/**
 * Staff of a school: who holds which role, one-time invitations that turn a WeChat user into staff, and revocation.
 * Every grant and revocation is written to the school's audit chain.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, schoolId: string): Promise<StaffRoleResponse[]> {
    await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    const roles = await this.ds.getRepository(StaffRoleEntity).find({ where: { schoolId }, order: { createdAt: 'ASC' } });
    return this.mapRoles(this.ds.manager, roles);
  }

  async createInvite(auth: AuthContext, schoolId: string, dto: CreateStaffInviteRequest): Promise<StaffInviteResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    const classIds = [...new Set(dto.classIds ?? [])];
    if (dto.role !== SchoolRole.TEACHER && classIds.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '只有教师角色可以指定班级', [{ field: 'classIds', problems: ['只有教师角色可以指定班级'] }]);
    }
    return inTransaction(this.ds, async (m) => {
      await this.requireClassesOfSchool(m, school.id, classIds);
      const code = randomCode(STAFF_INVITE_CODE_LENGTH);
      const now = this.clock.now();
      const invite = await m.save(m.create(StaffInviteEntity, {
        codeHash: hashInviteCode(code), schoolId: school.id, role: dto.role, classIds, createdBy: auth.userId, createdAt: now,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS), redeemedBy: null, redeemedAt: null,
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'staff_invite.created',
        targetType: 'staff_invite', targetId: invite.id, details: { role: dto.role, classIds },
      });
      return {
        id: invite.id, schoolId: school.id, role: dto.role, classIds, code,
        expiresAt: isoRequired(invite.expiresAt), createdAt: isoRequired(invite.createdAt),
      };
    });
  }

  /** Any logged-in user redeems a code once; wrong codes count towards the per-user attempt limit. */
  async redeemInvite(auth: AuthContext, code: string): Promise<StaffRoleResponse> {
    const limiterKey = `staff-invite:${auth.userId}`;
    this.limiter.check(limiterKey);
    const invalid = () => {
      this.limiter.fail(limiterKey);
      return new AppException(HttpStatus.NOT_FOUND, ErrorCode.STAFF_INVITE_INVALID, '邀请码无效、已使用或已过期');
    };
    return inTransaction(this.ds, async (m) => {
      const invite = await m.findOne(StaffInviteEntity, { where: { codeHash: hashInviteCode(code) } });
      const now = this.clock.now();
      if (!invite || invite.redeemedAt || new Date(invite.expiresAt) <= now) throw invalid();
      const claimed = await m.update(StaffInviteEntity, { id: invite.id, redeemedAt: IsNull() }, { redeemedAt: now, redeemedBy: auth.userId });
      if (!claimed.affected) throw invalid();
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: invite.schoolId } });
      const classIds = (invite.classIds ?? []).length
        ? (await m.find(ClassEntity, { where: { id: In(invite.classIds), schoolId: school.id } })).map((c) => c.id)
        : [];
      const role = await this.grantRole(m, auth, school, {
        userId: auth.userId, role: invite.role, classIds, via: 'staff_invite', details: { inviteId: invite.id, invitedBy: invite.createdBy },
      });
      return (await this.mapRoles(m, [role]))[0];
    });
  }

  async revoke(auth: AuthContext, schoolId: string, roleId: string): Promise<void> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    await inTransaction(this.ds, async (m) => {
      const role = await m.findOne(StaffRoleEntity, { where: { id: roleId, schoolId: school.id } });
      if (!role) throw AppException.notFound('角色');
      const current = await m.findOneOrFail(SchoolEntity, { where: { id: school.id } });
      if (role.role === SchoolRole.CONTACT && current.contactUserId === role.userId) {
        throw AppException.conflict(ErrorCode.CONFLICT, '此人是本校欺凌防治负责人，请先指定新的负责人再撤销');
      }
      let classIds: string[] = [];
      if (role.role === SchoolRole.TEACHER) {
        const rows = await m.find(TeacherClassEntity, { where: { userId: role.userId, schoolId: school.id } });
        classIds = rows.map((r) => r.classId);
        if (rows.length) await m.delete(TeacherClassEntity, { id: In(rows.map((r) => r.id)) });
      }
      await m.delete(StaffRoleEntity, { id: role.id });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'role.revoked',
        targetType: 'user', targetId: role.userId, details: { userId: role.userId, role: role.role, roleId: role.id, classIds },
      });
    });
  }

  /**
   * Gives `userId` the role at `school` (and, for teachers, the classes), in the caller's transaction, and records
   * 'role.granted'. A role the user already holds is kept; only missing classes are added.
   */
  async grantRole(m: EntityManager, auth: AuthContext, school: SchoolEntity, grant: RoleGrantRequest): Promise<StaffRoleEntity> {
    const now = this.clock.now();
    let role = await m.findOne(StaffRoleEntity, { where: { userId: grant.userId, schoolId: school.id, role: grant.role } });
    const newRole = !role;
    if (!role) {
      role = await m.save(m.create(StaffRoleEntity, { userId: grant.userId, schoolId: school.id, districtId: null, role: grant.role, createdAt: now }));
    }
    const addedClassIds: string[] = [];
    if (grant.role === SchoolRole.TEACHER && grant.classIds.length) {
      const have = new Set((await m.find(TeacherClassEntity, { where: { userId: grant.userId, schoolId: school.id } })).map((r) => r.classId));
      for (const classId of grant.classIds.filter((id) => !have.has(id))) {
        await m.save(m.create(TeacherClassEntity, { userId: grant.userId, classId, schoolId: school.id, isHead: false }));
        addedClassIds.push(classId);
      }
    }
    if (newRole || addedClassIds.length) {
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'role.granted',
        targetType: 'user', targetId: grant.userId,
        details: { userId: grant.userId, role: grant.role, roleId: role.id, classIds: addedClassIds, via: grant.via, ...(grant.details ?? {}) },
      });
    }
    return role;
  }

  private async requireClassesOfSchool(m: EntityManager, schoolId: string, classIds: string[]): Promise<void> {
    if (!classIds.length) return;
    const found = await m.find(ClassEntity, { where: { id: In(classIds), schoolId } });
    if (found.length !== classIds.length) throw AppException.notFound('班级');
  }

  private async mapRoles(m: EntityManager, roles: StaffRoleEntity[]): Promise<StaffRoleResponse[]> {
    if (!roles.length) return [];
    const userIds = [...new Set(roles.map((r) => r.userId))];
    const [users, classes] = await Promise.all([
      m.find(UserEntity, { where: { id: In(userIds) } }),
      m.find(TeacherClassEntity, { where: { userId: In(userIds) } }),
    ]);
    return roles.map((r) => ({
      id: r.id,
      userId: r.userId,
      userName: users.find((u) => u.id === r.userId)?.displayName ?? '',
      role: r.role,
      schoolId: r.schoolId,
      districtId: r.districtId,
      classIds: r.role === SchoolRole.TEACHER ? classes.filter((c) => c.userId === r.userId && c.schoolId === r.schoolId).map((c) => c.classId) : [],
      createdAt: isoRequired(r.createdAt),
    }));
  }
}

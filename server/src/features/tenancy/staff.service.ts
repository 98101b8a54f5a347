import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { qrPngDataUrl } from '../../platform/images/qr-image';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  ErrorCode, inviteQrText, mayGrantRole, mayRevokeRole, NO_SELF_GRANT, normalizeCode, Permission, SchoolRole, type CreateStaffInviteRequest, type StaffInviteResponse,
  type StaffRole, type StaffRoleResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { UserEntity } from '../identity/user.entity';
import { releaseCasesOf } from '../tips/case-release';
import { AccessService } from './access.service';
import { AttemptLimiter } from './attempt-limiter';
import { CaseRoleNotices } from './case-role-notices';
import { ClassEntity } from './class.entity';
import { randomCode, STAFF_INVITE_CODE_LENGTH } from './codes';
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
  via: 'staff_invite' | 'contact' | 'onboarding_invite';
  details?: Record<string, unknown>;
}

/** Why a role may not be granted or revoked by this caller, in words a school user understands. */
function grantRefusal(role: SchoolRole): AppException {
  const message = role === SchoolRole.PRINCIPAL ? '校长由区教育局任命，学校不能自行授予或邀请校长'
    : role === SchoolRole.CONTACT || role === SchoolRole.COMMITTEE ? '只有校长可以授予或撤销欺凌防治负责人、欺凌处置委员会成员的角色'
      : '没有权限授予或撤销此角色';
  return new AppException(HttpStatus.FORBIDDEN, ErrorCode.ROLE_GRANT_FORBIDDEN, message);
}

export function hashInviteCode(code: string): string {
  return createHash('sha256').update(`staff-invite:${normalizeCode(code)}`).digest('hex');
}

/**
 * Staff of a school: who holds which role, one-time invitations that turn a WeChat user into staff, and revocation.
 * Every grant and revocation is written to the school's audit chain. Who may grant or revoke which role is
 * ROLE_GRANTERS (shared/src/roles.ts): roles that read tip content only the principal, the principal role only a
 * district officer; NO_SELF_GRANT roles are never obtained through one's own invite.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly notices: CaseRoleNotices,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, schoolId: string): Promise<StaffRoleResponse[]> {
    await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    const roles = await this.ds.getRepository(StaffRoleEntity).find({ where: { schoolId }, order: { createdAt: 'ASC' } });
    return this.mapRoles(this.ds.manager, roles);
  }

  async createInvite(auth: AuthContext, schoolId: string, dto: CreateStaffInviteRequest): Promise<StaffInviteResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    if (!mayGrantRole(this.callerRoles(auth, school), dto.role)) throw grantRefusal(dto.role);
    if (dto.role === SchoolRole.CONTACT) {
      throw AppException.unprocessable(ErrorCode.CONTACT_NOT_INVITABLE, '欺凌防治负责人不通过邀请码产生：请先邀请其为教师，再在“学校设置”中指定为负责人');
    }
    return this.insertInvite(auth, school, dto.role, dto.classIds ?? []);
  }

  /** A district officer appoints a school's principal: the invite is for someone else to redeem (never the officer). */
  async createPrincipalInvite(auth: AuthContext, schoolId: string): Promise<StaffInviteResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.DISTRICT_MANAGE);
    if (!mayGrantRole(this.callerRoles(auth, school), SchoolRole.PRINCIPAL)) throw grantRefusal(SchoolRole.PRINCIPAL);
    return this.insertInvite(auth, school, SchoolRole.PRINCIPAL, []);
  }

  private async insertInvite(auth: AuthContext, school: SchoolEntity, role: SchoolRole, requestedClassIds: string[]): Promise<StaffInviteResponse> {
    const classIds = [...new Set(requestedClassIds)];
    if (role !== SchoolRole.TEACHER && classIds.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '只有教师角色可以指定班级', [{ field: 'classIds', problems: ['只有教师角色可以指定班级'] }]);
    }
    const { invite, code } = await inTransaction(this.ds, async (m) => {
      await this.requireClassesOfSchool(m, school.id, classIds);
      const code = randomCode(STAFF_INVITE_CODE_LENGTH);
      const now = this.clock.now();
      const invite = await m.save(m.create(StaffInviteEntity, {
        codeHash: hashInviteCode(code), schoolId: school.id, role, classIds, createdBy: auth.userId, createdAt: now,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS), redeemedBy: null, redeemedAt: null,
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'staff_invite.created',
        targetType: 'staff_invite', targetId: invite.id, details: { role, classIds },
      });
      return { invite, code };
    });
    const qrPayload = inviteQrText(code);
    return {
      id: invite.id, schoolId: school.id, role, classIds, code, qrPayload,
      qrDataUrl: await qrPngDataUrl(qrPayload),
      expiresAt: isoRequired(invite.expiresAt), createdAt: isoRequired(invite.createdAt),
    };
  }

  /** Any logged-in user redeems a code once; wrong codes count towards the per-user attempt limit. */
  async redeemInvite(auth: AuthContext, code: string): Promise<StaffRoleResponse> {
    const limiterKey = `staff-invite:${auth.userId}`;
    await this.limiter.check(limiterKey);
    // A wrong code is counted after the transaction has rolled back (counted inside it, the rollback would undo it).
    let wrongCode = false;
    const invalid = () => {
      wrongCode = true;
      return new AppException(HttpStatus.NOT_FOUND, ErrorCode.STAFF_INVITE_INVALID, '邀请码无效、已使用或已过期');
    };
    return inTransaction(this.ds, async (m) => {
      const invite = await m.findOne(StaffInviteEntity, { where: { codeHash: hashInviteCode(code) } });
      const now = this.clock.now();
      if (!invite || invite.redeemedAt || new Date(invite.expiresAt) <= now) throw invalid();
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: invite.schoolId } });
      await this.requireInviteStillGrantable(m, auth, school, invite);
      const claimed = await m.update(StaffInviteEntity, { id: invite.id, redeemedAt: IsNull() }, { redeemedAt: now, redeemedBy: auth.userId });
      if (!claimed.affected) throw invalid();
      const classIds = (invite.classIds ?? []).length
        ? (await m.find(ClassEntity, { where: { id: In(invite.classIds), schoolId: school.id } })).map((c) => c.id)
        : [];
      const role = await this.grantRole(m, auth, school, {
        userId: auth.userId, role: invite.role, classIds, via: 'staff_invite', details: { inviteId: invite.id, invitedBy: invite.createdBy },
      });
      return (await this.mapRoles(m, [role]))[0];
    }).catch(async (e) => {
      if (wrongCode) await this.limiter.fail(limiterKey);
      throw e;
    });
  }

  /**
   * An invite for a role nobody may give themselves is refused to its own creator; and every invite still needs a
   * creator who, by the roles they hold *now*, may grant the role (an invite made before a rule tightened, or by
   * someone who has since lost the role, gives nothing).
   */
  private async requireInviteStillGrantable(m: EntityManager, auth: AuthContext, school: SchoolEntity, invite: StaffInviteEntity): Promise<void> {
    if (NO_SELF_GRANT.includes(invite.role) && invite.createdBy === auth.userId) {
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.SELF_GRANT_FORBIDDEN, '不能用自己创建的邀请码给自己授予这个角色，请把邀请码交给被邀请的人');
    }
    if (invite.role === SchoolRole.CONTACT) {
      throw AppException.unprocessable(ErrorCode.CONTACT_NOT_INVITABLE, '欺凌防治负责人不通过邀请码产生，请联系校长在“学校设置”中指定');
    }
    const creatorRoles = await m.find(StaffRoleEntity, {
      where: [{ userId: invite.createdBy, schoolId: school.id }, { userId: invite.createdBy, schoolId: IsNull(), districtId: school.districtId }],
    });
    if (!mayGrantRole(creatorRoles.map((r) => r.role), invite.role)) {
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.ROLE_GRANT_FORBIDDEN, '创建这个邀请码的人已无权授予该角色，邀请码不能使用');
    }
  }

  async revoke(auth: AuthContext, schoolId: string, roleId: string): Promise<void> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.STAFF_MANAGE);
    await inTransaction(this.ds, async (m) => {
      const role = await m.findOne(StaffRoleEntity, { where: { id: roleId, schoolId: school.id } });
      if (!role) throw AppException.notFound('角色');
      if (!mayRevokeRole(this.callerRoles(auth, school), role.role as SchoolRole)) throw grantRefusal(role.role as SchoolRole);
      const current = await m.findOneOrFail(SchoolEntity, { where: { id: school.id } });
      if (role.role === SchoolRole.CONTACT && current.contactUserId === role.userId) {
        throw AppException.conflict(ErrorCode.CONFLICT, '此人是本校欺凌防治负责人，请先指定新的负责人再撤销');
      }
      await this.removeRole(m, auth, current, role, {});
    });
  }

  /**
   * Deletes one role row (teacher: with its classes) in the caller's transaction, records 'role.revoked', and hands
   * the user's open cases back if they no longer hold a case role. Access ends with the row: every request reads
   * the caller's roles afresh.
   */
  async removeRole(m: EntityManager, auth: AuthContext, school: SchoolEntity, role: StaffRoleEntity, details: Record<string, unknown>): Promise<void> {
    let classIds: string[] = [];
    if (role.role === SchoolRole.TEACHER) {
      const rows = await m.find(TeacherClassEntity, { where: { userId: role.userId, schoolId: school.id } });
      classIds = rows.map((r) => r.classId);
      if (rows.length) await m.delete(TeacherClassEntity, { id: In(rows.map((r) => r.id)) });
    }
    await m.delete(StaffRoleEntity, { id: role.id });
    const actorRole = this.access.actingRole(auth, school);
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'role.revoked',
      targetType: 'user', targetId: role.userId, details: { userId: role.userId, role: role.role, roleId: role.id, classIds, ...details },
    });
    if (role.role !== SchoolRole.TEACHER && role.role !== SchoolRole.ADMIN) {
      await releaseCasesOf(m, this.audit, school, role.userId, { actorUserId: auth.userId, actorRole });
    }
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
    if (newRole && grant.role === SchoolRole.COMMITTEE) {
      const user = await m.findOne(UserEntity, { where: { id: grant.userId }, select: { id: true, displayName: true } });
      await this.notices.committeeGranted(m, school, { userId: grant.userId, name: user?.displayName ?? '' });
    }
    return role;
  }

  /** The caller's roles at this school, or in its district. */
  private callerRoles(auth: AuthContext, school: SchoolEntity): StaffRole[] {
    return this.access.rolesAtSchool(auth, school).map((r) => r.role);
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

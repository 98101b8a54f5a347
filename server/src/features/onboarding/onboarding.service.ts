import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  DistrictRole, ErrorCode, Permission, SchoolRole, type OnboardingInviteResponse, type RedeemInviteRequest, type RedeemInviteResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { AttemptLimiter } from '../tenancy/attempt-limiter';
import { DistrictEntity } from '../tenancy/district.entity';
import { districtAuditRecord } from '../tenancy/district-audit';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { StaffService } from '../tenancy/staff.service';
import { OnboardingInviteEntity } from './onboarding-invite.entity';
import { hashOnboardingCode, issueOnboardingInvite, mapOnboardingInvite } from './onboarding-invites';

/**
 * The invites that bring a deployment's first people in. A district officer comes from an invite the operator's
 * `npm run admin` printed; a school's first administrator from an invite a district officer of its district made
 * (the administrator then invites the school's teachers and administrators, the officer its principal). One
 * redemption route takes every staff code, so the app needs one box: a code that is not an onboarding invite is
 * handed to the staff invites' own redemption. Failed attempts share the staff invites' per-user limit.
 */
@Injectable()
export class OnboardingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly staff: StaffService,
    private readonly clock: Clock,
  ) {}

  /** A district officer invites the first administrator of a school of their district (while it has none). */
  async createAdminInvite(auth: AuthContext, schoolId: string): Promise<OnboardingInviteResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.DISTRICT_MANAGE);
    const { invite, code } = await inTransaction(this.ds, async (m) => {
      if (await m.count(StaffRoleEntity, { where: { schoolId: school.id, role: SchoolRole.ADMIN } })) {
        throw AppException.conflict(ErrorCode.SCHOOL_HAS_ADMIN, '这所学校已经有学校管理员，其他管理员和教师由学校自己邀请');
      }
      return issueOnboardingInvite(m, (mm, r) => this.audit.append(mm, r), {
        kind: 'school_admin', districtId: school.districtId, schoolId: school.id, createdBy: auth.userId, actorRole: DistrictRole.OFFICER,
        now: this.clock.now(),
      });
    });
    return mapOnboardingInvite(invite, code);
  }

  async redeem(auth: AuthContext, dto: RedeemInviteRequest): Promise<RedeemInviteResponse> {
    const limiterKey = `staff-invite:${auth.userId}`;
    await this.limiter.check(limiterKey);
    const name = dto.name?.trim() || null;
    const found = await this.ds.getRepository(OnboardingInviteEntity).findOne({ where: { codeHash: hashOnboardingCode(dto.code) }, select: { id: true } });
    if (!found) return this.redeemStaffInvite(auth, dto.code, name);
    try {
      return await inTransaction(this.ds, async (m) => {
        const invite = await m.findOneOrFail(OnboardingInviteEntity, { where: { id: found.id } });
        const district = await m.findOne(DistrictEntity, { where: { id: invite.districtId } });
        const school = invite.schoolId ? await m.findOne(SchoolEntity, { where: { id: invite.schoolId } }) : null;
        if (!district || (invite.kind === 'school_admin' && !school)) throw invalidCode();
        const answer: RedeemInviteResponse = {
          role: invite.kind === 'district_officer' ? DistrictRole.OFFICER : SchoolRole.ADMIN,
          districtId: district.id, districtName: district.name, schoolId: school?.id ?? null, schoolName: school?.name ?? null,
        };
        // The same person tapping twice (or a retried request) gets the same answer, not "already used".
        if (invite.redeemedAt && invite.redeemedBy === auth.userId) return answer;
        if (invite.redeemedAt) throw usedCode();
        if (new Date(invite.expiresAt) <= this.clock.now()) throw expiredCode(invite);
        if (invite.kind === 'school_admin') await this.requireInviterStillOfficer(m, auth, invite);
        const claimed = await m.update(OnboardingInviteEntity, { id: invite.id, redeemedAt: IsNull() }, { redeemedAt: this.clock.now(), redeemedBy: auth.userId });
        if (!claimed.affected) throw usedCode();
        if (invite.kind === 'district_officer') await this.grantOfficer(m, auth, invite);
        else await this.staff.grantRole(m, auth, school!, {
          userId: auth.userId, role: SchoolRole.ADMIN, classIds: [], via: 'onboarding_invite', details: { inviteId: invite.id, invitedBy: invite.createdBy },
        });
        if (name) await m.update(UserEntity, { id: auth.userId }, { displayName: name });
        return answer;
      });
    } catch (e) {
      if (e instanceof AppException && e.getStatus() !== HttpStatus.FORBIDDEN) await this.limiter.fail(limiterKey);
      throw e;
    }
  }

  /** A staff invite (or a code that is nothing): the staff invites' redemption decides and counts a failure. */
  private async redeemStaffInvite(auth: AuthContext, code: string, name: string | null): Promise<RedeemInviteResponse> {
    const role = await this.staff.redeemInvite(auth, code);
    const school = await this.ds.getRepository(SchoolEntity).findOneOrFail({ where: { id: role.schoolId! } });
    const district = await this.ds.getRepository(DistrictEntity).findOne({ where: { id: school.districtId } });
    if (name) await inTransaction(this.ds, (m) => m.update(UserEntity, { id: auth.userId }, { displayName: name }));
    return { role: role.role, districtId: school.districtId, districtName: district?.name ?? null, schoolId: school.id, schoolName: school.name };
  }

  /** The officer who made a first-administrator invite must still be an officer of the district, and not its redeemer. */
  private async requireInviterStillOfficer(m: EntityManager, auth: AuthContext, invite: OnboardingInviteEntity): Promise<void> {
    if (invite.createdBy === auth.userId) {
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.SELF_GRANT_FORBIDDEN, '这是您为学校管理员生成的邀请码，请把它交给学校的管理员使用');
    }
    if (!invite.createdBy) return;
    const still = await m.count(StaffRoleEntity, { where: { userId: invite.createdBy, districtId: invite.districtId, schoolId: IsNull(), role: DistrictRole.OFFICER } });
    if (!still) throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.ROLE_GRANT_FORBIDDEN, '生成这个邀请码的教育局工作人员已不再任职，邀请码不能使用，请联系教育局重新生成');
  }

  private async grantOfficer(m: EntityManager, auth: AuthContext, invite: OnboardingInviteEntity): Promise<void> {
    const held = await m.findOne(StaffRoleEntity, { where: { userId: auth.userId, districtId: invite.districtId, schoolId: IsNull(), role: DistrictRole.OFFICER } });
    if (held) return;
    const role = await m.save(m.create(StaffRoleEntity, {
      userId: auth.userId, schoolId: null, districtId: invite.districtId, role: DistrictRole.OFFICER, createdAt: this.clock.now(),
    }));
    await this.audit.append(m, districtAuditRecord(invite.districtId, {
      actorUserId: auth.userId, actorRole: null, action: 'role.granted', targetType: 'user', targetId: auth.userId,
      details: { userId: auth.userId, role: DistrictRole.OFFICER, roleId: role.id, via: 'onboarding_invite', inviteId: invite.id, invitedBy: invite.createdBy },
    }));
  }
}

function invalidCode(): AppException {
  return new AppException(HttpStatus.NOT_FOUND, ErrorCode.ONBOARDING_INVITE_INVALID, '邀请码不正确，请核对后重新输入');
}

function usedCode(): AppException {
  return AppException.conflict(ErrorCode.ONBOARDING_INVITE_USED, '这个邀请码已经被使用过了。邀请码只能使用一次，请联系发出邀请的人重新生成');
}

function expiredCode(invite: OnboardingInviteEntity): AppException {
  const who = invite.kind === 'district_officer' ? '系统管理员' : '教育局';
  return new AppException(HttpStatus.GONE, ErrorCode.ONBOARDING_INVITE_EXPIRED, `这个邀请码已过期（72 小时内有效），请联系${who}重新生成`);
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErrorCode, Permission, type ShareOpenResponse, type ShareStatsResponse } from '@anxin/shared';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import { AuditService } from '../../platform/audit/audit.service';
import { BindingEntity } from '../bindings/binding.entity';
import { hmacHex, subkey } from '../../platform/crypto/aes-gcm';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { InviteCodeEntity } from '../tenancy/invite-code.entity';
import { inviteCodeInvalid } from '../tenancy/invite-code.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { CreateShareDto, NameShareGroupDto, ShareDto, ShareGroupDto, ShareOpenDto } from './shares.dto';
import { decryptGroupEnterInfo, GroupInfoError } from './group-enter-info';
import { ShareGroupEntity } from './share-group.entity';
import { ShareOpenEntity } from './share-open.entity';
import { ShareEntity } from './share.entity';

const GROUP_INFO_ERRORS = {
  invalid: [ErrorCode.SHARE_INFO_INVALID, '无法读取群信息（数据不完整，或来自上一次登录），请重新打开卡片'],
  wrong_app: [ErrorCode.SHARE_INFO_WRONG_APP, '群信息不是本小程序的'],
  expired: [ErrorCode.SHARE_INFO_EXPIRED, '群信息已过期，请重新打开卡片'],
} as const;

/**
 * Share cards (see docs/SHARING.md): a share id per subject, openings counted per WeChat group (decrypted with the
 * opener's session_key) and once a day per user, groups named by the school's teachers, and per-group figures.
 */
@Injectable()
export class SharesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The subject's share (created the first time): staff who may hand the subject out, or a guardian bound at the school. */
  async create(auth: AuthContext, dto: CreateShareDto): Promise<ShareDto> {
    const schoolId = await this.requireShareable(auth, dto);
    return inTransaction(this.ds, async (m) => {
      await insertOrIgnore(m, ShareEntity, {
        id: randomUUID(), schoolId, subjectKind: dto.kind, subjectId: dto.subjectId, createdOn: utcDay(this.clock.now()),
      });
      const share = await m.findOneOrFail(ShareEntity, { where: { subjectKind: dto.kind, subjectId: dto.subjectId } });
      return { id: share.id, kind: share.subjectKind, subjectId: share.subjectId };
    });
  }

  /**
   * Counts one opening. With WeChat's group data it must decrypt under the caller's current session_key and carry
   * our app id and a fresh watermark (else 400); without it the opening counts as not from a group.
   */
  async open(auth: AuthContext, shareId: string, dto: ShareOpenDto): Promise<ShareOpenResponse> {
    const share = await this.ds.getRepository(ShareEntity).findOne({ where: { id: shareId } });
    if (!share) throw AppException.notFound('分享');
    if ((dto.encryptedData === undefined) !== (dto.iv === undefined)) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'encryptedData 和 iv 需要同时提供');
    }
    const opengid = dto.encryptedData !== undefined ? await this.groupOf(auth, dto.encryptedData, dto.iv!) : null;
    const now = this.clock.now();
    const day = utcDay(now);
    return inTransaction(this.ds, async (m) => {
      let groupId: string | null = null;
      if (opengid) {
        await insertOrIgnore(m, ShareGroupEntity, { id: randomUUID(), schoolId: share.schoolId, opengid, name: null, firstSeenOn: day });
        groupId = (await m.findOneOrFail(ShareGroupEntity, { where: { schoolId: share.schoolId, opengid } })).id;
      }
      const dedupeKey = hmacHex(subkey(this.config.masterKey, 'share-open'), `${share.id}|${groupId ?? '-'}|${auth.userId}|${day}`);
      const before = await m.count(ShareOpenEntity, { where: { dedupeKey } });
      if (before === 0) await insertOrIgnore(m, ShareOpenEntity, { dedupeKey, shareId: share.id, groupId, openedOn: day });
      return { counted: before === 0, fromGroup: groupId !== null };
    });
  }

  /** A teacher, admin or principal of the school names a group (三年级1班家长群) for everyone at the school. */
  async nameGroup(auth: AuthContext, schoolId: string, groupId: string, dto: NameShareGroupDto): Promise<ShareGroupDto> {
    const school = await this.requireGroupNamer(auth, schoolId);
    const name = dto.name.trim();
    return inTransaction(this.ds, async (m) => {
      const group = await m.findOne(ShareGroupEntity, { where: { id: groupId, schoolId: school.id } });
      if (!group) throw AppException.notFound('群');
      if (group.name !== name) {
        await m.update(ShareGroupEntity, { id: group.id }, { name });
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'share_group.named',
          targetType: 'share_group', targetId: group.id, details: { old: group.name, new: name },
        });
      }
      return { id: group.id, name };
    });
  }

  /** Opens per group (named or not) and outside groups: any staff member of the school. */
  async stats(auth: AuthContext, shareId: string): Promise<ShareStatsResponse> {
    const share = await this.ds.getRepository(ShareEntity).findOne({ where: { id: shareId } });
    if (!share) throw AppException.notFound('分享');
    await this.access.requireSchool(auth, share.schoolId, Permission.SCHOOL_READ);
    const rows: Array<{ groupId: string | null; opens: string | number }> = await this.ds.getRepository(ShareOpenEntity).createQueryBuilder('o')
      .select('o.group_id', 'groupId').addSelect('COUNT(*)', 'opens')
      .where('o.share_id = :id', { id: share.id }).groupBy('o.group_id').getRawMany();
    const groupIds = rows.map((r) => r.groupId).filter((g): g is string => g !== null);
    const groups = groupIds.length ? await this.ds.getRepository(ShareGroupEntity).createQueryBuilder('g')
      .where('g.id IN (:...ids)', { ids: groupIds }).andWhere('g.school_id = :school', { school: share.schoolId }).getMany() : [];
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const perGroup = rows.filter((r) => r.groupId !== null && names.has(r.groupId))
      .map((r) => ({ groupId: r.groupId!, name: names.get(r.groupId!) ?? null, opens: Number(r.opens) }))
      .sort((a, b) => b.opens - a.opens || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.groupId.localeCompare(b.groupId));
    const notFromGroup = Number(rows.find((r) => r.groupId === null)?.opens ?? 0);
    return {
      shareId: share.id, schoolId: share.schoolId, kind: share.subjectKind, subjectId: share.subjectId, groups: perGroup, notFromGroup,
      total: notFromGroup + perGroup.reduce((n, g) => n + g.opens, 0),
    };
  }

  private async groupOf(auth: AuthContext, encryptedData: string, iv: string): Promise<string | null> {
    const row = await this.ds.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.wxSessionKey')
      .where('u.id = :id', { id: auth.userId }).getOne();
    const sessionKey = this.crypto.openWechatSessionKey(auth.userId, row?.wxSessionKey ?? null);
    const appId = this.config.wechat.appId;
    const fail = (problem: keyof typeof GROUP_INFO_ERRORS) => AppException.badRequest(GROUP_INFO_ERRORS[problem][0], GROUP_INFO_ERRORS[problem][1]);
    // No WeChat login on record (demo users, a master key change) or no WeChat app: nothing can decrypt it.
    if (!sessionKey || !appId) throw fail('invalid');
    try {
      return decryptGroupEnterInfo({ encryptedData, iv, sessionKey }, { appId, now: this.clock.now() }).opengid;
    } catch (e) {
      if (e instanceof GroupInfoError) throw fail(e.problem);
      throw e;
    }
  }

  private async requireShareable(auth: AuthContext, dto: CreateShareDto): Promise<string> {
    if (dto.kind === 'invite') {
      const invite = await this.ds.getRepository(InviteCodeEntity).findOne({ where: { id: dto.subjectId } });
      if (!invite) throw AppException.notFound('邀请码');
      const { school } = await this.access.requireClass(auth, invite.classId, Permission.INVITE_MANAGE);
      // A revoked code must not go out to a group: nobody could use it.
      if (invite.revokedAt) throw inviteCodeInvalid();
      return school.id;
    }
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: dto.subjectId } });
    if (!school) throw AppException.notFound('学校');
    if (this.access.hasSchoolPermission(auth, school, Permission.SCHOOL_READ)) return school.id;
    const bound = await this.ds.getRepository(BindingEntity).exists({ where: { guardianUserId: auth.userId, schoolId: school.id, status: 'approved' } });
    if (!bound) throw AppException.notFound('学校');
    return school.id;
  }

  private async requireGroupNamer(auth: AuthContext, schoolId: string): Promise<SchoolEntity> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId } });
    if (!school || this.access.rolesAtSchool(auth, school).length === 0) throw AppException.notFound('学校');
    // Teachers name their class groups too: INVITE_MANAGE counts here whatever its class scope.
    if (!this.access.hasSchoolPermission(auth, school, Permission.INVITE_MANAGE)) throw AppException.forbidden();
    return school;
  }
}

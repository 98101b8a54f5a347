import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { qrPngDataUrl } from '../../platform/images/qr-image';
import { ErrorCode, INVITE_CODE_PATTERN, normalizeCode, Permission, type InviteCodeResponse, type InviteLookupResponse, compareNames } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso, isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from './access.service';
import { AttemptLimiter } from './attempt-limiter';
import { ClassEntity } from './class.entity';
import { classDisplayName } from './class-names';
import { INVITE_CODE_LENGTH, inviteQrPayload, maskName, randomCode } from './codes';
import { GradeEntity } from './grade.entity';
import { InviteCodeEntity } from './invite-code.entity';
import { SchoolEntity } from './school.entity';
import { StudentEntity } from './student.entity';

export function inviteCodeInvalid(): AppException {
  return new AppException(HttpStatus.NOT_FOUND, ErrorCode.INVITE_CODE_INVALID, '邀请码无效或已停用，请向班主任确认');
}

/** Class invite codes (and their QR codes) that guardians use to ask to bind to their child. */
@Injectable()
export class InviteCodeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
  ) {}

  async create(auth: AuthContext, classId: string): Promise<InviteCodeResponse> {
    const { cls, school } = await this.access.requireClass(auth, classId, Permission.INVITE_MANAGE);
    const row = await inTransaction(this.ds, async (m) => {
      let code = randomCode(INVITE_CODE_LENGTH);
      for (let i = 0; i < 5 && (await m.findOne(InviteCodeEntity, { where: { code } })); i++) code = randomCode(INVITE_CODE_LENGTH);
      const invite = await m.save(m.create(InviteCodeEntity, {
        code, schoolId: school.id, classId: cls.id, createdBy: auth.userId, createdAt: this.clock.now(), revokedAt: null,
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'invite_code.created',
        targetType: 'class', targetId: cls.id, details: { inviteCodeId: invite.id },
      });
      return invite;
    });
    return this.map(row, await this.className(cls));
  }

  async list(auth: AuthContext, classId: string): Promise<InviteCodeResponse[]> {
    const { cls } = await this.access.requireClass(auth, classId, Permission.INVITE_MANAGE);
    const rows = await this.ds.getRepository(InviteCodeEntity).find({ where: { classId: cls.id }, order: { createdAt: 'DESC' } });
    const name = await this.className(cls);
    return Promise.all(rows.map((r) => this.map(r, name)));
  }

  async revoke(auth: AuthContext, inviteCodeId: string): Promise<InviteCodeResponse> {
    const invite = await this.ds.getRepository(InviteCodeEntity).findOne({ where: { id: inviteCodeId } });
    if (!invite) throw AppException.notFound('邀请码');
    const { cls, school } = await this.access.requireClass(auth, invite.classId, Permission.INVITE_MANAGE);
    const row = await inTransaction(this.ds, async (m) => {
      const done = await m.update(InviteCodeEntity, { id: invite.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      if (done.affected) {
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'invite_code.revoked',
          targetType: 'class', targetId: cls.id, details: { inviteCodeId: invite.id },
        });
      }
      return m.findOneOrFail(InviteCodeEntity, { where: { id: invite.id } });
    });
    return this.map(row, await this.className(cls));
  }

  /**
   * What a guardian sees after typing a code: the class and its children's names, masked. Unknown and revoked
   * codes are the same 404, and each user has a limited number of wrong tries.
   */
  async lookup(auth: AuthContext, rawCode: string): Promise<InviteLookupResponse> {
    const limiterKey = `invite:${auth.userId}`;
    await this.limiter.check(limiterKey);
    const invite = await this.findActive(this.ds.manager, rawCode);
    if (!invite) {
      await this.limiter.fail(limiterKey);
      throw inviteCodeInvalid();
    }
    const [school, cls, students] = await Promise.all([
      this.ds.getRepository(SchoolEntity).findOneOrFail({ where: { id: invite.schoolId } }),
      this.ds.getRepository(ClassEntity).findOneOrFail({ where: { id: invite.classId } }),
      this.ds.getRepository(StudentEntity).find({ where: { classId: invite.classId }, select: { id: true, name: true } }),
    ]);
    return {
      schoolId: school.id,
      schoolName: school.name,
      classId: cls.id,
      className: await this.className(cls),
      students: students
        .sort((a, b) => compareNames(a.name, b.name))
        .map((s) => ({ id: s.id, maskedName: maskName(s.name) })),
    };
  }

  /** The code if it exists and is not revoked (used by lookups and binding requests). */
  async findActive(m: EntityManager, rawCode: string): Promise<InviteCodeEntity | null> {
    const code = normalizeCode(rawCode);
    if (!INVITE_CODE_PATTERN.test(code)) return null;
    return m.findOne(InviteCodeEntity, { where: { code, revokedAt: IsNull() } });
  }

  private async className(cls: ClassEntity): Promise<string> {
    const grade = await this.ds.getRepository(GradeEntity).findOne({ where: { id: cls.gradeId } });
    return classDisplayName(grade?.name, cls.name);
  }

  private async map(row: InviteCodeEntity, className: string): Promise<InviteCodeResponse> {
    const qrPayload = inviteQrPayload(row.code);
    return {
      id: row.id,
      classId: row.classId,
      className,
      code: row.code,
      qrPayload,
      // A revoked code has no QR image: nothing to show or print.
      qrDataUrl: row.revokedAt ? '' : await qrPngDataUrl(qrPayload),
      createdAt: isoRequired(row.createdAt),
      revokedAt: iso(row.revokedAt),
    };
  }
}

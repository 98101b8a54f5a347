import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode, formatDate, isSchoolYear, normalizePledgeText, Permission, PLEDGE_LIMITS, PLEDGE_STUDENT_FROM_GRADE_DEFAULT, pledgeTextHash,
  schoolYearLabel, type PledgeListResponse, type PledgeStaffDetail, type PledgeTemplateResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { isoRequired } from '../../platform/database/dates';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { PledgeAccess, type StaffPledge } from './pledge-access';
import { classesWithGrades, pledgeClasses } from './pledge-audience';
import { addDays, isRealDay, pledgeStatus, signatureDay } from './pledge-days';
import { DEFAULT_PLEDGE_TEMPLATE } from './pledge-default-text';
import { countProgress, loadProgress } from './pledge-progress';
import { PledgeSends, versionRound } from './pledge-sends.service';
import { PledgeVersionEntity } from './pledge-version.entity';
import { PledgeEntity } from './pledge.entity';
import type { NewPledgeVersionDto, OpenPledgeDto } from './pledges.dto';

/**
 * Opening a school year's pledge (version 1) and publishing new versions, each frozen once published; the school's
 * list and the staff view. Both are audited, and each starts the round of messages the worker sends (PledgeSends).
 */
@Injectable()
export class PledgePublishingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly access: AccessService,
    private readonly sends: PledgeSends,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  template(): PledgeTemplateResponse {
    return DEFAULT_PLEDGE_TEMPLATE;
  }

  async open(auth: AuthContext, schoolId: string, dto: OpenPledgeDto): Promise<PledgeStaffDetail> {
    const school = await this.pledgeAccess.school(schoolId);
    const reach = this.pledgeAccess.reach(auth, school, Permission.PLEDGE_MANAGE);
    if (!reach.schoolWide) throw AppException.forbidden('只有校长和学校管理员可以发起承诺书');
    const now = this.clock.now();
    const today = signatureDay(now);
    const timeInvalid = (message: string) => AppException.unprocessable(ErrorCode.PLEDGE_TIME_INVALID, message);
    const thisYear = schoolYearLabel(today);
    if (!isSchoolYear(dto.schoolYear) || (dto.schoolYear !== thisYear && dto.schoolYear !== schoolYearLabel(addDays(today, 366)))) {
      throw timeInvalid(`只能发起本学年（${thisYear}）或下一学年的承诺书`);
    }
    if (!isRealDay(dto.deadline) || dto.deadline < today) throw timeInvalid('截止日期不能早于今天');
    if (dto.deadline > addDays(today, PLEDGE_LIMITS.deadlineDaysMax)) throw timeInvalid(`截止日期最多在 ${PLEDGE_LIMITS.deadlineDaysMax} 天之后`);
    const grades = [...new Set(dto.grades ?? [])].sort((a, b) => a - b);
    const classes = await classesWithGrades(this.ds.manager, school.id);
    const missing = grades.filter((g) => !classes.some((c) => c.gradeNumber === g));
    const refuse = (message: string) => AppException.unprocessable(ErrorCode.PLEDGE_AUDIENCE_INVALID, message);
    if (missing.length) throw refuse(`本校没有这些年级的班级：${missing.join('、')}`);
    if (!classes.length) throw refuse('学校还没有班级');
    const text = normalizePledgeText(dto.text);
    this.requireText(text);
    const pledge = Object.assign(new PledgeEntity(), {
      id: randomUUID(), schoolId: school.id, schoolYear: dto.schoolYear, deadline: dto.deadline, grades,
      studentFromGrade: dto.studentFromGrade ?? PLEDGE_STUDENT_FROM_GRADE_DEFAULT, requireAllGuardians: dto.requireAllGuardians ?? false,
      currentVersion: 1, createdBy: auth.userId, createdAt: now, autoRemindedAt: null,
    });
    try {
      await inTransaction(this.ds, async (m) => {
        if (await m.findOne(PledgeEntity, { where: { schoolId: school.id, schoolYear: dto.schoolYear } })) throw this.exists(dto.schoolYear);
        await m.insert(PledgeEntity, pledge);
        await this.insertVersion(m, pledge, 1, text, null, auth.userId, now);
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'pledge.opened',
          targetType: 'pledge', targetId: pledge.id,
          details: {
            schoolYear: pledge.schoolYear, deadline: pledge.deadline, grades, studentFromGrade: pledge.studentFromGrade,
            requireAllGuardians: pledge.requireAllGuardians, version: 1, textHash: pledgeTextHash(text),
          },
        });
        await this.sends.start(m, pledge, versionRound(1), 1);
      });
    } catch (e) {
      // Two openings at once: the unique key keeps one.
      if (isDuplicateKey(e)) throw this.exists(dto.schoolYear);
      throw e;
    }
    this.sends.kick();
    return this.detail(auth, pledge.id);
  }

  /** A new version: frozen like the first; the earlier signatures become superseded and their guardians are asked again. */
  async newVersion(auth: AuthContext, pledgeId: string, dto: NewPledgeVersionDto): Promise<PledgeStaffDetail> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_MANAGE);
    const now = this.clock.now();
    if (pledgeStatus(view.pledge, now) === 'closed') throw AppException.conflict(ErrorCode.PLEDGE_CLOSED, '承诺书已过截止日期，不能再发布新版本');
    const text = normalizePledgeText(dto.text);
    this.requireText(text);
    await inTransaction(this.ds, async (m) => {
      const pledge = await m.findOneOrFail(PledgeEntity, { where: { id: pledgeId } });
      const current = await m.findOneOrFail(PledgeVersionEntity, { where: { pledgeId, number: pledge.currentVersion } });
      if (current.textHash === pledgeTextHash(text)) throw AppException.unprocessable(ErrorCode.PLEDGE_TEXT_UNCHANGED, '新版本的内容与当前版本相同');
      const next = pledge.currentVersion + 1;
      const moved = await m.createQueryBuilder().update(PledgeEntity).set({ currentVersion: next })
        .where('id = :id AND current_version = :v', { id: pledgeId, v: pledge.currentVersion }).execute();
      if (moved.affected !== 1) throw AppException.conflict(ErrorCode.CONFLICT, '承诺书刚刚被他人更新，请刷新后重试');
      await this.insertVersion(m, pledge, next, text, dto.changeNote, auth.userId, now);
      await this.audit.append(m, {
        schoolId: pledge.schoolId, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'pledge.version_published',
        targetType: 'pledge', targetId: pledge.id,
        details: { schoolYear: pledge.schoolYear, version: next, previousVersion: pledge.currentVersion, textHash: pledgeTextHash(text), changeNote: dto.changeNote },
      });
      await this.sends.start(m, pledge, versionRound(next), next);
    });
    this.sends.kick();
    return this.detail(auth, pledgeId);
  }

  async list(auth: AuthContext, schoolId: string): Promise<PledgeListResponse> {
    const school = await this.pledgeAccess.school(schoolId);
    const reach = this.pledgeAccess.reach(auth, school, Permission.PLEDGE_READ);
    const pledges = await this.ds.getRepository(PledgeEntity).find({ where: { schoolId }, order: { schoolYear: 'DESC' } });
    const now = this.clock.now();
    const items: PledgeListResponse['items'] = [];
    for (const pledge of pledges) {
      const classes = await pledgeClasses(this.ds.manager, pledge);
      const visible = reach.schoolWide ? classes : classes.filter((c) => reach.classIds.includes(c.id));
      if (!reach.schoolWide && !visible.length) continue;
      items.push({
        id: pledge.id, schoolYear: pledge.schoolYear, status: pledgeStatus(pledge, now), currentVersion: pledge.currentVersion, deadline: pledge.deadline,
        totals: countProgress(await loadProgress(this.ds.manager, pledge, visible, undefined, { ordered: false })),
      });
    }
    return { items, canManage: this.pledgeAccess.mayManage(auth, school) };
  }

  async detail(auth: AuthContext, pledgeId: string): Promise<PledgeStaffDetail> {
    return this.staffDetail(await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ));
  }

  private async staffDetail(view: StaffPledge): Promise<PledgeStaffDetail> {
    const { pledge } = view;
    const versions = await this.ds.getRepository(PledgeVersionEntity).find({ where: { pledgeId: pledge.id }, order: { number: 'ASC' } });
    const current = versions.find((v) => v.number === pledge.currentVersion)!;
    return {
      id: pledge.id, schoolId: pledge.schoolId, schoolYear: pledge.schoolYear, status: pledgeStatus(pledge, this.clock.now()), deadline: pledge.deadline,
      audience: { grades: pledge.grades, studentFromGrade: pledge.studentFromGrade, requireAllGuardians: pledge.requireAllGuardians },
      currentVersion: current.number, text: current.text, textHash: current.textHash,
      versions: versions.map((v) => ({ number: v.number, textHash: v.textHash, changeNote: v.changeNote, publishedOn: formatDate(v.publishedAt) })),
      createdAt: isoRequired(pledge.createdAt), canManage: view.canManage,
    };
  }

  private async insertVersion(
    m: EntityManager, pledge: PledgeEntity, number: number, text: ReturnType<typeof normalizePledgeText>, changeNote: string | null, by: string, now: Date,
  ): Promise<void> {
    await m.insert(PledgeVersionEntity, {
      pledgeId: pledge.id, number, schoolId: pledge.schoolId, text, textHash: pledgeTextHash(text), changeNote, publishedBy: by, publishedAt: now,
    });
  }

  /** Each required part has words once trimmed (the DTO counted them before trimming). */
  private requireText(text: ReturnType<typeof normalizePledgeText>): void {
    const empty = (['school', 'guardian', 'student'] as const).filter((k) => !text[k]);
    if (empty.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '提交的内容有误，请检查后重试', empty.map((k) => ({ field: `text.${k}`, problems: ['不能为空'] })));
    }
  }

  private exists(schoolYear: string): AppException {
    return AppException.conflict(ErrorCode.PLEDGE_EXISTS, `本校已发起 ${schoolYear} 学年的承诺书`);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  customQuestionProblem, customQuestions, ErrorCode, Permission, semesterAt, SURVEY_LIMITS, surveyVersionFor,
  type SurveyCodesResponse, type SurveyDetail, type SurveyListResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { schoolCalendar } from '../calendar/district-calendar';
import { classesWithGrades } from '../pledges/pledge-audience';
import { AccessService } from '../tenancy/access.service';
import { SurveyAccess, type StaffSurvey } from './survey-access';
import { SurveyCodeEntity } from './survey-code.entity';
import { codeHmac, codesFor, deriveClassCodes } from './survey-codes';
import { classProgress, mapSurveySummary, studentsPerClass, surveyStatus } from './survey-views';
import { SurveyEntity } from './survey.entity';
import type { OpenSurveyDto } from './surveys.dto';

const DAY_MS = 86_400_000;
const DEFAULT_TITLE = '防欺凌问卷调查';
/** Code rows are inserted this many at a time. */
const INSERT_BATCH = 500;

/**
 * Opening and closing a survey, its codes per class, the school's list and the staff view with response rates. Opening,
 * closing and showing a class's codes are audited; a child's answer never is (see SurveyAnsweringService).
 */
@Injectable()
export class SurveyPublishingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly surveyAccess: SurveyAccess,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async open(auth: AuthContext, schoolId: string, dto: OpenSurveyDto): Promise<SurveyDetail> {
    const school = await this.surveyAccess.school(schoolId);
    if (!this.surveyAccess.reach(auth, school, Permission.SURVEY_MANAGE).schoolWide) throw AppException.forbidden();
    const now = this.clock.now();
    const invalid = (message: string) => AppException.unprocessable(ErrorCode.SURVEY_INVALID, message);
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    if (Number.isNaN(opensAt.getTime()) || Number.isNaN(closesAt.getTime())) throw invalid('时间格式不正确');
    if (closesAt <= opensAt) throw invalid('结束时间要晚于开始时间');
    if (closesAt <= now) throw invalid('结束时间已经过去');
    if (closesAt.getTime() - opensAt.getTime() > SURVEY_LIMITS.windowDaysMax * DAY_MS) throw invalid(`问卷最长开放 ${SURVEY_LIMITS.windowDaysMax} 天`);
    const classIds = [...new Set(dto.classIds)];
    const classes = await classesWithGrades(this.ds.manager, school.id, classIds);
    if (classes.length !== classIds.length) throw invalid('有的班级不属于本校');
    const own = (dto.customQuestions ?? []).map((q) => ({ type: q.type, text: q.text.trim(), ...(q.options ? { options: q.options.map((o) => o.trim()) } : {}) }));
    for (const [i, q] of own.entries()) {
      const problem = customQuestionProblem(q);
      if (problem) throw invalid(`第 ${i + 1} 个自定问题：${problem}`);
    }
    const students = await studentsPerClass(this.ds.manager, classIds);
    const calendar = await schoolCalendar(this.ds.manager, school);
    const spare = dto.spareCodes ?? SURVEY_LIMITS.spareCodesDefault;
    const survey = Object.assign(new SurveyEntity(), {
      id: randomUUID(), schoolId: school.id, title: dto.title?.trim() || DEFAULT_TITLE, semesterKey: semesterAt(calendar, opensAt).key,
      classIds: classes.map((c) => c.id), customQuestions: own, spareCodes: spare, opensAt, closesAt, closedAt: null, talkRequests: 0,
      parents: dto.parents ?? false, createdBy: auth.userId, createdAt: now,
    });
    await inTransaction(this.ds, async (m) => {
      await m.insert(SurveyEntity, survey);
      const key = await this.crypto.schoolKey(m, school.id);
      const rows: Partial<SurveyCodeEntity>[] = [];
      for (const c of classes) {
        for (const code of deriveClassCodes(key, survey.id, c.id, codesFor(students.get(c.id) ?? 0, spare))) {
          rows.push({ codeHmac: codeHmac(this.crypto, key, survey.id, code), surveyId: survey.id, classId: c.id, used: false });
        }
      }
      for (let i = 0; i < rows.length; i += INSERT_BATCH) await m.insert(SurveyCodeEntity, rows.slice(i, i + INSERT_BATCH));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'survey.opened',
        targetType: 'survey', targetId: survey.id,
        details: { title: survey.title, classIds: survey.classIds, opensAt: isoRequired(opensAt), closesAt: isoRequired(closesAt), ownQuestions: own.length, codes: rows.length, parents: survey.parents },
      });
    });
    return this.detail(auth, survey.id);
  }

  async close(auth: AuthContext, surveyId: string): Promise<SurveyDetail> {
    const view = await this.manage(auth, surveyId);
    const now = this.clock.now();
    if (surveyStatus(view.survey, now) === 'closed') throw AppException.conflict(ErrorCode.SURVEY_NOT_OPEN, '问卷已经结束');
    await inTransaction(this.ds, async (m) => {
      const moved = await m.createQueryBuilder().update(SurveyEntity).set({ closedAt: now }).where('id = :id AND closed_at IS NULL', { id: surveyId }).execute();
      if (moved.affected !== 1) throw AppException.conflict(ErrorCode.SURVEY_NOT_OPEN, '问卷已经结束');
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'survey.closed',
        targetType: 'survey', targetId: surveyId, details: { title: view.survey.title },
      });
    });
    return this.detail(auth, surveyId);
  }

  /** The school's surveys, newest first (a teacher: those reaching one of their classes). */
  async list(auth: AuthContext, schoolId: string): Promise<SurveyListResponse> {
    const school = await this.surveyAccess.school(schoolId);
    const reach = this.surveyAccess.reach(auth, school, Permission.SURVEY_READ);
    const all = await this.ds.getRepository(SurveyEntity).find({ where: { schoolId: school.id }, order: { opensAt: 'DESC', id: 'ASC' } });
    const mine = reach.schoolWide ? all : all.filter((s) => s.classIds.some((c) => reach.classIds.includes(c)));
    const calendar = await schoolCalendar(this.ds.manager, school);
    const now = this.clock.now();
    return { items: mine.map((s) => mapSurveySummary(s, calendar, now)), canManage: this.surveyAccess.holds(auth, school, Permission.SURVEY_MANAGE) };
  }

  /** The staff view: the window, the school's own questions, and the response rate of each class the caller may see. */
  async detail(auth: AuthContext, surveyId: string): Promise<SurveyDetail> {
    const view = await this.surveyAccess.survey(auth, surveyId, Permission.SURVEY_READ);
    const calendar = await schoolCalendar(this.ds.manager, view.school);
    return {
      ...mapSurveySummary(view.survey, calendar, this.clock.now()),
      customQuestions: customQuestions(view.survey.customQuestions),
      classes: await classProgress(this.ds.manager, view.survey.id, view.visible),
      canManage: this.surveyAccess.holds(auth, view.school, Permission.SURVEY_MANAGE),
      canReadReport: this.surveyAccess.holds(auth, view.school, Permission.SURVEY_REPORT),
    };
  }

  /** A class's codes, to show and print (derived again each time, never stored); audited. */
  async codes(auth: AuthContext, surveyId: string, classId: string): Promise<SurveyCodesResponse> {
    const view = await this.manage(auth, surveyId);
    const cls = this.surveyAccess.requireClass(view, classId);
    const codes = await inTransaction(this.ds, async (m) => {
      const count = await m.count(SurveyCodeEntity, { where: { surveyId, classId } });
      const key = await this.crypto.schoolKey(m, view.school.id);
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'survey.codes_printed',
        targetType: 'survey', targetId: surveyId, details: { classId, className: cls.name, codes: count },
      });
      return deriveClassCodes(key, surveyId, classId, count);
    });
    const s = view.survey;
    return {
      surveyId, title: s.title, classId, className: cls.name, version: surveyVersionFor(cls.gradeNumber),
      opensAt: isoRequired(s.opensAt), closesAt: isoRequired(s.closesAt), codes,
    };
  }

  private async manage(auth: AuthContext, surveyId: string): Promise<StaffSurvey> {
    const view = await this.surveyAccess.survey(auth, surveyId, Permission.SURVEY_MANAGE);
    if (!view.reach.schoolWide) throw AppException.forbidden();
    return view;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode, formatDate, fromShanghaiParts, Permission, SURVEY_FINDING_LIMITS, SURVEY_PLACES, surveyFindingFigureLabel,
  type SurveyFindingRequest, type SurveyFindingView,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { classesWithGrades } from '../pledges/pledge-audience';
import { AccessService } from '../tenancy/access.service';
import { SurveyAccess } from './survey-access';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { SurveyFindingEntity } from './survey-finding.entity';
import { findingFigure } from './survey-tally';
import type { SurveyEntity } from './survey.entity';

/**
 * From findings to action: the principal or the designated contact (SURVEY_MANAGE) marks a finding on a survey's
 * results — a grade or the whole school, a place, a kind, its words — with the planned measures and the day they are
 * due (audited, `survey.finding_marked`). A finding is not edited or deleted afterwards: a changed plan is a new finding,
 * so the record of what was decided stays. The report of the survey shows its findings with their figure, and the
 * next semester's report shows each finding of the survey before with the figure then and now.
 */
@Injectable()
export class SurveyFindingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly surveyAccess: SurveyAccess,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async mark(auth: AuthContext, surveyId: string, dto: SurveyFindingRequest): Promise<SurveyFindingView> {
    const view = await this.surveyAccess.survey(auth, surveyId, Permission.SURVEY_MANAGE);
    const { school, classes } = view;
    const invalid = (message: string) => AppException.unprocessable(ErrorCode.SURVEY_INVALID, message);
    const gradeName = dto.gradeName?.trim() || null;
    if (gradeName !== null && !classes.some((c) => c.gradeName === gradeName)) throw invalid('这份问卷不涉及这个年级');
    if (dto.place !== undefined && dto.place >= SURVEY_PLACES.length) throw invalid('地点不正确');
    if (!dto.text.trim()) throw invalid('请写明发现的问题');
    if (!dto.measures.trim()) throw invalid('请写明计划采取的措施');
    if (!isCalendarDay(dto.dueOn)) throw invalid('完成日期不正确');
    const row = Object.assign(new SurveyFindingEntity(), {
      schoolId: school.id, surveyId, gradeName, place: dto.place ?? null, kind: dto.kind ?? null, text: dto.text.trim(), measures: dto.measures.trim(),
      dueOn: dto.dueOn, createdBy: auth.userId, createdAt: this.clock.now(),
    });
    await inTransaction(this.ds, async (m) => {
      if ((await m.count(SurveyFindingEntity, { where: { surveyId } })) >= SURVEY_FINDING_LIMITS.perSurveyMax) {
        throw invalid(`每份问卷最多记录 ${SURVEY_FINDING_LIMITS.perSurveyMax} 条发现`);
      }
      await m.insert(SurveyFindingEntity, row);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'survey.finding_marked',
        targetType: 'survey', targetId: surveyId,
        details: { findingId: row.id, gradeName, place: row.place, kind: row.kind, text: row.text, measures: row.measures, dueOn: row.dueOn },
      });
    });
    const rows = await this.ds.manager.find(SurveyAnswerEntity, { where: { surveyId } });
    const byClass = new Map(classes.map((c) => [c.id, c.gradeName]));
    const figure = findingFigure(inGrade(rows, byClass, gradeName), row);
    return mapFinding(row, figure, figure);
  }

  /**
   * The findings of `survey` with their figure over `rows` (its own answers), and — when `later` is given — the same
   * findings with the figure over the later survey's answers as `now`.
   */
  async views(m: EntityManager, survey: SurveyEntity, rows: SurveyAnswerEntity[], later?: { survey: SurveyEntity; rows: SurveyAnswerEntity[] }): Promise<SurveyFindingView[]> {
    const findings = await m.find(SurveyFindingEntity, { where: { surveyId: survey.id }, order: { createdAt: 'ASC' } });
    if (!findings.length) return [];
    const grades = await gradeNames(m, survey.schoolId, [...survey.classIds, ...(later?.survey.classIds ?? [])]);
    return findings.map((f) => {
      const then = findingFigure(inGrade(rows, grades, f.gradeName), f);
      const now = later ? findingFigure(inGrade(later.rows, grades, f.gradeName), f) : then;
      return mapFinding(f, then, now);
    });
  }
}

async function gradeNames(m: EntityManager, schoolId: string, classIds: string[]): Promise<Map<string, string>> {
  const classes = classIds.length ? await classesWithGrades(m, schoolId, [...new Set(classIds)]) : [];
  return new Map(classes.map((c) => [c.id, c.gradeName]));
}

function inGrade(rows: SurveyAnswerEntity[], gradeOf: Map<string, string>, gradeName: string | null): SurveyAnswerEntity[] {
  return gradeName === null ? rows : rows.filter((r) => gradeOf.get(r.classId) === gradeName);
}

function mapFinding(f: SurveyFindingEntity, then: number | null, now: number | null): SurveyFindingView {
  return {
    id: f.id, surveyId: f.surveyId, gradeName: f.gradeName, place: f.place, kind: f.kind, text: f.text, measures: f.measures, dueOn: f.dueOn,
    createdAt: isoRequired(f.createdAt), figureLabel: surveyFindingFigureLabel(f), then, now,
  };
}

/** A real calendar day written YYYY-MM-DD. */
function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return formatDate(fromShanghaiParts({ year, month, day, hour: 12 })) === s;
}


import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import {
  compareNames, customQuestions, Permission, previousSemester, semesterByKey, surveyCell, surveyShare,
  type SchoolYearCalendar, type SurveyOwnQuestionFigures, type SurveyReport,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { schoolCalendar } from '../calendar/district-calendar';
import { AccessService } from '../tenancy/access.service';
import { SurveyAccess } from './survey-access';
import { answerTextsAad } from './survey-answering.service';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { figures, optionCounts, tallyOf } from './survey-tally';
import { classProgress, mapSurveySummary } from './survey-views';
import { SurveyEntity } from './survey.entity';

/**
 * The results of a survey: response rates per class, the core figures for the school and per grade, the school's own
 * questions, and the same figures of the school's survey of the previous semester. Every cell with fewer than five
 * answers is suppressed (shared rule); classes are never broken down beyond their response rate, they count in their
 * grade. Free-text answers reach the designated contact only. Reading the report is audited.
 */
@Injectable()
export class SurveyReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly surveyAccess: SurveyAccess,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(auth: AuthContext, surveyId: string): Promise<SurveyReport> {
    const view = await this.surveyAccess.survey(auth, surveyId, Permission.SURVEY_REPORT);
    const { survey, school, classes } = view;
    const readsTexts = this.surveyAccess.readsTexts(auth, school);
    const m = this.ds.manager;
    const calendar = await schoolCalendar(m, school);
    const now = this.clock.now();
    const rows = await m.find(SurveyAnswerEntity, { where: { surveyId } });
    const gradeOf = new Map(classes.map((c) => [c.id, c]));
    const byGrade = new Map<string, { gradeName: string; gradeNumber: number; rows: SurveyAnswerEntity[] }>();
    for (const c of classes) if (!byGrade.has(c.gradeName)) byGrade.set(c.gradeName, { gradeName: c.gradeName, gradeNumber: c.gradeNumber, rows: [] });
    for (const r of rows) {
      const c = gradeOf.get(r.classId);
      if (c) byGrade.get(c.gradeName)!.rows.push(r);
    }
    const report: SurveyReport = {
      survey: mapSurveySummary(survey, calendar, now),
      classes: await classProgress(m, surveyId, classes),
      overall: figures(tallyOf(rows)),
      grades: [...byGrade.values()].sort((a, b) => a.gradeNumber - b.gradeNumber || compareNames(a.gradeName, b.gradeName))
        .map((g) => ({ gradeName: g.gradeName, gradeNumber: g.gradeNumber, ...figures(tallyOf(g.rows)) })),
      ownQuestions: await this.ownQuestions(m, survey, rows, readsTexts),
      talkRequests: surveyCell(survey.talkRequests),
      previous: await this.previous(m, survey, calendar, now),
    };
    await inTransaction(this.ds, (tx) => this.audit.append(tx, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'survey.report_viewed',
      targetType: 'survey', targetId: surveyId, details: { title: survey.title, texts: readsTexts },
    }));
    return report;
  }

  private async ownQuestions(m: EntityManager, survey: SurveyEntity, rows: SurveyAnswerEntity[], readsTexts: boolean): Promise<SurveyOwnQuestionFigures[]> {
    const questions = customQuestions(survey.customQuestions);
    const texts = new Map<string, string[]>(questions.map((q) => [q.id, []]));
    let textAnswers = 0;
    for (const r of rows) {
      if (!r.texts) continue;
      textAnswers += 1;
      if (!readsTexts) continue;
      const opened = JSON.parse(await this.crypto.decryptText(r.texts, answerTextsAad(survey.id, r.id), m)) as Record<string, string>;
      for (const [id, text] of Object.entries(opened)) texts.get(id)?.push(text);
    }
    return questions.map((q) => {
      if (q.type === 'text') {
        const mine = texts.get(q.id)!;
        return {
          questionId: q.id, text: q.text, type: q.type, responses: surveyCell(readsTexts ? mine.length : textAnswers), options: [],
          texts: readsTexts ? shuffled(mine) : null,
        };
      }
      const c = optionCounts(q, rows);
      return { questionId: q.id, text: q.text, type: q.type, responses: surveyCell(c.answered), options: q.options.map((option, i) => ({ option, share: surveyShare(c.each[i], c.answered) })), texts: null };
    });
  }

  /** The school's survey of the previous semester (the latest opened there), on the same core questions. */
  private async previous(m: EntityManager, survey: SurveyEntity, calendar: readonly SchoolYearCalendar[], now: Date): Promise<SurveyReport['previous']> {
    const current = semesterByKey(calendar, survey.semesterKey);
    if (!current) return null;
    const before = previousSemester(calendar, current);
    const prev = await m.findOne(SurveyEntity, { where: { schoolId: survey.schoolId, semesterKey: before.key, id: Not(survey.id) }, order: { opensAt: 'DESC' } });
    if (!prev) return null;
    const rows = await m.find(SurveyAnswerEntity, { where: { surveyId: prev.id } });
    return { survey: mapSurveySummary(prev, calendar, now), overall: figures(tallyOf(rows)) };
  }
}

/** Text answers in a random order: the order they were stored in tells nothing, and the list must not either. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

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
import { answerTextsAad } from './survey-texts';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { posterFonts } from '../posters/poster-font';
import { surveyExportContent } from './survey-export-content';
import { buildSurveyXlsx, renderSurveyPdf } from './survey-exports';
import { SurveyFindingsService } from './survey-findings.service';
import { SurveyParentsService } from './survey-parents.service';
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
    private readonly findings: SurveyFindingsService,
    private readonly parents: SurveyParentsService,
  ) {}

  async report(auth: AuthContext, surveyId: string): Promise<SurveyReport> {
    const { report, school, survey, readsTexts } = await this.build(auth, surveyId, true);
    await inTransaction(this.ds, (tx) => this.audit.append(tx, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'survey.report_viewed',
      targetType: 'survey', targetId: surveyId, details: { title: survey.title, texts: readsTexts },
    }));
    return report;
  }

  /**
   * The report's tables as an xlsx workbook or a PDF summary for the school meeting: aggregated figures only, under
   * the same small-cell rule, never free text (not even for the designated contact). Audited (`survey.report_exported`).
   */
  async export(auth: AuthContext, surveyId: string, format: 'xlsx' | 'pdf'): Promise<{ data: Buffer; fileName: string }> {
    const { report, school, survey } = await this.build(auth, surveyId, false);
    const content = surveyExportContent(school.name, report);
    const data = format === 'xlsx' ? await buildSurveyXlsx(content) : await renderSurveyPdf(content, await posterFonts());
    await inTransaction(this.ds, (tx) => this.audit.append(tx, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'survey.report_exported',
      targetType: 'survey', targetId: surveyId, details: { title: survey.title, format },
    }));
    return { data, fileName: `${school.name}-${survey.title}-${report.survey.semesterLabel}.${format}` };
  }

  /** The report as the caller may see it; free text only when `withTexts` and the caller is the designated contact. */
  private async build(auth: AuthContext, surveyId: string, withTexts: boolean) {
    const view = await this.surveyAccess.survey(auth, surveyId, Permission.SURVEY_REPORT);
    const { survey, school, classes } = view;
    const readsTexts = withTexts && this.surveyAccess.readsTexts(auth, school);
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
    const prev = await this.previousSurvey(m, survey, calendar);
    const prevRows = prev ? await m.find(SurveyAnswerEntity, { where: { surveyId: prev.id } }) : [];
    const report: SurveyReport = {
      survey: mapSurveySummary(survey, calendar, now),
      classes: await classProgress(m, surveyId, classes),
      overall: figures(tallyOf(rows)),
      grades: [...byGrade.values()].sort((a, b) => a.gradeNumber - b.gradeNumber || compareNames(a.gradeName, b.gradeName))
        .map((g) => ({ gradeName: g.gradeName, gradeNumber: g.gradeNumber, ...figures(tallyOf(g.rows)) })),
      ownQuestions: await this.ownQuestions(m, survey, rows, readsTexts),
      talkRequests: surveyCell(survey.talkRequests),
      previous: prev ? { survey: mapSurveySummary(prev, calendar, now), overall: figures(tallyOf(prevRows)) } : null,
      parents: await this.parents.figures(m, survey),
      findings: await this.findings.views(m, survey, rows),
      followUps: prev ? await this.findings.views(m, prev, prevRows, { survey, rows }) : [],
      canMarkFindings: this.surveyAccess.holds(auth, school, Permission.SURVEY_MANAGE),
    };
    return { report, school, survey, readsTexts };
  }

  private async ownQuestions(m: EntityManager, survey: SurveyEntity, rows: SurveyAnswerEntity[], readsTexts: boolean): Promise<SurveyOwnQuestionFigures[]> {
    const questions = customQuestions(survey.customQuestions);
    const shown = new Map<string, string[]>(questions.map((q) => [q.id, []]));
    const pending = new Map<string, number>(questions.map((q) => [q.id, 0]));
    const held = new Map<string, number>(questions.map((q) => [q.id, 0]));
    let textAnswers = 0;
    for (const r of rows) {
      if (!r.texts) continue;
      textAnswers += 1;
      if (!readsTexts) continue;
      const opened = JSON.parse(await this.crypto.decryptText(r.texts, answerTextsAad(survey.id, r.id), m)) as Record<string, string>;
      for (const [id, text] of Object.entries(opened)) {
        // Only texts that passed WeChat's content check are shown (survey-text-check.service.ts); the rest are counted.
        if (r.textsCheck === 'pass') shown.get(id)?.push(text);
        else if (r.textsCheck === 'pending') pending.set(id, (pending.get(id) ?? 0) + 1);
        else held.set(id, (held.get(id) ?? 0) + 1);
      }
    }
    return questions.map((q) => {
      if (q.type === 'text') {
        const mine = shown.get(q.id)!;
        const all = mine.length + pending.get(q.id)! + held.get(q.id)!;
        return {
          questionId: q.id, text: q.text, type: q.type, responses: surveyCell(readsTexts ? all : textAnswers), options: [],
          texts: readsTexts ? shuffled(mine) : null,
          textsPending: readsTexts ? surveyCell(pending.get(q.id)!) : null,
          textsHeld: readsTexts ? surveyCell(held.get(q.id)!) : null,
        };
      }
      const c = optionCounts(q, rows);
      return {
        questionId: q.id, text: q.text, type: q.type, responses: surveyCell(c.answered),
        options: q.options.map((option, i) => ({ option, share: surveyShare(c.each[i], c.answered) })), texts: null, textsPending: null, textsHeld: null,
      };
    });
  }

  /** The school's survey of the previous semester (the latest opened there), on the same core questions. */
  private async previousSurvey(m: EntityManager, survey: SurveyEntity, calendar: readonly SchoolYearCalendar[]): Promise<SurveyEntity | null> {
    const current = semesterByKey(calendar, survey.semesterKey);
    if (!current) return null;
    const before = previousSemester(calendar, current);
    return m.findOne(SurveyEntity, { where: { schoolId: survey.schoolId, semesterKey: before.key, id: Not(survey.id) }, order: { opensAt: 'DESC' } });
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

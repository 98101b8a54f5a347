import { In, type EntityManager } from 'typeorm';
import { semesterByKey, surveyCell, surveyRate, surveyVersionFor, type SchoolYearCalendar, type SurveyClassProgress, type SurveyStatus, type SurveySummary } from '@anxin/shared';
import { isoRequired } from '../../platform/database/dates';
import { StudentEntity } from '../tenancy/student.entity';
import type { SurveyClass } from './survey-access';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { SurveyCodeEntity } from './survey-code.entity';
import type { SurveyEntity } from './survey.entity';

/** The survey's state at `now`: before its window, in it, or after it (or closed early). */
export function surveyStatus(s: Pick<SurveyEntity, 'opensAt' | 'closesAt' | 'closedAt'>, now: Date): SurveyStatus {
  if (s.closedAt || now >= s.closesAt) return 'closed';
  return now < s.opensAt ? 'scheduled' : 'open';
}

export function mapSurveySummary(s: SurveyEntity, calendar: readonly SchoolYearCalendar[], now: Date): SurveySummary {
  return {
    id: s.id, title: s.title, semesterKey: s.semesterKey, semesterLabel: semesterByKey(calendar, s.semesterKey)?.label ?? s.semesterKey,
    status: surveyStatus(s, now), opensAt: isoRequired(s.opensAt), closesAt: isoRequired(s.closedAt && s.closedAt < s.closesAt ? s.closedAt : s.closesAt),
    parents: s.parents,
  };
}

/** Students per class (the denominator of a response rate). */
export async function studentsPerClass(m: EntityManager, classIds: string[]): Promise<Map<string, number>> {
  if (!classIds.length) return new Map();
  const rows: { classId: string; n: string | number }[] = await m.createQueryBuilder(StudentEntity, 's').select('s.class_id', 'classId').addSelect('COUNT(*)', 'n')
    .where({ classId: In(classIds) }).groupBy('s.class_id').getRawMany();
  return new Map(rows.map((r) => [r.classId, Number(r.n)]));
}

async function countBy(m: EntityManager, entity: typeof SurveyAnswerEntity | typeof SurveyCodeEntity, surveyId: string): Promise<Map<string, number>> {
  const rows: { classId: string; n: string | number }[] = await m.createQueryBuilder(entity, 'x').select('x.class_id', 'classId').addSelect('COUNT(*)', 'n')
    .where('x.survey_id = :surveyId', { surveyId }).groupBy('x.class_id').getRawMany();
  return new Map(rows.map((r) => [r.classId, Number(r.n)]));
}

/** Each class's students, codes and answers; answers and the rate under the small-cell rule. */
export async function classProgress(m: EntityManager, surveyId: string, classes: readonly SurveyClass[]): Promise<SurveyClassProgress[]> {
  const students = await studentsPerClass(m, classes.map((c) => c.id));
  const codes = await countBy(m, SurveyCodeEntity, surveyId);
  const answers = await countBy(m, SurveyAnswerEntity, surveyId);
  return classes.map((c) => {
    const n = answers.get(c.id) ?? 0;
    const pupils = students.get(c.id) ?? 0;
    return {
      classId: c.id, className: c.name, gradeName: c.gradeName, version: surveyVersionFor(c.gradeNumber), students: pupils,
      codes: codes.get(c.id) ?? 0, answers: surveyCell(n), rate: surveyRate(n, pupils),
    };
  });
}

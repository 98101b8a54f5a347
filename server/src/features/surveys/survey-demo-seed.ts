import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  formatDate, previousSemester, semesterAt, SURVEY_CORE_IDS, SURVEY_LIMITS, surveyKindQuestionId, surveyKindsOf, surveyVersionFor,
  type SurveyAnswerItem, type SurveyVersion,
} from '@anxin/shared';
import type { CryptoService } from '../../platform/crypto/crypto.service';
import { schoolCalendar } from '../calendar/district-calendar';
import type { DemoSchoolIds } from '../demo/demo-seed';
import { classesWithGrades } from '../pledges/pledge-audience';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { newAnswerId } from './survey-answering.service';
import { SurveyCodeEntity } from './survey-code.entity';
import { SurveyFindingEntity } from './survey-finding.entity';
import { codeHmac, codesFor, deriveClassCodes } from './survey-codes';
import { studentsPerClass } from './survey-views';
import { SurveyEntity } from './survey.entity';

const DAY_MS = 86_400_000;
/** How many children of each class (in the school's order) answered: last semester's survey, and this one so far. */
const FINISHED_ANSWERS = [7, 5, 4];
const OPEN_ANSWERS = [5, 0, 0];

/** A plausible child's answers, varied by `i` (about a third bullied in some way, most of them feeling safe). */
function demoAnswers(version: SurveyVersion, i: number): SurveyAnswerItem[] {
  const bullied = i % 3 === 1;
  const items: SurveyAnswerItem[] = surveyKindsOf(version).map((k, n) => ({ questionId: surveyKindQuestionId(k), choice: bullied && n === i % 4 ? 1 + (i % 2) : 0 }));
  if (bullied) {
    items.push({ questionId: SURVEY_CORE_IDS.place, choices: [[0, 3, 2][i % 3]] });
    items.push({ questionId: SURVEY_CORE_IDS.told, choices: [i % 2 ? 0 : 3] });
    if (version === 'full' && i % 2) items.push({ questionId: SURVEY_CORE_IDS.helped, choice: 1 });
  }
  if (version === 'full') items.push({ questionId: SURVEY_CORE_IDS.witnessed, choice: i % 4 === 0 ? 1 : 0 });
  items.push({ questionId: SURVEY_CORE_IDS.safety, choice: bullied ? 2 : 3 + (i % 2) });
  return items;
}

/**
 * The demo school's surveys of every class: last semester's, finished (7, 5 and 4 answers: the last class stays
 * under the small-cell rule) with one finding and its measures, and this semester's, open for 12 more days with 5
 * answers from 三年级1班 and asking guardians too (the parent questionnaire). Seeded rows
 * only, like the rest of the demo (no audit entries); codes are spent as the answers are, and nothing links them.
 * Needs `crypto` (codes are keyed by the school's data key). Runs once per school.
 */
export async function seedDemoSurveys(m: EntityManager, school: DemoSchoolIds, now: Date, crypto: CryptoService | null): Promise<void> {
  if (!crypto || (await m.findOne(SurveyEntity, { where: { schoolId: school.schoolId } }))) return;
  const calendar = await schoolCalendar(m, school);
  const current = semesterAt(calendar, now);
  const before = previousSemester(calendar, current);
  const finishedOpens = new Date(before.until.getTime() - 60 * DAY_MS);
  const openOpens = new Date(Math.max(now.getTime() - 2 * DAY_MS, current.from.getTime()));
  const plans = [
    { opensAt: finishedOpens, closesAt: new Date(finishedOpens.getTime() + 14 * DAY_MS), semesterKey: before.key, answers: FINISHED_ANSWERS, parents: false },
    { opensAt: openOpens, closesAt: new Date(now.getTime() + 12 * DAY_MS), semesterKey: current.key, answers: OPEN_ANSWERS, parents: true },
  ];
  const classes = await classesWithGrades(m, school.schoolId);
  const students = await studentsPerClass(m, classes.map((c) => c.id));
  const key = await crypto.schoolKey(m, school.schoolId);
  for (const plan of plans) {
    const survey = Object.assign(new SurveyEntity(), {
      id: randomUUID(), schoolId: school.schoolId, title: '防欺凌问卷调查', semesterKey: plan.semesterKey, classIds: classes.map((c) => c.id),
      customQuestions: [], spareCodes: SURVEY_LIMITS.spareCodesDefault, opensAt: plan.opensAt, closesAt: plan.closesAt, closedAt: null,
      talkRequests: 1, parents: plan.parents, createdBy: school.userIds.principal, createdAt: plan.opensAt,
    });
    await m.insert(SurveyEntity, survey);
    for (const [n, c] of classes.entries()) {
      const codes = deriveClassCodes(key, survey.id, c.id, codesFor(students.get(c.id) ?? 0, SURVEY_LIMITS.spareCodesDefault));
      const answered = Math.min(plan.answers[n] ?? 0, codes.length);
      await m.insert(SurveyCodeEntity, codes.map((code, i) => ({ codeHmac: codeHmac(crypto, key, survey.id, code), surveyId: survey.id, classId: c.id, used: i < answered })));
      const version = surveyVersionFor(c.gradeNumber);
      for (let i = 0; i < answered; i++) {
        await m.insert(SurveyAnswerEntity, { id: newAnswerId(), surveyId: survey.id, classId: c.id, version, answers: demoAnswers(version, i + n), texts: null, textsCheck: null, textsCheckFailures: 0 });
      }
    }
    if (plan === plans[0] && classes.length) {
      // A finding marked on last semester's results, so this semester's report shows it then and now.
      await m.insert(SurveyFindingEntity, Object.assign(new SurveyFindingEntity(), {
        id: randomUUID(), schoolId: school.schoolId, surveyId: survey.id, gradeName: classes[0].gradeName, place: null, kind: 'names', text: `${classes[0].gradeName} 言语欺凌偏多`,
        measures: '各班开展一次“不给同学起外号”主题班会；课间增加教师巡查', dueOn: formatDate(new Date(current.from.getTime() + 30 * DAY_MS)),
        createdBy: school.userIds.contact, createdAt: plan.closesAt,
      }));
    }
  }
}

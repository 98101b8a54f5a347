import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import {
  ErrorCode, SURVEY_PARENT_CHILD_TOLD, SURVEY_PARENT_IDS, SURVEY_PARENT_QUESTIONS, SURVEY_PARENT_SIGNS, surveyAnswersProblem,
  surveyCell, surveyMean, surveyShare, type GuardianSurveyListResponse, type SurveyAnswerItem, type SurveyParentAnswerRequest,
  type SurveyParentAnswerResponse, type SurveyParentFigures,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService, type DataKey } from '../../platform/crypto/crypto.service';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { BindingEntity } from '../bindings/binding.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { newAnswerId } from './survey-answering.service';
import { SurveyParentAnswerEntity, SurveyParentTokenEntity } from './survey-parent.entity';
import { surveyStatus } from './survey-views';
import { SurveyEntity } from './survey.entity';

/** The token of a guardian's answer for a child: an HMAC under a survey-bound purpose of the school's key. */
function tokenHmac(crypto: CryptoService, key: DataKey, surveyId: string, guardianUserId: string, studentId: string): string {
  return crypto.schoolHmac(key, `survey-parent:${surveyId}`, `${guardianUserId}:${studentId}`);
}

/**
 * The parent questionnaire (SURVEY_PARENT_QUESTIONS), asked when a survey was opened with `parents`: each guardian
 * with an approved binding to a child of a class the survey reaches answers once per child, while the survey is open.
 * The separation is the one of the children's codes: a token row holds only a keyed HMAC of (guardian, child), inserted
 * with the answer in one transaction (its primary key refuses a second answer); the answer row holds the survey and the
 * answers, under a random key, and nothing of the guardian, the child, the class or the time. Another guardian of the
 * same child answers apart. The figures are reported apart from the children's, under the same small-cell rule.
 */
@Injectable()
export class SurveyParentsService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly crypto: CryptoService, private readonly clock: Clock) {}

  /** The open surveys asking the caller about a bound child, one item per survey and child. */
  async list(auth: AuthContext): Promise<GuardianSurveyListResponse> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const bindings = await m.find(BindingEntity, { where: { guardianUserId: auth.userId, status: 'approved' } });
    if (!bindings.length) return { items: [], questions: [...SURVEY_PARENT_QUESTIONS] };
    const students = new Map((await m.find(StudentEntity, { where: { id: In(bindings.map((b) => b.studentId)) } })).map((s) => [s.id, s]));
    const schoolIds = [...new Set(bindings.map((b) => b.schoolId))];
    const surveys = (await m.find(SurveyEntity, { where: { schoolId: In(schoolIds), parents: true, closesAt: MoreThan(now) }, order: { closesAt: 'ASC' } }))
      .filter((s) => surveyStatus(s, now) === 'open');
    const schools = new Map((await m.find(SchoolEntity, { where: { id: In(schoolIds) } })).map((s) => [s.id, s]));
    const items: GuardianSurveyListResponse['items'] = [];
    for (const survey of surveys) {
      for (const b of bindings.filter((x) => x.schoolId === survey.schoolId)) {
        const student = students.get(b.studentId);
        if (!student || !survey.classIds.includes(student.classId)) continue;
        items.push({
          surveyId: survey.id, title: survey.title, schoolName: schools.get(survey.schoolId)?.name ?? '', studentId: student.id, childName: student.name,
          closesAt: isoRequired(survey.closedAt ?? survey.closesAt), answered: await this.answered(m, survey, auth.userId, student.id),
        });
      }
    }
    return { items, questions: [...SURVEY_PARENT_QUESTIONS] };
  }

  async answer(auth: AuthContext, surveyId: string, dto: SurveyParentAnswerRequest): Promise<SurveyParentAnswerResponse> {
    const m = this.ds.manager;
    const survey = await m.findOne(SurveyEntity, { where: { id: surveyId } });
    const binding = survey
      ? await m.findOne(BindingEntity, { where: { guardianUserId: auth.userId, studentId: dto.studentId, schoolId: survey.schoolId, status: 'approved' } })
      : null;
    const student = binding ? await m.findOne(StudentEntity, { where: { id: dto.studentId } }) : null;
    if (!survey || !survey.parents || !student || !survey.classIds.includes(student.classId)) throw AppException.notFound('问卷');
    if (surveyStatus(survey, this.clock.now()) !== 'open') throw AppException.conflict(ErrorCode.SURVEY_NOT_OPEN, '问卷现在不在开放时间');
    const problem = surveyAnswersProblem(SURVEY_PARENT_QUESTIONS, dto.answers);
    if (problem) throw AppException.unprocessable(ErrorCode.SURVEY_ANSWERS_INVALID, problem);
    if (await this.answered(m, survey, auth.userId, student.id)) throw this.already();
    const order = new Map(SURVEY_PARENT_QUESTIONS.map((q, i) => [q.id, i]));
    const kept: SurveyAnswerItem[] = dto.answers
      .map((a) => (a.choices ? { questionId: a.questionId, choices: [...a.choices].sort((x, y) => x - y) } : { questionId: a.questionId, choice: a.choice! }))
      .sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)!);
    await inTransaction(this.ds, async (tx) => {
      const key = await this.crypto.schoolKey(tx, survey.schoolId);
      const token = tokenHmac(this.crypto, key, survey.id, auth.userId, student.id);
      if (await tx.findOne(SurveyParentTokenEntity, { where: { tokenHmac: token } })) throw this.already();
      await tx.insert(SurveyParentTokenEntity, { tokenHmac: token, surveyId: survey.id });
      await tx.insert(SurveyParentAnswerEntity, { id: newAnswerId(), surveyId: survey.id, answers: kept });
    }).catch((e: unknown) => {
      // Two submissions at once: the second insert of the same token breaks the primary key.
      if (isDuplicateKey(e)) throw this.already();
      throw e;
    });
    return { answered: true };
  }

  /** The parent questionnaire's figures of a survey, under the small-cell rule; null when guardians were not asked. */
  async figures(m: EntityManager, survey: SurveyEntity): Promise<SurveyParentFigures | null> {
    if (!survey.parents) return null;
    const rows = await m.find(SurveyParentAnswerEntity, { where: { surveyId: survey.id } });
    return parentFigures(rows);
  }

  private async answered(m: EntityManager, survey: SurveyEntity, guardianUserId: string, studentId: string): Promise<boolean> {
    const tokens = (await this.crypto.schoolKeys(m, survey.schoolId)).map((k) => tokenHmac(this.crypto, k, survey.id, guardianUserId, studentId));
    return (await m.count(SurveyParentTokenEntity, { where: { tokenHmac: In(tokens) } })) > 0;
  }

  private already(): AppException {
    return AppException.conflict(ErrorCode.SURVEY_ALREADY_ANSWERED, '您已经为这个孩子填过这份问卷了');
  }
}

/** The figures of guardians' answers (every share over fewer than five answers is null). */
export function parentFigures(rows: readonly { answers: SurveyAnswerItem[] }[]): SurveyParentFigures {
  const signs = SURVEY_PARENT_SIGNS.map(() => 0);
  let anySign = 0;
  const told = SURVEY_PARENT_CHILD_TOLD.map(() => 0);
  let toldAnswered = 0;
  let school = 0;
  let schoolAnswered = 0;
  const safety: number[] = [];
  for (const r of rows) {
    const byId = new Map(r.answers.map((a) => [a.questionId, a]));
    const picked = byId.get(SURVEY_PARENT_IDS.signs)?.choices ?? [];
    for (const i of picked) signs[i] += 1;
    if (picked.length) anySign += 1;
    const t = byId.get(SURVEY_PARENT_IDS.childTold)?.choice;
    if (t !== undefined) {
      toldAnswered += 1;
      told[t] += 1;
    }
    const s = byId.get(SURVEY_PARENT_IDS.toldSchool)?.choice;
    if (s !== undefined) {
      schoolAnswered += 1;
      if (s === 0) school += 1;
    }
    const safe = byId.get(SURVEY_PARENT_IDS.safety)?.choice;
    if (safe !== undefined) safety.push(safe + 1);
  }
  return {
    responses: surveyCell(rows.length), signs: signs.map((c) => surveyShare(c, rows.length)), anySign: surveyShare(anySign, rows.length),
    childTold: told.map((c) => surveyShare(c, toldAnswered)), toldSchool: surveyShare(school, schoolAnswered), safetyMean: surveyMean(safety),
  };
}

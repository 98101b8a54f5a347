import { randomInt } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import {
  ErrorCode, normalizeSurveyCode, surveyAnswersProblem, surveyQuestions, surveyVersionFor,
  type SurveyAnswerResponse, type SurveyCodeCheckResponse, type SurveyQuestion, type SurveyVersion,
} from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { classesWithGrades } from '../pledges/pledge-audience';
import { SchoolEntity } from '../tenancy/school.entity';
import { TipRateLimiter } from '../tips/tip-rate-limiter';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { SurveyCodeEntity } from './survey-code.entity';
import { answerTextsAad } from './survey-texts';
import { SurveyTextCheckService } from './survey-text-check.service';
import { codeHmac } from './survey-codes';
import { surveyStatus } from './survey-views';
import { SurveyEntity } from './survey.entity';

const DAY_MS = 86_400_000;
/** A code is looked up among the surveys that close after this long ago (older ones answer 404 like any wrong code). */
const LOOKUP_DAYS = 30;
/** Wrong codes per client address in a window: a whole school behind one address still has room for typos. */
const WRONG_CODE_WINDOW_MS = 15 * 60_000;
const WRONG_CODES_PER_WINDOW = 30;
/** Answer ids: random integers below 2^48 (exact in a JavaScript number, a BIGINT on MariaDB, the rowid on SQLite). */
const ANSWER_ID_MAX = 2 ** 48;

interface FoundCode {
  survey: SurveyEntity;
  code: SurveyCodeEntity;
  version: SurveyVersion;
  questions: SurveyQuestion[];
}

/**
 * A child answering with a one-time code, without an account. The code is found through its keyed HMAC among the
 * surveys that may still take it; spending it and storing the answer are one transaction, and the answer row gets
 * nothing that ties it to the code, the client or the time. Wrong codes are counted per client address through the tip
 * box's rate limiter (an HMAC of the address under the day's key, deleted after the day); a right code is never refused
 * for them. The client address is used for that count only: never stored, never logged.
 */
@Injectable()
export class SurveyAnsweringService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly limiter: TipRateLimiter,
    private readonly clock: Clock,
    private readonly textCheck: SurveyTextCheckService,
  ) {}

  async check(rawCode: string, clientAddress: string, classId?: string): Promise<SurveyCodeCheckResponse> {
    const found = await this.find(normalizeSurveyCode(rawCode), clientAddress, undefined, classId);
    const school = await this.ds.getRepository(SchoolEntity).findOneOrFail({ where: { id: found.survey.schoolId } });
    return { surveyId: found.survey.id, title: found.survey.title, schoolName: school.name, version: found.version, questions: found.questions };
  }

  async answer(
    dto: { code: string; surveyId?: string; classId?: string; answers: SurveyAnswerEntity['answers']; talkToTeacher?: boolean }, clientAddress: string,
  ): Promise<SurveyAnswerResponse> {
    const found = await this.find(normalizeSurveyCode(dto.code), clientAddress, dto.surveyId, dto.classId);
    const problem = surveyAnswersProblem(found.questions, dto.answers);
    if (problem) throw AppException.unprocessable(ErrorCode.SURVEY_ANSWERS_INVALID, problem);
    const textIds = new Set(found.questions.filter((q) => q.type === 'text').map((q) => q.id));
    const texts = Object.fromEntries(dto.answers.filter((a) => textIds.has(a.questionId) && a.text?.trim()).map((a) => [a.questionId, a.text!.trim()]));
    // Only what a question asks is kept, in the questions' order (not the order the app happened to send).
    const order = new Map(found.questions.map((q, i) => [q.id, i]));
    const kept = dto.answers.filter((a) => !textIds.has(a.questionId))
      .map((a) => (a.choices ? { questionId: a.questionId, choices: [...a.choices].sort((x, y) => x - y) } : { questionId: a.questionId, choice: a.choice! }))
      .sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)!);
    const id = newAnswerId();
    const hasTexts = Object.keys(texts).length > 0;
    await inTransaction(this.ds, async (m) => {
      const spent = await m.createQueryBuilder().update(SurveyCodeEntity).set({ used: true })
        .where('code_hmac = :h AND used = :no', { h: found.code.codeHmac, no: false }).execute();
      if (spent.affected !== 1) throw this.used();
      const survey = await m.findOneOrFail(SurveyEntity, { where: { id: found.survey.id } });
      if (surveyStatus(survey, this.clock.now()) !== 'open') throw this.notOpen(survey);
      const key = await this.crypto.schoolKey(m, survey.schoolId);
      await m.insert(SurveyAnswerEntity, {
        id, surveyId: survey.id, classId: found.code.classId, version: found.version, answers: kept,
        texts: hasTexts ? this.crypto.encryptText(key, JSON.stringify(texts), answerTextsAad(survey.id, id)) : null,
        textsCheck: hasTexts ? 'pending' : null, textsCheckFailures: 0,
      });
      if (dto.talkToTeacher) await m.increment(SurveyEntity, { id: survey.id }, 'talkRequests', 1);
    });
    if (hasTexts) this.textCheck.kick();
    return { tipBox: dto.talkToTeacher ? { schoolId: found.survey.schoolId } : null };
  }

  /**
   * The survey and class a code opens: 404 for a wrong code, 409 when used, outside the window, or of another class
   * than the teacher's session on this device (`classId`); 429 after many wrong ones.
   */
  private async find(code: string, clientAddress: string, surveyId?: string, classId?: string): Promise<FoundCode> {
    const client = `addr:${clientAddress}`;
    const now = this.clock.now();
    const candidates = await this.ds.getRepository(SurveyEntity).find({
      where: { closesAt: MoreThan(new Date(now.getTime() - LOOKUP_DAYS * DAY_MS)), ...(surveyId ? { id: surveyId } : {}) },
    });
    const bySchool = new Map<string, SurveyEntity[]>();
    for (const s of candidates) bySchool.set(s.schoolId, [...(bySchool.get(s.schoolId) ?? []), s]);
    const hmacs = new Map<string, SurveyEntity>();
    for (const [schoolId, surveys] of bySchool) {
      for (const key of await this.crypto.schoolKeys(this.ds.manager, schoolId)) {
        for (const s of surveys) hmacs.set(codeHmac(this.crypto, key, s.id, code), s);
      }
    }
    const row = hmacs.size ? await this.ds.getRepository(SurveyCodeEntity).findOne({ where: { codeHmac: In([...hmacs.keys()]) } }) : null;
    const survey = row ? hmacs.get(row.codeHmac) : undefined;
    if (!row || !survey || row.surveyId !== survey.id) {
      if ((await this.limiter.peek(this.ds.manager, 'survey.code.fail', client, WRONG_CODE_WINDOW_MS)) >= WRONG_CODES_PER_WINDOW) {
        throw AppException.tooManyRequests('答题码错误次数过多，请 15 分钟后再试');
      }
      await inTransaction(this.ds, (m) => this.limiter.hit(m, 'survey.code.fail', client, WRONG_CODE_WINDOW_MS));
      throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, '答题码不正确，请核对纸条上的 8 位答题码');
    }
    if (surveyStatus(survey, now) !== 'open') throw this.notOpen(survey);
    if (classId !== undefined && row.classId !== classId) {
      throw AppException.conflict(ErrorCode.SURVEY_CODE_OTHER_CLASS, '这张答题码是别的班的，请用本班发的答题码');
    }
    if (row.used) throw this.used();
    const [cls] = await classesWithGrades(this.ds.manager, survey.schoolId, [row.classId]);
    const version = surveyVersionFor(cls?.gradeNumber ?? 0);
    return { survey, code: row, version, questions: surveyQuestions(version, survey.customQuestions) };
  }

  private used(): AppException {
    return AppException.conflict(ErrorCode.SURVEY_CODE_USED, '这个答题码已经用过了。每个答题码只能用一次');
  }

  private notOpen(survey: SurveyEntity): AppException {
    return AppException.conflict(ErrorCode.SURVEY_NOT_OPEN, this.clock.now() < survey.opensAt ? '问卷还没有开始' : '问卷已经结束了');
  }
}

/** A new answer id: a random integer, so ids carry no order. */
export function newAnswerId(): string {
  return String(randomInt(1, ANSWER_ID_MAX));
}

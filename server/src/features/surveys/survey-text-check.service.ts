import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import type { SurveyTextCheck } from '@anxin/shared';
import { LOGGER } from '../../platform/common/logging/logger';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import {
  BackgroundContentCheck, CONTENT_CHECK_MAX_FAILURES, contentCheckerOpenid, isTransientCheckFailure,
} from '../../platform/wechat/background-content-check';
import { WechatApiError } from '../../platform/wechat/wechat-api.errors';
import { WechatClient } from '../../platform/wechat/wechat.client';
import { answerTextsAad } from './survey-texts';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { SurveyEntity } from './survey.entity';

/** msg_sec_check scene 2: 评论 (a short comment), as for tips. */
const SCENE = 2;
export const SURVEY_TEXT_CHECK_JOB = 'surveys.text-check';

/**
 * WeChat's msg_sec_check over a child's free-text answers, never inside the answering request: the answer is stored
 * with `texts_check = 'pending'`, then checked in the background by a periodic job of the worker (and started at once
 * after an answer in a process that runs one), exactly as tips are checked. The verdict decides what the designated
 * contact sees: `pass` texts are shown in the report; `risky` and `review` texts are held back (counted, never shown);
 * so are texts whose check could not be made (no designated contact with a WeChat openid, a permanent refusal, or
 * CONTENT_CHECK_MAX_FAILURES transient failures). The check is made in the name of the designated contact (v2
 * needs an openid; the child has none). No audit entry per answer: an entry carries a time, and an answer row must
 * not get one.
 */
@Injectable()
export class SurveyTextCheckService implements OnModuleInit, OnApplicationShutdown {
  private readonly loop: BackgroundContentCheck;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly wechat: WechatClient,
    private readonly crypto: CryptoService,
    jobs: PeriodicJobs,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.loop = new BackgroundContentCheck(jobs, log, SURVEY_TEXT_CHECK_JOB, (limit) => this.round(limit));
  }

  onModuleInit(): void {
    this.loop.register();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.settled();
  }

  /** Check soon, in the background (after an answer with text commits). */
  kick(): void {
    this.loop.kick();
  }

  /** Checks up to `limit` pending rows; returns how many got a result (tests call it directly). */
  checkPending(limit?: number): Promise<number> {
    return this.loop.checkPending(limit);
  }

  private async round(limit: number): Promise<{ found: number; done: number }> {
    const rows = await this.ds.getRepository(SurveyAnswerEntity).find({ where: { textsCheck: 'pending' }, take: limit });
    let done = 0;
    for (const row of rows) {
      if (await this.checkOne(row)) done++;
    }
    return { found: rows.length, done };
  }

  private async checkOne(row: SurveyAnswerEntity): Promise<boolean> {
    const survey = await this.ds.manager.findOne(SurveyEntity, { where: { id: row.surveyId } });
    const openid = survey ? await contentCheckerOpenid(this.ds.manager, survey.schoolId) : null;
    if (!openid || !row.texts) return this.record(row, 'held');
    const texts = Object.values(JSON.parse(await this.crypto.decryptText(row.texts, answerTextsAad(row.surveyId, row.id))) as Record<string, string>);
    try {
      const verdict = await this.wechat.msgSecCheck({ openid, content: texts.join('\n'), scene: SCENE });
      return this.record(row, verdict.suggest === 'pass' ? 'pass' : 'held');
    } catch (e) {
      const transient = isTransientCheckFailure(e);
      const n = transient ? await this.countFailure(row) : CONTENT_CHECK_MAX_FAILURES;
      this.log.warn({ errcode: e instanceof WechatApiError ? e.errcode : null, attempt: n }, 'survey text check failed');
      if (transient && n < CONTENT_CHECK_MAX_FAILURES) return false;
      return this.record(row, 'held');
    }
  }

  private async countFailure(row: SurveyAnswerEntity): Promise<number> {
    return inTransaction(this.ds, async (m) => {
      await m.createQueryBuilder().update(SurveyAnswerEntity).set({ textsCheckFailures: () => 'texts_check_failures + 1' })
        .where('id = :id', { id: row.id }).execute();
      return (await m.findOneOrFail(SurveyAnswerEntity, { where: { id: row.id } })).textsCheckFailures;
    });
  }

  /** Writes the result once (a guarded UPDATE: a run taken over from another worker does not write twice). */
  private async record(row: SurveyAnswerEntity, result: Exclude<SurveyTextCheck, 'pending'>): Promise<boolean> {
    return inTransaction(this.ds, async (m) => {
      const res = await m.createQueryBuilder().update(SurveyAnswerEntity).set({ textsCheck: result })
        .where('id = :id AND texts_check = :pending', { id: row.id, pending: 'pending' }).execute();
      return res.affected === 1;
    });
  }
}

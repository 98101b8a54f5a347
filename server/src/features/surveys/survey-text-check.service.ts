import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Logger } from 'pino';
import type { SurveyTextCheck } from '@anxin/shared';
import { LOGGER } from '../../platform/common/logging/logger';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { BackgroundContentCheck, type ContentCheckRow } from '../../platform/wechat/background-content-check';
import { WechatClient } from '../../platform/wechat/wechat.client';
import { answerTextsAad } from './survey-texts';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { SurveyEntity } from './survey.entity';

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
    wechat: WechatClient,
    private readonly crypto: CryptoService,
    jobs: PeriodicJobs,
    @Inject(LOGGER) log: Logger,
  ) {
    this.loop = new BackgroundContentCheck({ jobs, log, wechat, ds }, SURVEY_TEXT_CHECK_JOB, (limit) => this.pending(limit));
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

  private async pending(limit: number): Promise<ContentCheckRow[]> {
    const rows = await this.ds.getRepository(SurveyAnswerEntity).find({ where: { textsCheck: 'pending' }, take: limit });
    if (!rows.length) return [];
    const surveys = await this.ds.getRepository(SurveyEntity).find({ where: { id: In([...new Set(rows.map((r) => r.surveyId))]) } });
    const schoolOf = new Map(surveys.map((s) => [s.id, s.schoolId]));
    // An answer whose survey is gone has no school: it is held without a check.
    return rows.map((row) => ({
      schoolId: schoolOf.get(row.surveyId) ?? null,
      text: async () => (row.texts
        ? Object.values(JSON.parse(await this.crypto.decryptText(row.texts, answerTextsAad(row.surveyId, row.id))) as Record<string, string>).join('\n')
        : null),
      countFailure: () => this.countFailure(row),
      record: (verdict) => this.record(row, verdict?.suggest === 'pass' ? 'pass' : 'held'),
    }));
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

import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { AuditService } from '../../platform/audit/audit.service';
import { LOGGER } from '../../platform/common/logging/logger';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { BackgroundContentCheck, type ContentCheckRow } from '../../platform/wechat/background-content-check';
import { WechatClient } from '../../platform/wechat/wechat.client';
import { TipContentCheckFailureEntity } from './tip-content-check-failure.entity';
import { TipEntity } from './tip.entity';

/** The periodic job's name (PeriodicJobs). */
export const CONTENT_CHECK_JOB = 'tips.content-check';

/**
 * msg_sec_check for tip text, never inside the submit request: the tip is committed first, then
 * this service checks it in the background and sets 内容需关注 (`contentFlag`) on a risky/review verdict. Nothing is
 * ever rejected or lost because it describes violence — that is what tips are for.
 *
 * It does not run as a scheduled action because scheduler handlers run inside a database transaction, and a
 * WeChat call (which itself may refresh the shared access token) must not hold one open. Instead the pending tips are
 * the queue: `content_check = 'pending'`, checked by the loop every background check shares
 * (`platform/wechat/background-content-check.ts`: a periodic job of the worker, one worker at a time across the fleet,
 * started at once after a submit in a process that runs a worker). Transient
 * failures are counted per tip in the database (`tip_content_check_failures`), so the limit holds whichever worker
 * checks next; the result is written with a guarded UPDATE, so a tip gets one result even if a run is taken over.
 *
 * Whose openid: v2 requires one. The reporter's openid is never stored, not even in a job payload (that would
 * link the tip to a person), so the check is made in the name of the staff member who will read the text — the
 * designated contact. If WeChat refuses that (61010 inactive user, 40003, 43104) the check is recorded as
 * `error` and the tip carries no flag; the contact reads everything anyway.
 */
@Injectable()
export class TipContentCheckService implements OnModuleInit, OnApplicationShutdown {
  private readonly loop: BackgroundContentCheck;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    wechat: WechatClient,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    jobs: PeriodicJobs,
    @Inject(LOGGER) log: Logger,
  ) {
    this.loop = new BackgroundContentCheck({ jobs, log, wechat, ds }, CONTENT_CHECK_JOB, (limit) => this.pending(limit));
  }

  onModuleInit(): void {
    this.loop.register();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.settled();
  }

  /** Check soon, in the background (after a submit commits). */
  kick(): void {
    this.loop.kick();
  }

  /** Checks up to `limit` pending tips; returns how many got a result (tests call it directly). */
  checkPending(limit?: number): Promise<number> {
    return this.loop.checkPending(limit);
  }

  private async pending(limit: number): Promise<ContentCheckRow[]> {
    const tips = await this.ds.getRepository(TipEntity).find({ where: { contentCheck: 'pending' }, order: { submittedAt: 'ASC' }, take: limit });
    return tips.map((tip) => ({
      schoolId: tip.schoolId,
      text: () => this.text(tip),
      countFailure: () => this.countFailure(tip.id),
      record: (verdict) => this.record(tip, verdict?.suggest ?? 'error', verdict?.label ?? null),
    }));
  }

  /** The tip's free text, its fields one per line. */
  private async text(tip: TipEntity): Promise<string> {
    const aad = (f: string) => `tip:${tip.id}:${f}`;
    return [
      await this.crypto.decryptText(tip.descriptionEnc, aad('description')),
      await this.crypto.decryptOptional(tip.whenEnc, aad('when')),
      await this.crypto.decryptOptional(tip.placeDetailEnc, aad('place_detail')),
      await this.crypto.decryptOptional(tip.peopleEnc, aad('people')),
    ].filter((x): x is string => !!x).join('\n');
  }

  /** Adds one transient failure to the tip's count in the database and returns the new count. */
  private async countFailure(tipId: string): Promise<number> {
    return inTransaction(this.ds, async (m) => {
      await insertOrIgnore(m, TipContentCheckFailureEntity, { tipId, failures: 0 });
      await m.createQueryBuilder().update(TipContentCheckFailureEntity).set({ failures: () => 'failures + 1' }).where('tip_id = :tipId', { tipId }).execute();
      return (await m.findOneOrFail(TipContentCheckFailureEntity, { where: { tipId } })).failures;
    });
  }

  private async record(tip: TipEntity, result: string, label: number | null): Promise<boolean> {
    const flag = result === 'risky' || result === 'review';
    return inTransaction(this.ds, async (m) => {
      const res = await m.createQueryBuilder().update(TipEntity).set({ contentCheck: result, contentFlag: flag })
        .where('id = :id AND content_check = :pending', { id: tip.id, pending: 'pending' }).execute();
      await m.delete(TipContentCheckFailureEntity, { tipId: tip.id });
      if (res.affected !== 1) return false; // a run taken over from another worker was first
      await this.audit.append(m, {
        schoolId: tip.schoolId, actorUserId: null, actorRole: 'system', action: 'tip.content_checked', targetType: 'tip', targetId: tip.id,
        details: { result, label, flagged: flag },
      });
      return true;
    });
  }
}

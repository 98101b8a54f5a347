import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { AuditService } from '../../platform/audit/audit.service';
import { LOGGER } from '../../platform/common/logging/logger';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { UserEntity } from '../identity/user.entity';
import { designatedContactId } from '../tenancy/designated-contact';
import { SchoolEntity } from '../tenancy/school.entity';
import { WechatApiError } from '../../platform/wechat/wechat-api.errors';
import { WechatClient } from '../../platform/wechat/wechat.client';
import { TipContentCheckFailureEntity } from './tip-content-check-failure.entity';
import { TipEntity } from './tip.entity';

/** How often the worker looks for unchecked tips (a submit in a process that runs a worker also starts a check at once). */
const POLL_MS = 5_000;
/** Transient failures (busy, timeouts) before a tip is recorded as `error` and left without a verdict. */
const MAX_TRANSIENT_FAILURES = 5;
/** Pending tips read at once. */
const ROUND = 20;
/** The periodic job's name (PeriodicJobs). */
export const CONTENT_CHECK_JOB = 'tips.content-check';

/**
 * msg_sec_check for tip text, never inside the submit request: the tip is committed first, then
 * this service checks it in the background and sets 内容需关注 (`contentFlag`) on a risky/review verdict. Nothing is
 * ever rejected or lost because it describes violence — that is what tips are for.
 *
 * It does not run as a scheduled action because scheduler handlers run inside a database transaction, and a
 * WeChat call (which itself may refresh the shared access token) must not hold one open. Instead the pending tips are
 * the queue: `content_check = 'pending'`, checked by a periodic job of the worker (PeriodicJobs: one worker at a time
 * across the fleet, every POLL_MS), and started at once after a submit in a process that runs a worker. Transient
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
  private kicked: Promise<unknown> | null = null;
  private again = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly wechat: WechatClient,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly jobs: PeriodicJobs,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(CONTENT_CHECK_JOB, POLL_MS, async () => {
      // Rounds of ROUND until a round finds fewer, or leaves some for later (transient failures).
      for (;;) {
        const { found, done } = await this.round(ROUND);
        if (found < ROUND || done < found) return;
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kicked;
  }

  /**
   * Check soon, in the background (after a submit commits): runs the job now in this process's worker, unless
   * another worker is running it. No-op when this process runs no worker (a worker's next poll finds the tip).
   */
  kick(): void {
    if (this.kicked) {
      this.again = true;
      return;
    }
    this.kicked = this.jobs.runNow(CONTENT_CHECK_JOB)
      .catch((e) => this.log.error({ err: (e as Error).message }, 'tip content check round failed'))
      .finally(() => {
        this.kicked = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Checks up to `limit` pending tips; returns how many got a result (tests call it directly). */
  async checkPending(limit = ROUND): Promise<number> {
    return (await this.round(limit)).done;
  }

  private async round(limit: number): Promise<{ found: number; done: number }> {
    const tips = await this.ds.getRepository(TipEntity).find({ where: { contentCheck: 'pending' }, order: { submittedAt: 'ASC' }, take: limit });
    let done = 0;
    for (const tip of tips) {
      if (await this.checkOne(tip)) done++;
    }
    return { found: tips.length, done };
  }

  /** True when the tip got its result now; false when the check failed transiently and it stays pending. */
  private async checkOne(tip: TipEntity): Promise<boolean> {
    const openid = await this.checkerOpenid(this.ds.manager, tip.schoolId);
    if (!openid) return this.record(tip, 'error', null);
    const aad = (f: string) => `tip:${tip.id}:${f}`;
    const parts = [
      await this.crypto.decryptText(tip.descriptionEnc, aad('description')),
      await this.crypto.decryptOptional(tip.whenEnc, aad('when')),
      await this.crypto.decryptOptional(tip.placeDetailEnc, aad('place_detail')),
      await this.crypto.decryptOptional(tip.peopleEnc, aad('people')),
    ].filter((x): x is string => !!x);
    try {
      const verdict = await this.wechat.msgSecCheck({ openid, content: parts.join('\n').slice(0, 2500), scene: 2 });
      return this.record(tip, verdict.suggest, verdict.label);
    } catch (e) {
      const transient = !(e instanceof WechatApiError) || e.retryable || e.tokenProblem;
      const n = transient ? await this.countFailure(tip.id) : MAX_TRANSIENT_FAILURES;
      this.log.warn({ errcode: e instanceof WechatApiError ? e.errcode : null, attempt: n }, 'tip content check failed');
      if (transient && n < MAX_TRANSIENT_FAILURES) return false;
      return this.record(tip, 'error', null);
    }
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

  private async checkerOpenid(m: EntityManager, schoolId: string): Promise<string | null> {
    const school = await m.findOne(SchoolEntity, { where: { id: schoolId } });
    const userId = school ? await designatedContactId(m, school) : null;
    if (!userId) return null;
    return (await m.findOne(UserEntity, { where: { id: userId } }))?.openid ?? null;
  }
}

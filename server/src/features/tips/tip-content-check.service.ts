import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { AuditService } from '../../platform/audit/audit.service';
import { LOGGER } from '../../platform/common/logging/logger';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { UserEntity } from '../identity/user.entity';
import { designatedContactId } from '../tenancy/designated-contact';
import { SchoolEntity } from '../tenancy/school.entity';
import { WechatApiError } from '../../platform/wechat/wechat-api.errors';
import { WechatClient } from '../../platform/wechat/wechat.client';
import { TipEntity } from './tip.entity';

/** How often the background loop looks for unchecked tips (a submit also kicks it at once). */
const POLL_MS = 5_000;
/** Transient failures (busy, timeouts) before a tip is recorded as `error` and left without a verdict. */
const MAX_TRANSIENT_FAILURES = 5;

/**
 * msg_sec_check for tip text, never inside the submit request: the tip is committed first, then
 * this service checks it in the background and sets 内容需关注 (`contentFlag`) on a risky/review verdict. Nothing is
 * ever rejected or lost because it describes violence — that is what tips are for.
 *
 * It does not run as a scheduled action because scheduler handlers run inside a database transaction, and a
 * WeChat call (which itself may refresh the shared access token in a transaction) must not hold one open —
 * on SQLite that would deadlock the single connection. Instead the pending tips are the queue: `content_check =
 * 'pending'`, picked up by a loop in every server that runs the worker (and kicked right after each submit);
 * the result is written with a guarded UPDATE, so two instances checking the same tip is harmless.
 *
 * Whose openid: v2 requires one. The reporter's openid is never stored, not even in a job payload (that would
 * link the tip to a person), so the check is made in the name of the staff member who will read the text — the
 * designated contact. If WeChat refuses that (61010 inactive user, 40003, 43104) the check is recorded as
 * `error` and the tip carries no flag; the contact reads everything anyway.
 */
@Injectable()
export class TipContentCheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private readonly failures = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorker) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Check soon, in the background (after a submit commits). No-op when this process runs no worker. */
  kick(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.checkPending()
      .catch((e) => {
        this.log.error({ err: (e as Error).message }, 'tip content check round failed');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Checks up to `limit` pending tips; returns how many got a result. Tests call it directly. */
  async checkPending(limit = 20): Promise<number> {
    const tips = await this.ds.getRepository(TipEntity).find({ where: { contentCheck: 'pending' }, order: { submittedAt: 'ASC' }, take: limit });
    let done = 0;
    for (const tip of tips) {
      if (await this.checkOne(tip)) done++;
    }
    return done;
  }

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
      this.failures.delete(tip.id);
      return this.record(tip, verdict.suggest, verdict.label);
    } catch (e) {
      const transient = !(e instanceof WechatApiError) || e.retryable || e.tokenProblem;
      const n = (this.failures.get(tip.id) ?? 0) + 1;
      this.failures.set(tip.id, n);
      this.log.warn({ errcode: e instanceof WechatApiError ? e.errcode : null, attempt: n }, 'tip content check failed');
      if (transient && n < MAX_TRANSIENT_FAILURES) return false;
      this.failures.delete(tip.id);
      return this.record(tip, 'error', null);
    }
  }

  private async record(tip: TipEntity, result: string, label: number | null): Promise<boolean> {
    const flag = result === 'risky' || result === 'review';
    return inTransaction(this.ds, async (m) => {
      const res = await m.createQueryBuilder().update(TipEntity).set({ contentCheck: result, contentFlag: flag })
        .where('id = :id AND content_check = :pending', { id: tip.id, pending: 'pending' }).execute();
      if (res.affected !== 1) return false; // another instance was first
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

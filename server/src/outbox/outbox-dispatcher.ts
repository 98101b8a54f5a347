import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { UserEntity } from '../identity/user.entity';
import { RobotRateLimiter } from '../wechat/robot-rate-limiter';
import { shapeTemplateData, TemplateValueError } from '../wechat/template-values';
import { templateId, templateValues } from '../wechat/templates';
import { PERMANENT_ERRCODES, TEMPLATE_DATA_ERROR, WechatApiError } from '../wechat/wechat-api.errors';
import { WechatClient } from '../wechat/wechat.client';
import { WecomRobotClient } from '../wechat/wecom-robot.client';
import { AlertEntity } from './alert.entity';
import { backoffDelayMs } from './backoff';
import { OutboxEntity } from './outbox.entity';
import { OutboxService } from './outbox.service';
import type { OutboxFallback } from './outbox.types';

/** 45009 (rate limit) waits at least this long: WeChat/WeCom limits are per minute. */
const RATE_LIMIT_BACKOFF_MS = 60_000;

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; minDelayMs?: number }
  | { kind: 'permanent'; error: string }
  | { kind: 'deferred'; untilMs: number };

/**
 * Delivers outbox rows. `runOnce()` claims a batch of due rows (SELECT … FOR UPDATE SKIP LOCKED under
 * READ COMMITTED on MariaDB/MySQL; the single writer on SQLite), leases them to this worker
 * (`locked_until`, also written to `next_attempt_at` so a crashed worker's rows become due again), sends
 * them with bounded concurrency and records each outcome at once, guarded by the lease. Any number of
 * workers may run at once.
 */
@Injectable()
export class OutboxDispatcher {
  readonly workerId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly limiter: RobotRateLimiter;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly wechat: WechatClient,
    private readonly robots: WecomRobotClient,
    private readonly outbox: OutboxService,
  ) {
    this.limiter = new RobotRateLimiter(config.wechat.robotPerMinute);
  }

  /** One batch: claim, send, record. Returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim(this.config.worker.batchSize);
    if (rows.length === 0) return 0;
    const openids = await this.openidsOf(rows);
    const sent = this.sentRecorder();
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        const outcome = await this.send(row, openids);
        if (outcome.kind === 'sent') await sent.add(row.id);
        else await this.record(row, outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.worker.concurrency, rows.length) }, lane));
    return rows.length;
  }

  /**
   * Delivers until nothing is due: `concurrency` lanes take rows from a queue that is refilled (one claim at
   * a time) while they still have work, so sends never wait for a batch to finish. Returns rows handled.
   */
  async drain(maxRows = Number.MAX_SAFE_INTEGER): Promise<number> {
    let total = 0;
    // Another round picks up rows that became due meanwhile (fallback copies, rows of a lapsed lease).
    while (total < maxRows) {
      const n = await this.pump(maxRows - total);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  private async pump(maxRows: number): Promise<number> {
    const queue: OutboxEntity[] = [];
    const openids = new Map<string, string>();
    const sent = this.sentRecorder();
    const lanes = this.config.worker.concurrency;
    // Claim the next batch while half of this one is still queued, so lanes never wait for a claim.
    const lowWater = Math.max(lanes, Math.floor(this.config.worker.batchSize / 2));
    let claiming: Promise<void> | null = null;
    let exhausted = false;
    let total = 0;
    const refill = async () => {
      let rows: OutboxEntity[];
      try {
        rows = await this.claim(Math.min(this.config.worker.batchSize, maxRows - total));
      } catch (e) {
        // The database refused this claim (deadlock, connection lost): stop claiming; the next tick tries again.
        this.log.error({ err: e }, 'outbox claim failed');
        exhausted = true;
        return;
      }
      if (rows.length === 0) {
        exhausted = true;
        return;
      }
      for (const [k, v] of await this.openidsOf(rows)) openids.set(k, v);
      total += rows.length;
      if (total >= maxRows) exhausted = true;
      queue.push(...rows);
    };
    const lane = async () => {
      for (;;) {
        if (queue.length <= lowWater && !exhausted && !claiming) claiming = refill().finally(() => (claiming = null));
        const row = queue.shift();
        if (!row) {
          if (claiming) {
            await claiming;
            continue;
          }
          return;
        }
        const outcome = await this.send(row, openids);
        if (outcome.kind !== 'sent') await this.record(row, outcome);
        else {
          // A lane moves on while its row is being recorded, unless `lanes` rows already wait to be recorded:
          // after a crash at most 2·lanes − 1 rows (in flight + sent but unrecorded) can be sent again.
          const recorded = sent.add(row.id);
          if (sent.outstanding >= lanes) await recorded;
          else recorded.catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    await sent.idle();
    return total;
  }

  private async claim(limit: number): Promise<OutboxEntity[]> {
    const sqlite = this.ds.options.type === 'better-sqlite3';
    try {
      return await inTransaction(this.ds, async (m) => {
        const now = this.clock.now();
        const pick = (status: 'pending' | 'sending', n: number) => {
          const qb = m.createQueryBuilder(OutboxEntity, 'o')
            .where('o.status = :status AND o.nextAttemptAt <= :now', { status, now })
            .orderBy('o.nextAttemptAt', 'ASC')
            .limit(n);
          if (!sqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
          return qb.getMany();
        };
        const rows = await pick('pending', limit);
        // Rows whose lease ran out (their worker died mid-send): sent again, at most once more each.
        if (rows.length < limit) rows.push(...(await pick('sending', limit - rows.length)));
        if (rows.length === 0) return [];
        const until = new Date(now.getTime() + this.config.worker.leaseMs);
        const result = await m.createQueryBuilder().update(OutboxEntity)
          .set({ status: 'sending', lockedBy: this.workerId, lockedUntil: until, nextAttemptAt: until, attempts: () => 'attempts + 1' })
          .where('id IN (:...ids) AND next_attempt_at <= :now', { ids: rows.map((r) => r.id), now })
          .execute();
        if (result.affected !== rows.length) throw new ClaimRace();
        for (const r of rows) {
          r.attempts += 1;
          r.lockedBy = this.workerId;
        }
        return rows;
      });
    } catch (e) {
      // Another process on the same SQLite file claimed first (or SQLITE_BUSY): nothing is ours this round.
      if (e instanceof ClaimRace || (sqlite && /SQLITE_BUSY/.test(String((e as Error).message ?? e)))) return [];
      throw e;
    }
  }

  private async openidsOf(rows: OutboxEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.recipientUserId).filter((x): x is string => !!x))];
    if (ids.length === 0) return new Map();
    const users = await this.ds.getRepository(UserEntity).find({ where: { id: In(ids), disabled: false }, select: { id: true, openid: true } });
    return new Map(users.map((u) => [u.id, u.openid]));
  }

  private async send(row: OutboxEntity, openids: Map<string, string>): Promise<Outcome> {
    try {
      if (row.channel === 'wechat_subscribe') {
        const openid = row.recipientUserId ? openids.get(row.recipientUserId) : undefined;
        if (!openid) return { kind: 'permanent', error: 'recipient has no active account' };
        const values = templateValues(row.template, { title: row.title, body: row.body, data: row.data, createdAt: row.createdAt });
        await this.wechat.sendSubscribe({
          touser: openid,
          templateId: templateId(row.template, this.config.wechat.templates),
          page: row.page,
          data: shapeTemplateData(values),
          idempotencyKey: row.id,
        });
        return { kind: 'sent' };
      }
      if (row.channel === 'wecom_robot') {
        const key = row.robotKey ?? '';
        const slot = this.limiter.reserve(key, Date.now());
        if (!slot.ok) return { kind: 'deferred', untilMs: slot.retryAtMs - Date.now() };
        const markdown = row.data?.msgtype === 'markdown';
        const content = markdown ? `**${row.title}**\n${row.body}` : `${row.title}\n${row.body}`;
        try {
          await this.robots.send(key, markdown ? { msgtype: 'markdown', content } : { msgtype: 'text', content }, row.id);
        } catch (e) {
          if (e instanceof WechatApiError && e.errcode === 45009) this.limiter.markFull(key, Date.now());
          throw e;
        }
        return { kind: 'sent' };
      }
      return { kind: 'sent' }; // inbox_only: the inbox copy is the delivery
    } catch (e) {
      if (e instanceof TemplateValueError) return { kind: 'permanent', error: `${TEMPLATE_DATA_ERROR} ${e.message}` };
      if (e instanceof WechatApiError) {
        const error = `${e.errcode} ${e.errmsg}`.slice(0, 500);
        if (PERMANENT_ERRCODES.has(e.errcode)) return { kind: 'permanent', error };
        if (e.retryable) return { kind: 'retry', error, minDelayMs: e.errcode === 45009 ? RATE_LIMIT_BACKOFF_MS : undefined };
        // Anything else (an errcode we do not know, a token refresh that failed): retry, bounded by maxAttempts.
        return { kind: 'retry', error };
      }
      return { kind: 'retry', error: String((e as Error)?.message ?? e).slice(0, 500) };
    }
  }

  private sentRecorder(): GroupCommit {
    return new GroupCommit((ids) => this.recordSent(ids), this.ds.options.type === 'better-sqlite3' ? 1 : 4);
  }

  /**
   * Marks sent rows in one statement (group commit of the rows whose sends finished together). Written as SQL
   * with the driver's own parameter conversion (the same values the query builder would bind): it runs once per
   * group on the hot path, and skips the query builder's per-call statement assembly, which showed in the profile.
   */
  private async recordSent(ids: string[]): Promise<void> {
    // locked_by stays: it records which worker sent the row.
    const [sql, params] = this.ds.driver.escapeQueryWithParameters(
      `UPDATE outbox SET status = 'sent', sent_at = :now, last_error = NULL, locked_until = NULL
        WHERE id IN (:...ids) AND locked_by = :me AND status = 'sending'`,
      { now: this.clock.now(), ids, me: this.workerId },
      {},
    );
    const update = (m: EntityManager) => m.query(sql, params);
    // One statement is atomic by itself; on MariaDB/MySQL it runs without the round trips of an explicit
    // transaction. SQLite's one shared connection still needs the transaction queue.
    if (this.ds.options.type === 'better-sqlite3') await inTransaction(this.ds, update);
    else await update(this.ds.manager);
  }

  private async record(row: OutboxEntity, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const guard = (set: Partial<OutboxEntity>) => m.createQueryBuilder().update(OutboxEntity).set(set as any)
        .where('id = :id AND locked_by = :me AND status = :sending', { id: row.id, me: this.workerId, sending: 'sending' })
        .execute();
      const release = { lockedBy: null, lockedUntil: null };
      switch (outcome.kind) {
        case 'sent':
          // locked_by stays: it records which worker sent the row.
          await guard({ status: 'sent', sentAt: now, lastError: null, lockedUntil: null });
          return;
        case 'deferred':
          // The robot's minute is full: wait for a slot; this was not an attempt.
          await guard({ status: 'pending', nextAttemptAt: new Date(now.getTime() + Math.max(0, outcome.untilMs)), attempts: row.attempts - 1, ...release });
          return;
        case 'retry': {
          if (row.attempts >= this.config.worker.maxAttempts) {
            const res = await guard({ status: 'dead', lastError: outcome.error, ...release });
            if (res.affected === 1) await this.afterFailure(m, row, 'dead', outcome.error);
            return;
          }
          const delay = Math.max(outcome.minDelayMs ?? 0, backoffDelayMs(row.attempts, this.config.worker.backoffBaseMs));
          await guard({ status: 'pending', nextAttemptAt: new Date(now.getTime() + delay), lastError: outcome.error, ...release });
          this.log.warn({ outboxId: row.id, attempts: row.attempts, error: outcome.error, delayMs: delay }, 'outbox send failed, will retry');
          return;
        }
        case 'permanent': {
          const res = await guard({ status: 'failed', lastError: outcome.error, ...release });
          if (res.affected === 1) await this.afterFailure(m, row, 'failed', outcome.error);
          return;
        }
      }
    });
  }

  /** A message that will never arrive on its channel: the sender's fallback runs, in the same transaction. */
  private async afterFailure(m: EntityManager, row: OutboxEntity, status: 'failed' | 'dead', error: string): Promise<void> {
    this.log.warn({ outboxId: row.id, template: row.template, status, error }, 'outbox message undeliverable, running fallback');
    if (status === 'dead' && row.schoolId) {
      await this.alert(m, row, 'delivery.dead', `多次重试后仍未能通过${channelName(row)}送达（${error.slice(0, 80)}）`);
    }
    const fallback: OutboxFallback | null = row.fallback;
    if (!fallback || fallback.kind === 'inbox_only') return;
    if (fallback.kind === 'alert_admins') {
      await this.alert(m, row, 'delivery.failed', `未能通过${channelName(row)}送达（${error.slice(0, 80)}）`, fallback.schoolId);
      return;
    }
    const [next, ...rest] = fallback.userIds;
    if (!next) {
      if (row.schoolId) await this.alert(m, row, 'delivery.failed', `未能送达任何接收人（${error.slice(0, 80)}）`);
      return;
    }
    await this.outbox.enqueue(m, {
      dedupeKey: chainKey(row.dedupeKey, next),
      channel: 'wechat_subscribe',
      schoolId: row.schoolId,
      recipientUserId: next,
      template: row.template,
      title: row.title,
      body: row.body,
      page: row.page,
      data: row.data ?? undefined,
      fallback: rest.length ? { kind: 'next_recipient', userIds: rest } : row.schoolId ? { kind: 'alert_admins', schoolId: row.schoolId } : { kind: 'inbox_only' },
    });
  }

  private async alert(m: EntityManager, row: OutboxEntity, kind: string, problem: string, schoolId = row.schoolId): Promise<void> {
    if (!schoolId) return;
    await insertOrIgnore(m, AlertEntity, {
      id: randomUUID(),
      schoolId,
      kind,
      title: kind === 'delivery.undelivered' ? '消息迟迟未能送达' : '消息未能送达',
      body: `「${row.title}」${problem}。站内消息中仍可查看。`,
      subjectType: 'outbox',
      subjectId: row.id,
      dedupeKey: `${kind}:${row.id}`,
      details: { template: row.template, channel: row.channel, attempts: row.attempts } as any,
      createdAt: this.clock.now(),
      resolvedAt: null,
    });
  }

  /** Rows still undelivered `alertAfterMs` after they were enqueued: one alert each for the school admin. */
  async raiseLateAlerts(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.worker.alertAfterMs);
    return inTransaction(this.ds, async (m) => {
      const rows = await m.createQueryBuilder(OutboxEntity, 'o')
        .where('o.status IN (:...open) AND o.createdAt <= :cutoff AND o.alertedAt IS NULL AND o.schoolId IS NOT NULL', { open: ['pending', 'sending'], cutoff })
        .limit(200)
        .getMany();
      for (const row of rows) {
        const minutes = Math.round(this.config.worker.alertAfterMs / 60_000);
        await this.alert(m, row, 'delivery.undelivered', `已超过 ${minutes} 分钟仍未送达（${row.lastError ? row.lastError.slice(0, 80) : '等待发送'}）`);
      }
      if (rows.length) {
        await m.createQueryBuilder().update(OutboxEntity).set({ alertedAt: this.clock.now() })
          .where('id IN (:...ids)', { ids: rows.map((r) => r.id) }).execute();
      }
      return rows.length;
    });
  }
}

class ClaimRace extends Error {}

/**
 * Collects ids while writes are running and writes them together next: one statement per group, not per
 * row. Up to `parallel` groups are written at once (MariaDB commits them together; SQLite has one writer).
 */
export class GroupCommit {
  private waiting: { id: string; done: () => void; failed: (e: unknown) => void }[] = [];
  private writing = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** Ids added and not yet written. */
  outstanding = 0;

  constructor(private readonly write: (ids: string[]) => Promise<void>, private readonly parallel = 1) {}

  add(id: string): Promise<void> {
    return new Promise((done, failed) => {
      this.outstanding++;
      this.waiting.push({ id, done, failed });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing >= this.parallel || this.waiting.length === 0) return;
    this.scheduled = true;
    // Let the other answers that arrive in this turn of the event loop join the group.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0);
    if (group.length === 0) return this.settle();
    this.writing++;
    try {
      await this.write(group.map((g) => g.id));
      for (const g of group) g.done();
    } catch (e) {
      for (const g of group) g.failed(e);
    }
    this.writing--;
    this.outstanding -= group.length;
    this.schedule();
    this.settle();
  }

  private settle(): void {
    if (this.writing === 0 && this.waiting.length === 0 && !this.scheduled) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once every added id has been written (or has failed). */
  idle(): Promise<void> {
    if (this.writing === 0 && this.waiting.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}

function channelName(row: OutboxEntity): string {
  return row.channel === 'wecom_robot' ? '企业微信群机器人' : '微信订阅消息';
}

/** Dedupe key of the fallback copy for the next person in a chain (kept within the column's 191 characters). */
export function chainKey(dedupeKey: string, userId: string): string {
  const key = `${dedupeKey}|to:${userId}`;
  return key.length <= 191 ? key : `h:${createHash('sha256').update(key).digest('hex')}|to:${userId}`;
}

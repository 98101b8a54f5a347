import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { UserEntity } from '../../features/identity/user.entity';
import { RobotRateLimiter } from '../wechat/robot-rate-limiter';
import { shapeTemplateData, TemplateValueError } from '../wechat/template-values';
import { templateId, templateValues } from '../wechat/templates';
import { PERMANENT_ERRCODES, TEMPLATE_DATA_ERROR, WechatApiError } from '../wechat/wechat-api.errors';
import { WechatClient } from '../wechat/wechat.client';
import { WecomRobotClient } from '../wechat/wecom-robot.client';
import { deadWorkersHoldingRows, type DeliveryStats } from '../worker/worker-heartbeats';
import { DELIVERY_ALERT_TEMPLATE, DELIVERY_RESOLVED_TEMPLATE, DeliveryAlertRaiser } from './delivery-alert-raiser';
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
 * Delivers outbox rows. A worker holds at most `concurrency` rows at a time: it claims a row only for a free
 * lane (SELECT … FOR UPDATE SKIP LOCKED under READ COMMITTED on MariaDB/MySQL; the single writer on SQLite),
 * marks it `sending` with a lease (`locked_until`, also written to `next_attempt_at`), sends it, and frees the
 * lane only once the outcome is committed. So a `sending` row is one that is truly in flight: after a crash only
 * those (at most `concurrency` per worker) can reach WeChat twice, since `subscribe/send` has no idempotency key
 * and every re-send reaches a person. A dead worker's rows (its heartbeat stopped) are taken over at once; the
 * lease is the backstop for a worker without a heartbeat. Any number of workers may run at once.
 */
@Injectable()
export class OutboxDispatcher {
  readonly workerId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** This worker's recent WeChat/WeCom results; the heartbeat writes them to the database for /api/health. */
  readonly stats: DeliveryStats = { failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null };
  private readonly limiter: RobotRateLimiter;
  private dead: { checkedAt: number; ids: string[] } = { checkedAt: -Infinity, ids: [] };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly wechat: WechatClient,
    private readonly robots: WecomRobotClient,
    private readonly outbox: OutboxService,
    private readonly alerts: DeliveryAlertRaiser,
  ) {
    this.limiter = new RobotRateLimiter(config.wechat.robotPerMinute);
  }

  /** One batch: delivers up to `batchSize` due rows (`concurrency` at a time). Returns how many rows were claimed. */
  runOnce(): Promise<number> {
    return this.pump(this.config.worker.batchSize);
  }

  /** Delivers until nothing is due (or `maxRows` rows were handled). Returns rows handled. */
  async drain(maxRows = Number.MAX_SAFE_INTEGER): Promise<number> {
    let total = 0;
    // Another round picks up rows that became due meanwhile (fallback copies, rows of a dead worker).
    while (total < maxRows) {
      const n = await this.pump(maxRows - total);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * `concurrency` lanes. A lane is held from the claim of its row until the row's outcome is committed; a claim
   * asks for as many rows as there are free lanes. On MariaDB/MySQL two claims may run at once (SKIP LOCKED keeps
   * them apart), so lanes freed during one claim are filled by the next without waiting; SQLite has one writer.
   * Stops claiming when a claim comes back short.
   */
  private async pump(maxRows: number): Promise<number> {
    const lanes = this.config.worker.concurrency;
    const parallelClaims = this.ds.options.type === 'better-sqlite3' ? 1 : 2;
    const openids = new Map<string, string>();
    const sent = this.sentRecorder();
    const running = new Set<Promise<void>>();
    let held = 0; // lanes taken: rows claimed and not yet recorded, plus the rows claims in progress asked for
    let claims = 0;
    let total = 0;
    let exhausted = false;
    let changed: (() => void) | null = null;
    const notify = () => {
      const wake = changed;
      changed = null;
      wake?.();
    };
    const track = (p: Promise<void>) => {
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    const handle = async (row: OutboxEntity) => {
      try {
        const outcome = await this.send(row, openids);
        this.note(outcome);
        if (outcome.kind === 'sent') await sent.add(row);
        else await this.record(row, outcome);
      } catch (e) {
        // The outcome could not be written (database gone): the row stays `sending` and comes back with its lease.
        this.log.error({ err: e, outboxId: row.id }, 'outbox outcome not recorded');
      } finally {
        held--;
        notify();
      }
    };
    const claimInto = async (want: number) => {
      let rows: OutboxEntity[] = [];
      try {
        rows = await this.claim(want);
      } catch (e) {
        // The database refused this claim (deadlock, connection lost): stop claiming; the next tick tries again.
        this.log.error({ err: e }, 'outbox claim failed');
      }
      if (rows.length) {
        try {
          await this.lookUpOpenids(rows, openids);
        } catch (e) {
          // Without openids they cannot be sent (nor failed: the recipients may be fine): they wait for their lease.
          this.log.error({ err: e, rows: rows.length }, 'outbox recipients not read');
          rows = [];
        }
      }
      if (rows.length < want) exhausted = true;
      held -= want - rows.length;
      total -= want - rows.length;
      for (const row of rows) track(handle(row));
      claims--;
      notify();
    };
    // While sends are in flight, wait until a quarter of the lanes are free before claiming: fewer, larger claims
    // (a claim is a transaction of several round trips), at the cost of a lane idling for a moment.
    const minClaim = Math.max(1, Math.ceil(lanes / 4));
    for (;;) {
      while (!exhausted && claims < parallelClaims && lanes - held >= (held === 0 ? 1 : Math.min(minClaim, maxRows - total)) && total < maxRows) {
        const want = Math.min(lanes - held, maxRows - total);
        held += want;
        total += want; // corrected below by what the claim returns
        claims++;
        track(claimInto(want).then(() => undefined));
      }
      if (held === 0 && claims === 0) break;
      await new Promise<void>((r) => (changed = r));
    }
    await Promise.all(running);
    await sent.idle();
    return total;
  }

  /** Counts retryable failures in a row (WeChat busy or down); any delivery resets the streak. */
  private note(outcome: Outcome): void {
    if (outcome.kind === 'sent') {
      this.stats.failureStreak = 0;
      this.stats.lastSuccessAt = this.clock.now();
    } else if (outcome.kind === 'retry') {
      this.stats.failureStreak++;
      this.stats.lastFailureAt = this.clock.now();
      this.stats.lastError = outcome.error;
    }
  }

  /**
   * Dead workers still holding rows, re-read at most every half heartbeat interval (and at most every second): the
   * claim runs once per freed lane, the heartbeat table changes every few seconds.
   */
  private async deadWorkers(): Promise<string[]> {
    const now = this.clock.now();
    if (now.getTime() - this.dead.checkedAt < Math.min(1000, this.config.worker.heartbeatMs / 2)) return this.dead.ids;
    const ids = (await deadWorkersHoldingRows(this.ds.manager, now, this.config.worker.heartbeatMs)).filter((id) => id !== this.workerId);
    this.dead = { checkedAt: now.getTime(), ids };
    return ids;
  }

  private async claim(limit: number): Promise<OutboxEntity[]> {
    const sqlite = this.ds.options.type === 'better-sqlite3';
    const dead = await this.deadWorkers();
    try {
      return await inTransaction(this.ds, async (m) => {
        const now = this.clock.now();
        const pending = await this.lockDue(m, sqlite, limit, (qb) => qb.where('o.status = :pending AND o.nextAttemptAt <= :now', { pending: 'pending', now }));
        // Rows in flight at a worker that died: at once if its heartbeat stopped, else when their lease lapses.
        // Each may have reached WeChat already; it is sent again (at most once more per crash).
        const orphaned = pending.length >= limit ? [] : await this.lockDue(m, sqlite, limit - pending.length, (qb) => qb
          .where('o.status = :sending', { sending: 'sending' })
          .andWhere(dead.length ? '(o.nextAttemptAt <= :now OR o.lockedBy IN (:...dead))' : 'o.nextAttemptAt <= :now', { now, dead }));
        if (pending.length + orphaned.length === 0) return [];
        const until = new Date(now.getTime() + this.config.worker.leaseMs);
        const take = async (rows: OutboxEntity[], guard: string) => {
          if (rows.length === 0) return;
          const result = await m.createQueryBuilder().update(OutboxEntity)
            .set({ status: 'sending', lockedBy: this.workerId, lockedUntil: until, nextAttemptAt: until, attempts: () => 'attempts + 1' })
            .where(`id IN (:...ids) AND ${guard}`, { ids: rows.map((r) => r.id), now, dead })
            .execute();
          if (result.affected !== rows.length) throw new ClaimRace();
        };
        await take(pending, `status = 'pending' AND next_attempt_at <= :now`);
        await take(orphaned, `status = 'sending' AND ${dead.length ? '(next_attempt_at <= :now OR locked_by IN (:...dead))' : 'next_attempt_at <= :now'}`);
        const rows = [...pending, ...orphaned];
        if (orphaned.length) this.log.warn({ rows: orphaned.length, from: [...new Set(orphaned.map((r) => r.lockedBy))] }, 'outbox rows of a dead worker taken over');
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

  private lockDue(
    m: EntityManager, sqlite: boolean, n: number,
    filter: (qb: ReturnType<EntityManager['createQueryBuilder']>) => ReturnType<EntityManager['createQueryBuilder']>,
  ): Promise<OutboxEntity[]> {
    const qb = filter(m.createQueryBuilder(OutboxEntity, 'o')).orderBy('o.nextAttemptAt', 'ASC').limit(n);
    if (!sqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return qb.getMany() as Promise<OutboxEntity[]>;
  }

  /** Adds the openids of recipients not looked up yet in this pump. */
  private async lookUpOpenids(rows: OutboxEntity[], openids: Map<string, string>): Promise<void> {
    const missing = rows.filter((r) => r.recipientUserId && !openids.has(r.recipientUserId));
    if (missing.length === 0) return;
    for (const [k, v] of await this.openidsOf(missing)) openids.set(k, v);
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

  private sentRecorder(): GroupCommit<OutboxEntity> {
    return new GroupCommit<OutboxEntity>((rows) => this.recordSent(rows), this.ds.options.type === 'better-sqlite3' ? 1 : 4);
  }

  /**
   * Marks sent rows in one statement (group commit of the rows whose sends finished together; a lane stays held
   * until its row's group is written). Written as SQL with the driver's own parameter conversion (the same values
   * the query builder would bind): it runs once per group on the hot path, and skips the query builder's per-call
   * statement assembly, which showed in the profile. A row that raised a "late" alert meanwhile is left out and
   * recorded with its alert resolved, in one transaction.
   */
  private async recordSent(rows: OutboxEntity[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    const now = this.clock.now();
    // locked_by stays: it records which worker sent the row.
    const [sql, params] = this.ds.driver.escapeQueryWithParameters(
      `UPDATE outbox SET status = 'sent', sent_at = :now, last_error = NULL, locked_until = NULL
        WHERE id IN (:...ids) AND locked_by = :me AND status = 'sending' AND alerted_at IS NULL`,
      { now, ids, me: this.workerId },
      {},
    );
    const update = async (m: EntityManager) => {
      const qr = m.queryRunner ?? this.ds.createQueryRunner();
      try {
        return (await qr.query(sql, params, true)).affected ?? 0;
      } finally {
        if (!m.queryRunner) await qr.release();
      }
    };
    // One statement is atomic by itself; on MariaDB/MySQL it runs without the round trips of an explicit
    // transaction. SQLite's one shared connection still needs the transaction queue.
    const affected = this.ds.options.type === 'better-sqlite3' ? await inTransaction(this.ds, update) : await update(this.ds.manager);
    if (affected < rows.length) await this.recordSentAlerted(rows, now);
  }

  /** The rows of a group that were alerted as late while in flight: sent, and their alerts resolved with them. */
  private async recordSentAlerted(rows: OutboxEntity[], now: Date): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const mine = await m.createQueryBuilder(OutboxEntity, 'o').select(['o.id', 'o.title'])
        .where(`o.id IN (:...ids) AND o.lockedBy = :me AND o.status = 'sending'`, { ids: rows.map((r) => r.id), me: this.workerId })
        .getMany();
      if (mine.length === 0) return;
      await m.createQueryBuilder().update(OutboxEntity).set({ status: 'sent', sentAt: now, lastError: null, lockedUntil: null })
        .where(`id IN (:...ids) AND locked_by = :me AND status = 'sending'`, { ids: mine.map((r) => r.id), me: this.workerId })
        .execute();
      await this.alerts.resolveDelivered(m, mine);
    });
  }

  private async record(row: OutboxEntity, outcome: Exclude<Outcome, { kind: 'sent' }>): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const guard = (set: Partial<OutboxEntity>) => m.createQueryBuilder().update(OutboxEntity).set(set as any)
        .where('id = :id AND locked_by = :me AND status = :sending', { id: row.id, me: this.workerId, sending: 'sending' })
        .execute();
      const release = { lockedBy: null, lockedUntil: null };
      switch (outcome.kind) {
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
      await this.alerts.raise(m, row, 'delivery.dead', `多次重试后仍未能通过${channelName(row)}送达（${error.slice(0, 80)}）`);
    }
    const fallback: OutboxFallback | null = row.fallback;
    if (!fallback || fallback.kind === 'inbox_only') return;
    if (fallback.kind === 'alert_admins') {
      await this.alerts.raise(m, row, 'delivery.failed', `未能通过${channelName(row)}送达（${error.slice(0, 80)}）`, fallback.schoolId);
      return;
    }
    const [next, ...rest] = fallback.userIds;
    if (!next) {
      if (row.schoolId) await this.alerts.raise(m, row, 'delivery.failed', `未能送达任何接收人（${error.slice(0, 80)}）`);
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

  /**
   * Rows still undelivered `alertAfterMs` after they were enqueued: one alert each, and a message about it to the
   * school's admins. The rows are locked while they are alerted, so a send that completes meanwhile either
   * commits first (the row is no longer open) or sees `alerted_at` and resolves the alert it raised.
   */
  async raiseLateAlerts(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.worker.alertAfterMs);
    return inTransaction(this.ds, async (m) => {
      const qb = m.createQueryBuilder(OutboxEntity, 'o')
        .where('o.status IN (:...open) AND o.createdAt <= :cutoff AND o.alertedAt IS NULL AND o.schoolId IS NOT NULL', { open: ['pending', 'sending'], cutoff })
        .andWhere('o.template NOT IN (:...quiet)', { quiet: [DELIVERY_ALERT_TEMPLATE, DELIVERY_RESOLVED_TEMPLATE] })
        .limit(200);
      if (this.ds.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
      const rows = await qb.getMany();
      for (const row of rows) {
        const minutes = Math.round(this.config.worker.alertAfterMs / 60_000);
        await this.alerts.raise(m, row, 'delivery.undelivered', `已超过 ${minutes} 分钟仍未送达（${row.lastError ? row.lastError.slice(0, 80) : '等待发送'}）`);
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
 * Collects items while writes are running and writes them together next: one statement per group, not per
 * row. Up to `parallel` groups are written at once (MariaDB commits them together; SQLite has one writer).
 * `add` resolves when the item's group is written, so a caller that waits holds nothing unrecorded behind a timer.
 */
export class GroupCommit<T = string> {
  private waiting: { item: T; done: () => void; failed: (e: unknown) => void }[] = [];
  private writing = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** Items added and not yet written. */
  outstanding = 0;

  constructor(private readonly write: (items: T[]) => Promise<void>, private readonly parallel = 1) {}

  add(item: T): Promise<void> {
    return new Promise((done, failed) => {
      this.outstanding++;
      this.waiting.push({ item, done, failed });
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
      await this.write(group.map((g) => g.item));
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

  /** Resolves once every added item has been written (or has failed). */
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

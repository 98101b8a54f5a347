import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { DELIVERY_REASON_LABELS, type DeliveryReason } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { SubscriptionCredits, TIP_ALERT_KIND } from '../subscriptions/subscription-credits.service';
import { backoffDelayMs } from './backoff';
import { ContactReachAlerts } from './contact-reach-alerts';
import { DeliveryAlertRaiser } from './delivery-alert-raiser';
import { GroupCommit } from './group-commit';
import { OutboxEntity } from './outbox.entity';
import type { InboxOnly, SendOutcome } from './outbox-send';
import { OutboxService } from './outbox.service';
import { OutboxSentHooks } from './outbox-sent-hooks';

/** How a finished row ended: `delivered_via` and `delivery_reason` (robot rows have no inbox copy: undelivered). */
function ended(row: OutboxEntity, reason: DeliveryReason): Pick<OutboxEntity, 'deliveredVia' | 'deliveryReason'> {
  // Robot, SMS and voice rows have no inbox copy.
  const noInbox = row.channel === 'wecom_robot' || row.channel === 'sms' || row.channel === 'voice';
  return { deliveredVia: noInbox ? 'undelivered' : 'inbox_only', deliveryReason: reason };
}

const VIA_SENT = `CASE WHEN channel IN ('wecom_robot', 'sms', 'voice') THEN channel ELSE 'wechat' END`;
const REASON_SENT = `CASE WHEN channel IN ('wecom_robot', 'sms', 'voice') THEN NULL ELSE credit END`;

/**
 * Recording what became of each row, always guarded by "still `sending` and ours" so a row taken over by another
 * worker is never recorded twice: sent (grouped, one statement per group), inbox-only (decided at the claim, no
 * WeChat call), retry later, failed, dead. A finished row gets its outcome (`delivered_via`, `delivery_reason`) and
 * its sender's fallback runs in the same transaction. Credits: a one-time credit goes back to the recipient only
 * when the send provably did not happen; WeChat's 43101 turns the recipient's credits for the template off.
 */
@Injectable()
export class OutboxOutcomes {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly alerts: DeliveryAlertRaiser,
    private readonly credits: SubscriptionCredits,
    private readonly contactReach: ContactReachAlerts,
    private readonly sentHooks: OutboxSentHooks,
  ) {}

  /** The sent rows of one pump, written in groups (a lane stays held until its row's group is written). */
  sentRecorder(workerId: string): GroupCommit<OutboxEntity> {
    return new GroupCommit<OutboxEntity>((rows) => this.recordSent(workerId, rows), this.ds.options.type === 'better-sqlite3' ? 1 : 4);
  }

  /**
   * Marks sent rows in one statement: delivered by WeChat with the consent the row held, or by a robot. Written as
   * SQL with the driver's own parameter conversion (the same values the query builder would bind): it runs once per
   * group on the hot path, and skips the query builder's per-call statement assembly, which showed in the profile. A
   * row that raised a "late" alert meanwhile is left out and recorded with its alert resolved, in one transaction.
   */
  private async recordSent(workerId: string, rows: OutboxEntity[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    const now = this.clock.now();
    // locked_by stays: it records which worker sent the row.
    const [sql, params] = this.ds.driver.escapeQueryWithParameters(
      `UPDATE outbox SET status = 'sent', sent_at = :now, last_error = NULL, locked_until = NULL,
          delivered_via = ${VIA_SENT}, delivery_reason = ${REASON_SENT}
        WHERE id IN (:...ids) AND locked_by = :me AND status = 'sending' AND alerted_at IS NULL`,
      { now, ids, me: workerId },
      {},
    );
    // The senders' hooks (OutboxSentHooks) run in the same transaction, with the keys of the rows of this group.
    const affected = await inTransaction(this.ds, async (m) => {
      const n = (await m.queryRunner!.query(sql, params, true)).affected ?? 0;
      if (n) await this.sentHooks.sent(m, rows.map((r) => r.dedupeKey));
      return n;
    });
    if (affected < rows.length) await this.recordSentAlerted(workerId, rows, now);
  }

  /** The rows of a group that were alerted as late while in flight: sent, and their alerts resolved with them. */
  private async recordSentAlerted(workerId: string, rows: OutboxEntity[], now: Date): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const mine = await m.createQueryBuilder(OutboxEntity, 'o').select(['o.id', 'o.title', 'o.dedupeKey'])
        .where(`o.id IN (:...ids) AND o.lockedBy = :me AND o.status = 'sending'`, { ids: rows.map((r) => r.id), me: workerId })
        .getMany();
      if (mine.length === 0) return;
      await m.createQueryBuilder().update(OutboxEntity)
        .set({ status: 'sent', sentAt: now, lastError: null, lockedUntil: null, deliveredVia: () => VIA_SENT, deliveryReason: () => REASON_SENT })
        .where(`id IN (:...ids) AND locked_by = :me AND status = 'sending'`, { ids: mine.map((r) => r.id), me: workerId })
        .execute();
      await this.alerts.resolveDelivered(m, mine);
      await this.sentHooks.sent(m, mine.map((r) => r.dedupeKey));
    });
  }

  /**
   * In the claim transaction: rows that will not go to WeChat (no consent, no account, no template) are finished at
   * once as inbox-only (the inbox copy was written when they were enqueued) and their fallback runs.
   */
  async settleInboxOnly(m: EntityManager, workerId: string, items: InboxOnly[]): Promise<void> {
    for (const { row, reason } of items) {
      const res = await this.guarded(m, workerId, row, { status: 'failed', lastError: null, lockedBy: null, lockedUntil: null, ...ended(row, reason) });
      if (res !== 1) continue;
      await this.afterFailure(m, row, DELIVERY_REASON_LABELS[reason]);
    }
    if (items.length) this.log.debug({ rows: items.length, reasons: countBy(items.map((i) => i.reason)) }, 'outbox messages kept in the inbox only');
  }

  /** A send that did not go through: retried later, or finished (failed, dead) with its fallback. */
  async record(workerId: string, row: OutboxEntity, outcome: Exclude<SendOutcome, { kind: 'sent' }>): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const release = { lockedBy: null, lockedUntil: null };
      if (outcome.kind === 'deferred') {
        // The robot's minute is full: wait for a slot; this was not an attempt.
        await this.guarded(m, workerId, row, { status: 'pending', nextAttemptAt: new Date(now.getTime() + Math.max(0, outcome.untilMs)), attempts: row.attempts - 1, ...release });
        return;
      }
      // Only a send that provably did not happen gives its consent back; the next attempt reserves again.
      const giveBack = outcome.unsent && row.credit !== null;
      const credit = giveBack ? { credit: null } : {};
      if (outcome.kind === 'retry') {
        if (row.attempts >= this.config.worker.maxAttempts) {
          if (await this.guarded(m, workerId, row, { status: 'dead', lastError: outcome.error, ...release, ...credit, ...ended(row, 'retries_exhausted') }) !== 1) return;
          if (giveBack) await this.giveBack(m, row);
          this.log.warn({ outboxId: row.id, template: row.template, error: outcome.error }, 'outbox message dead after its last attempt, running fallback');
          await this.alerts.raise(m, row, 'delivery.dead', `多次重试后仍未能通过${channelName(row)}送达（${outcome.error.slice(0, 80)}）`);
          await this.afterFailure(m, row, outcome.error);
          return;
        }
        const delay = Math.max(outcome.minDelayMs ?? 0, backoffDelayMs(row.attempts, this.config.worker.backoffBaseMs));
        if (await this.guarded(m, workerId, row, { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay), lastError: outcome.error, ...release, ...credit }) !== 1) return;
        if (giveBack) await this.giveBack(m, row);
        this.log.warn({ outboxId: row.id, attempts: row.attempts, error: outcome.error, delayMs: delay }, 'outbox send failed, will retry');
        return;
      }
      if (await this.guarded(m, workerId, row, { status: 'failed', lastError: outcome.error, ...release, ...credit, ...ended(row, outcome.reason) }) !== 1) return;
      if (giveBack) await this.giveBack(m, row);
      if (outcome.reason === 'wechat_refused' && row.recipientUserId) {
        // WeChat holds no credit for this user and template, whatever we counted: ours go to zero, long-term off.
        await this.credits.refusedBySend(m, row.recipientUserId, row.template);
        if (row.template === TIP_ALERT_KIND && row.schoolId) await this.contactReach.checkRecipient(m, row.schoolId, row.recipientUserId);
      }
      this.log.warn({ outboxId: row.id, template: row.template, error: outcome.error }, 'outbox message undeliverable, running fallback');
      await this.afterFailure(m, row, outcome.error);
    });
  }

  /** Updates the row only while this worker still holds it; the number of rows changed (0 or 1). */
  private async guarded(m: EntityManager, workerId: string, row: OutboxEntity, set: Partial<OutboxEntity>): Promise<number> {
    const res = await m.createQueryBuilder().update(OutboxEntity).set(set as any)
      .where('id = :id AND locked_by = :me AND status = :sending', { id: row.id, me: workerId, sending: 'sending' })
      .execute();
    return res.affected ?? 0;
  }

  /** The one-time credit a send that never happened had reserved goes back to its recipient. */
  private async giveBack(m: EntityManager, row: OutboxEntity): Promise<void> {
    if (row.credit !== 'one_time' || !row.recipientUserId) return;
    await this.credits.refund(m, row.recipientUserId, row.template, 'one_time');
    if (row.template === TIP_ALERT_KIND && row.schoolId) await this.contactReach.checkRecipient(m, row.schoolId, row.recipientUserId);
  }

  /** A message that will never arrive on its channel: the sender's fallback runs, in the same transaction. */
  private async afterFailure(m: EntityManager, row: OutboxEntity, problem: string): Promise<void> {
    const fallback = row.fallback;
    if (!fallback || fallback.kind === 'inbox_only') return;
    if (fallback.kind === 'alert_admins') {
      await this.alerts.raise(m, row, 'delivery.failed', `未能通过${channelName(row)}送达（${problem.slice(0, 80)}）`, fallback.schoolId);
      return;
    }
    const [next, ...rest] = fallback.userIds;
    if (!next) {
      if (row.schoolId) await this.alerts.raise(m, row, 'delivery.failed', `未能通过微信送达任何接收人（${problem.slice(0, 80)}）`);
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
}

function channelName(row: OutboxEntity): string {
  if (row.channel === 'sms') return '短信';
  if (row.channel === 'voice') return '语音电话';
  return row.channel === 'wecom_robot' ? '企业微信群机器人' : '微信订阅消息';
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Dedupe key of the fallback copy for the next person in a chain (kept within the column's 191 characters). */
export function chainKey(dedupeKey: string, userId: string): string {
  const key = `${dedupeKey}|to:${userId}`;
  return key.length <= 191 ? key : `h:${createHash('sha256').update(key).digest('hex')}|to:${userId}`;
}

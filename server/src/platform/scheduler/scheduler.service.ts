import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { backoffDelayMs } from '../outbox/backoff';
import { ScheduledActionEntity } from './scheduled-action.entity';
import type { DeadlineScheduler, DueAction, ScheduledAction, ScheduledActionHandler } from './scheduler.types';

/** After this many failed handler runs an action stops being retried (status 'failed'). */
export const MAX_ACTION_ATTEMPTS = 10;

/**
 * Deadlines: "do `action` for `subject` at `dueAt`". The worker calls `fireDue()`; each due action is
 * claimed by one worker only (SKIP LOCKED on MariaDB/MySQL; a guarded UPDATE on SQLite) and its handler
 * runs in the same transaction that marks it fired, so it fires exactly once or is retried whole.
 */
@Injectable()
export class SchedulerService implements DeadlineScheduler {
  private readonly handlers = new Map<string, ScheduledActionHandler>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
  ) {}

  /**
   * Schedules an action (no-op when a pending or fired action has the same dedupe key). A cancelled
   * action scheduled again with the same key is pending again, at the new time.
   */
  async schedule(m: EntityManager, action: ScheduledAction): Promise<void> {
    if (!action.dedupeKey || action.dedupeKey.length > 191) throw new Error('scheduler: dedupeKey must be 1–191 characters');
    const now = this.clock.now();
    await insertOrIgnore(m, ScheduledActionEntity, {
      id: randomUUID(),
      action: action.action,
      subjectType: action.subjectType,
      subjectId: action.subjectId,
      schoolId: action.schoolId,
      dueAt: action.dueAt,
      nextAttemptAt: action.dueAt,
      payload: (action.payload ?? null) as any,
      dedupeKey: action.dedupeKey,
      status: 'pending',
      firedAt: null,
      attempts: 0,
      lastError: null,
      createdAt: now,
    });
    await m.createQueryBuilder().update(ScheduledActionEntity)
      .set({ status: 'pending', dueAt: action.dueAt, nextAttemptAt: action.dueAt, payload: (action.payload ?? null) as any, attempts: 0, lastError: null })
      .where('dedupe_key = :key AND status = :cancelled', { key: action.dedupeKey, cancelled: 'cancelled' })
      .execute();
  }

  async cancel(m: EntityManager, subjectType: string, subjectId: string, action?: string): Promise<void> {
    const qb = m.createQueryBuilder().update(ScheduledActionEntity).set({ status: 'cancelled' })
      .where('subject_type = :subjectType AND subject_id = :subjectId AND status = :pending', { subjectType, subjectId, pending: 'pending' });
    if (action) qb.andWhere('action = :action', { action });
    await qb.execute();
  }

  registerHandler(action: string, handler: ScheduledActionHandler): void {
    if (this.handlers.has(action)) throw new Error(`scheduler: a handler for ${action} is already registered`);
    this.handlers.set(action, handler);
  }

  /** Fires due actions one transaction each, at most `limit`; returns how many fired. Safe to run on many workers at once. */
  async fireDue(limit = 100): Promise<number> {
    let fired = 0;
    for (let i = 0; i < limit; i++) {
      const outcome = await this.fireOne();
      if (outcome === 'none') break;
      if (outcome === 'fired') fired++;
    }
    return fired;
  }

  /** Claims one due action and runs it. 'failed': its handler threw (pushed back) or another worker took it first. */
  private async fireOne(): Promise<'none' | 'fired' | 'failed'> {
    const sqlite = this.ds.options.type === 'better-sqlite3';
    let claimed: ScheduledActionEntity | null = null;
    try {
      const outcome = await inTransaction(this.ds, async (m): Promise<'none' | 'fired' | 'skipped'> => {
        const now = this.clock.now();
        const qb = m.createQueryBuilder(ScheduledActionEntity, 'a')
          .where('a.status = :pending AND a.nextAttemptAt <= :now', { pending: 'pending', now })
          .orderBy('a.nextAttemptAt', 'ASC')
          .limit(1);
        if (!sqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
        const row = await qb.getOne();
        if (!row) return 'none';
        claimed = row;
        // The guard makes a second claimer (another process on the same SQLite file) a no-op.
        const marked = await m.createQueryBuilder().update(ScheduledActionEntity)
          .set({ status: 'fired', firedAt: now, attempts: () => 'attempts + 1' })
          .where('id = :id AND status = :pending', { id: row.id, pending: 'pending' })
          .execute();
        if (marked.affected !== 1) return 'skipped';
        const handler = this.handlers.get(row.action);
        if (!handler) throw new Error(`no handler registered for action ${row.action}`);
        await handler(m, toDueAction(row));
        return 'fired';
      });
      return outcome === 'skipped' ? 'failed' : outcome;
    } catch (e) {
      if (!claimed) throw e;
      await this.recordFailure(claimed, e as Error);
      return 'failed';
    }
  }

  private async recordFailure(row: ScheduledActionEntity, error: Error): Promise<void> {
    const attempts = row.attempts + 1;
    const now = this.clock.now();
    const giveUp = attempts >= MAX_ACTION_ATTEMPTS;
    this.log.error({ action: row.action, actionId: row.id, attempts, err: error.message }, giveUp ? 'scheduled action failed for good' : 'scheduled action failed, will retry');
    await inTransaction(this.ds, (m) => m.createQueryBuilder().update(ScheduledActionEntity)
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        lastError: error.message.slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, this.config.worker.backoffBaseMs)),
      })
      .where('id = :id AND status = :pending', { id: row.id, pending: 'pending' })
      .execute());
  }
}

function toDueAction(row: ScheduledActionEntity): DueAction {
  return {
    id: row.id, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId, schoolId: row.schoolId,
    dueAt: new Date(row.dueAt), payload: row.payload ?? undefined, dedupeKey: row.dedupeKey,
  };
}

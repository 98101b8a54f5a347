import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { deadWorkersHoldingRows } from '../worker/worker-heartbeats';
import { OutboxEntity } from './outbox.entity';
import { OutboxOutcomes } from './outbox-outcomes';
import { OutboxSender, type ToSend } from './outbox-send';

/** One claim: the rows to send now, and how many claimed rows were finished inside it (inbox-only). */
export interface Claim {
  send: ToSend[];
  settled: number;
}

class ClaimRace extends Error {}

/**
 * Claiming due rows for a worker, in one transaction: due `pending` rows, then rows in flight at a worker that died
 * (at once if its heartbeat stopped, else when their lease lapses; each may have reached WeChat already and is sent
 * again, at most once more per crash). On MariaDB/MySQL `SELECT … FOR UPDATE SKIP LOCKED` under READ COMMITTED keeps
 * concurrent claims apart; SQLite has one writer. Claimed rows become `sending` with a lease (`locked_until`, also
 * written to `next_attempt_at`). In the same transaction the sender reserves subscription consent for them, and the
 * rows that will not reach WeChat are finished as inbox-only, so no lane waits for them.
 */
@Injectable()
export class OutboxClaimer {
  private dead: { checkedAt: number; ids: string[] } = { checkedAt: -Infinity, ids: [] };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly sender: OutboxSender,
    private readonly outcomes: OutboxOutcomes,
  ) {}

  async claim(workerId: string, limit: number): Promise<Claim> {
    const sqlite = this.ds.options.type === 'better-sqlite3';
    const dead = await this.deadWorkers(workerId);
    try {
      return await inTransaction(this.ds, async (m) => {
        const now = this.clock.now();
        const pending = await this.lockDue(m, sqlite, limit, (qb) => qb.where('o.status = :pending AND o.nextAttemptAt <= :now', { pending: 'pending', now }));
        const orphaned = pending.length >= limit ? [] : await this.lockDue(m, sqlite, limit - pending.length, (qb) => qb
          .where('o.status = :sending', { sending: 'sending' })
          .andWhere(dead.length ? '(o.nextAttemptAt <= :now OR o.lockedBy IN (:...dead))' : 'o.nextAttemptAt <= :now', { now, dead }));
        if (pending.length + orphaned.length === 0) return { send: [], settled: 0 };
        const until = new Date(now.getTime() + this.config.worker.leaseMs);
        const take = async (rows: OutboxEntity[], guard: string) => {
          if (rows.length === 0) return;
          const result = await m.createQueryBuilder().update(OutboxEntity)
            .set({ status: 'sending', lockedBy: workerId, lockedUntil: until, nextAttemptAt: until, attempts: () => 'attempts + 1' })
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
          r.lockedBy = workerId;
          r.status = 'sending';
        }
        const { send, inboxOnly } = await this.sender.admit(m, rows);
        await this.outcomes.settleInboxOnly(m, workerId, inboxOnly);
        return { send, settled: inboxOnly.length };
      });
    } catch (e) {
      // Another process on the same SQLite file claimed first (or SQLITE_BUSY): nothing is ours this round.
      if (e instanceof ClaimRace || (sqlite && /SQLITE_BUSY/.test(String((e as Error).message ?? e)))) return { send: [], settled: 0 };
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

  /**
   * Dead workers still holding rows, re-read at most every half heartbeat interval (and at most every second): the
   * claim runs once per freed lane, the heartbeat table changes every few seconds.
   */
  private async deadWorkers(workerId: string): Promise<string[]> {
    const now = this.clock.now();
    if (now.getTime() - this.dead.checkedAt < Math.min(1000, this.config.worker.heartbeatMs / 2)) return this.dead.ids;
    const ids = (await deadWorkersHoldingRows(this.ds.manager, now, this.config.worker.heartbeatMs)).filter((id) => id !== workerId);
    this.dead = { checkedAt: now.getTime(), ids };
    return ids;
  }
}

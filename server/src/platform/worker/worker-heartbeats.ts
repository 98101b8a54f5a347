import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

/** A worker that has not beaten for this many intervals is dead: its claimed rows are taken over at once. */
const MISSED_BEATS = 3;

/** Heartbeat rows of workers gone for this long are deleted (their leases ran out long before). */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** The one rule for "this worker is dead": its last beat is older than three heartbeat intervals. */
export function heartbeatDeadAfterMs(heartbeatMs: number): number {
  return MISSED_BEATS * heartbeatMs;
}

/** How a worker's WeChat/WeCom calls have gone lately; written with each beat. */
export interface DeliveryStats {
  failureStreak: number;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
}

/**
 * Ids of dead workers (no beat for three intervals) that still hold `sending` outbox rows. Their rows are
 * reclaimable without waiting for the lease. A worker that never wrote a heartbeat is not listed: its rows
 * come back when their lease lapses, as before.
 */
export async function deadWorkersHoldingRows(m: EntityManager, now: Date, heartbeatMs: number): Promise<string[]> {
  const cutoff = new Date(now.getTime() - heartbeatDeadAfterMs(heartbeatMs));
  const rows: { worker_id: string }[] = await m.createQueryBuilder()
    .select('h.worker_id', 'worker_id')
    .from(WorkerHeartbeatEntity, 'h')
    .where('h.beat_at < :cutoff', { cutoff })
    .andWhere(`EXISTS (SELECT 1 FROM outbox o WHERE o.status = 'sending' AND o.locked_by = h.worker_id)`)
    .getRawMany();
  return rows.map((r) => r.worker_id);
}

/** Heartbeats of workers alive now (beat within three intervals). */
export async function liveHeartbeats(m: EntityManager, now: Date, heartbeatMs: number): Promise<WorkerHeartbeatEntity[]> {
  const cutoff = new Date(now.getTime() - heartbeatDeadAfterMs(heartbeatMs));
  return m.createQueryBuilder(WorkerHeartbeatEntity, 'h').where('h.beatAt >= :cutoff', { cutoff }).getMany();
}

/** Writes and removes this process's worker heartbeat row. */
@Injectable()
export class WorkerHeartbeats {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly clock: Clock) {}

  /** Records that `workerId` is alive now, with its recent delivery results; forgets long-gone workers. */
  async beat(workerId: string, stats: DeliveryStats): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const values = {
        beatAt: now, failureStreak: stats.failureStreak, lastSuccessAt: stats.lastSuccessAt, lastFailureAt: stats.lastFailureAt,
        lastError: stats.lastError?.slice(0, 500) ?? null,
      };
      const res = await m.createQueryBuilder().update(WorkerHeartbeatEntity).set(values).where('worker_id = :workerId', { workerId }).execute();
      if (!res.affected) await insertOrIgnore(m, WorkerHeartbeatEntity, { workerId, startedAt: now, ...values });
      await m.delete(WorkerHeartbeatEntity, { beatAt: LessThan(new Date(now.getTime() - FORGET_AFTER_MS)) });
    });
  }

  /** A clean stop: the worker finished its rows, so nobody needs to wait for its beat to go stale. */
  async remove(workerId: string): Promise<void> {
    await inTransaction(this.ds, (m) => m.delete(WorkerHeartbeatEntity, { workerId }));
  }
}

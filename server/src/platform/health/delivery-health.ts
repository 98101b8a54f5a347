import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { OutboxEntity } from '../outbox/outbox.entity';
import { heartbeatDeadAfterMs, liveHeartbeats } from '../worker/worker-heartbeats';
import { WorkerHeartbeatEntity } from '../worker/worker-heartbeat.entity';

/** This many retryable WeChat/WeCom failures in a row, with no success since, mean delivery is failing. */
export const FAILING_STREAK = 3;
/** Failures older than this say nothing about now (retries back off to at most 10 minutes, so a live outage keeps failing within it). */
const EVIDENCE_WINDOW_MS = 10 * 60_000;

export interface DeliveryHealthReport {
  status: 'ok' | 'degraded';
  /** Workers whose heartbeat is fresh, in any process on this database. */
  workersAlive: number;
  /** The newest heartbeat of any worker on this database (ISO time), null when none has beaten in the last ten minutes. */
  lastHeartbeatAt: string | null;
  /** The newest WeChat/WeCom result across all workers is a failure, the latest of at least FAILING_STREAK in a row. */
  wechatFailing: boolean;
  /** Messages still undelivered ANXIN_OUTBOX_ALERT_MINUTES after they were enqueued. */
  lateMessages: number;
  /** Messages are due and no worker anywhere is alive to send them. */
  noWorker: boolean;
}

/**
 * Whether messages are going out, judged from the database so every instance answers the same: the workers'
 * heartbeat rows (fleet liveness and their recent WeChat results) and the outbox backlog. Recovers by itself:
 * one successful send ends a failure streak, and delivering the late messages clears the backlog.
 */
@Injectable()
export class DeliveryHealth {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<DeliveryHealthReport> {
    const now = this.clock.now();
    const m = this.ds.manager;
    const live = await liveHeartbeats(m, now, this.config.worker.heartbeatMs);
    const recent = await m.createQueryBuilder(WorkerHeartbeatEntity, 'h')
      .where('h.beatAt >= :since', { since: new Date(now.getTime() - EVIDENCE_WINDOW_MS) }).getMany();
    // Open rows past the threshold, counted through ix_outbox_late in two ranges (rows waiting for quiet hours to end
    // are not read): those already alerted (an alert is raised only for a late row), and those not yet alerted.
    const open = ['pending', 'sending'];
    const lateMessages = await m.createQueryBuilder(OutboxEntity, 'o').where('o.status IN (:...open) AND o.alertedAt IS NOT NULL', { open }).getCount()
      + await m.createQueryBuilder(OutboxEntity, 'o')
        .where('o.status IN (:...open) AND o.alertedAt IS NULL AND o.dueAt <= :cutoff', { open, cutoff: new Date(now.getTime() - this.config.worker.alertAfterMs) })
        .getCount();
    const noWorker = live.length === 0 && (await m.createQueryBuilder(OutboxEntity, 'o')
      .where('o.status = :pending AND o.nextAttemptAt <= :due', { pending: 'pending', due: new Date(now.getTime() - heartbeatDeadAfterMs(this.config.worker.heartbeatMs)) })
      .getCount()) > 0;
    const wechatFailing = failing(recent, now);
    return {
      status: wechatFailing || lateMessages > 0 || noWorker ? 'degraded' : 'ok',
      workersAlive: live.length, lastHeartbeatAt: newestBeat(recent), wechatFailing, lateMessages, noWorker,
    };
  }
}

function newestBeat(workers: Pick<WorkerHeartbeatEntity, 'beatAt'>[]): string | null {
  const newest = Math.max(-Infinity, ...workers.map((w) => new Date(w.beatAt).getTime()));
  return Number.isFinite(newest) ? new Date(newest).toISOString() : null;
}

/** The newest result across the workers is a failure that belongs to a streak of FAILING_STREAK or more. */
export function failing(workers: Pick<WorkerHeartbeatEntity, 'failureStreak' | 'lastSuccessAt' | 'lastFailureAt'>[], now: Date): boolean {
  const since = now.getTime() - EVIDENCE_WINDOW_MS;
  const lastSuccess = Math.max(-Infinity, ...workers.map((w) => (w.lastSuccessAt ? new Date(w.lastSuccessAt).getTime() : -Infinity)));
  return workers.some((w) => {
    const lastFailure = w.lastFailureAt ? new Date(w.lastFailureAt).getTime() : -Infinity;
    return w.failureStreak >= FAILING_STREAK && lastFailure >= since && lastFailure > lastSuccess;
  });
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A delivery worker's heartbeat. Written by the worker every ANXIN_WORKER_HEARTBEAT_MS; a worker whose beat is
 * older than three intervals is dead, and its claimed outbox rows are taken over at once. It also carries the
 * worker's recent WeChat results, so /api/health on any instance sees the whole fleet.
 */
@Entity('worker_heartbeats')
export class WorkerHeartbeatEntity {
  /** The dispatcher's worker id (host:pid:random); a restarted process gets a new one. */
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'worker_id' })
  workerId!: string;

  @Column({ type: 'datetime', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'datetime', name: 'beat_at' })
  beatAt!: Date;

  /** WeChat/WeCom calls that failed in a row (retryable errors: busy, rate limit, 5xx, time-outs); 0 after a success. */
  @Column({ type: 'int', name: 'failure_streak', default: 0 })
  failureStreak!: number;

  @Column({ type: 'datetime', name: 'last_success_at', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ type: 'datetime', name: 'last_failure_at', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError!: string | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per periodic job (PeriodicJobs): when it is next due and which worker runs it now. A worker runs a job
 * only after winning its row (due, and not held by a live worker), so every job runs once per interval however many
 * workers there are.
 */
@Entity('periodic_jobs')
export class PeriodicJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'datetime', name: 'next_due_at' })
  nextDueAt!: Date;

  /** The worker running it now (null between runs). */
  @Column({ type: 'varchar', length: 64, name: 'locked_by', nullable: true })
  lockedBy!: string | null;

  /** After this another worker may take the job even if the holder's heartbeat is fresh (a run that hangs). */
  @Column({ type: 'datetime', name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'datetime', name: 'last_started_at', nullable: true })
  lastStartedAt!: Date | null;

  @Column({ type: 'datetime', name: 'last_finished_at', nullable: true })
  lastFinishedAt!: Date | null;

  /** Runs so far, fleet-wide. */
  @Column({ type: 'int', default: 0 })
  runs!: number;
}

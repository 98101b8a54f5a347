import { Column, Entity } from 'typeorm';
import { UuidEntity, jsonTransformer } from '../database/base.entity';

export type ScheduledActionStatus = 'pending' | 'fired' | 'cancelled' | 'failed';

/** "Do `action` for `subject` at `due_at`": fired once by whichever worker claims it first. */
@Entity('scheduled_actions')
export class ScheduledActionEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, name: 'subject_type' })
  subjectType!: string;

  @Column({ type: 'varchar', length: 64, name: 'subject_id' })
  subjectId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'datetime', name: 'due_at' })
  dueAt!: Date;

  /** due_at at first; pushed back after a failed handler run. */
  @Column({ type: 'datetime', name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  payload!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ScheduledActionStatus;

  @Column({ type: 'datetime', name: 'fired_at', nullable: true })
  firedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}

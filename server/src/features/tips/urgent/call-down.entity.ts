import { Column, Entity } from 'typeorm';
import type { CallDownReason, CallDownStatus, UrgentChannel, UrgentStepOutcome } from '@anxin/shared';
import { UuidEntity } from '../../../platform/database/base.entity';

/**
 * The call-down of one tip (at most one per tip). The chain (who is called, in order, with their phones) is fixed when
 * it starts and kept encrypted under the school's data key (`targets_enc`, bound to the row). `next_tick` is the step
 * to run next: tick 0 is the first person's SMS, tick 1 their call, tick k ≥ 2 the SMS and call of person k − 1.
 */
@Entity('urgent_call_downs')
export class CallDownEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16 })
  reason!: CallDownReason;

  @Column({ type: 'varchar', length: 16 })
  status!: CallDownStatus;

  @Column({ type: 'int', name: 'next_tick' })
  nextTick!: number;

  @Column({ type: 'int', name: 'step_minutes' })
  stepMinutes!: number;

  /** SMS and voice were configured when it started; otherwise WeChat and the inbox only. */
  @Column({ type: 'boolean' })
  telephony!: boolean;

  @Column({ type: 'text', name: 'targets_enc' })
  targetsEnc!: string;

  @Column({ type: 'int', name: 'target_count' })
  targetCount!: number;

  @Column({ type: 'datetime', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'datetime', name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'varchar', length: 8, name: 'acknowledged_via', nullable: true })
  acknowledgedVia!: 'app' | 'phone' | null;
}

/** One SMS, call or WeChat message of a call-down, with what became of it. Phones only masked. */
@Entity('urgent_call_down_steps')
export class CallDownStepEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'call_down_id' })
  callDownId!: string;

  @Column({ type: 'int' })
  tick!: number;

  @Column({ type: 'int', name: 'target_index' })
  targetIndex!: number;

  @Column({ type: 'varchar', length: 8 })
  channel!: UrgentChannel;

  @Column({ type: 'varchar', length: 60, name: 'person_label' })
  personLabel!: string;

  @Column({ type: 'varchar', length: 24, name: 'phone_masked', nullable: true })
  phoneMasked!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: UrgentStepOutcome;

  /** The outbox row's dedupe key (telephony events find the step by it). */
  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'datetime' })
  at!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}

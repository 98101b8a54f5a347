import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tip flood of one school: more than TIP_FLOOD_THRESHOLD tips within an hour. Holds only the school and times of
 * the school's own tips (which the tips carry anyway): nothing about any reporter. While `tightened_until` is ahead,
 * the school's submission limit is TIPS_PER_HOUR_IN_FLOOD.
 */
@Entity('tip_floods')
export class TipFloodEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** The first tip of the hour in which the threshold was passed. */
  @Column({ type: 'datetime', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'datetime', name: 'last_tip_at' })
  lastTipAt!: Date;

  @Column({ type: 'datetime', name: 'tightened_until' })
  tightenedUntil!: Date;
}

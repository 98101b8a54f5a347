import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UtcDay } from '../../platform/common/clock/utc-day';

/**
 * The rate-limit key of one UTC day: 32 random bytes (hex), made by whichever instance needs it first and read by
 * every other, derived from nothing, and deleted by the worker once the day is over. Counter rows of that day are
 * then numbers under names nobody can recompute.
 */
@Entity('tip_rate_keys')
export class RateKeyEntity {
  @PrimaryColumn({ type: 'date', utc: true })
  day!: UtcDay;

  @Column({ type: 'varchar', length: 64 })
  secret!: string;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Fixed-window counters for tip submission, uploads and receipt follow-up. The bucket is
 * `<kind>:<HMAC(subject) under the day's random key>:<window>` (see RateKeys): no openid, user id or IP, no link to
 * any tip, and no timestamp finer than the window, so a counter row cannot be matched to a tip by time either, and
 * once the day's key is deleted nobody can tell whose counter it was.
 */
@Entity('tip_rate_counters')
export class RateCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  bucket!: string;

  @Column({ type: 'int' })
  count!: number;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A count of failed attempts (AttemptLimiter): bucket `<kind>:<user id>:<window number>`. Shared by every server on
 * the database; deleted once its window has ended.
 */
@Entity('attempt_counters')
export class AttemptCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  bucket!: string;

  @Column({ type: 'int' })
  count!: number;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UtcDay } from '../../platform/common/clock/utc-day';

/**
 * The security log: account events operators may need (who logged in as staff, on which day, how often). It is
 * not part of any school's audit chain and no API route reads it; operators read it in the database. One row per
 * user, event and UTC day with a count, so neither a time of day nor the order of events is kept: a staff login
 * cannot be set beside an anonymous tip filed minutes later.
 */
@Entity('security_events')
export class SecurityEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  event!: SecurityEvent;

  @PrimaryColumn({ type: 'date', utc: true })
  day!: UtcDay;

  @Column({ type: 'int' })
  count!: number;
}

export type SecurityEvent = 'staff.login';

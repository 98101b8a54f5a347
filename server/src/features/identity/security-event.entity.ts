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

/**
 * `staff.login`: a staff member logged in on the phone. Browsers signed in by scanning a code (扫码登录):
 * `qr_login.confirmed` (tapped 确认登录), `staff.browser_login` (the browser collected its session),
 * `qr_login.cancelled` (tapped 取消), `qr_login.refused` (not staff: refused), `qr_login.expired` (the browser came
 * for a code this user had scanned or confirmed after it had expired), `browser_session.ended` (ended from the phone).
 */
export type SecurityEvent = 'staff.login' | 'qr_login.confirmed' | 'staff.browser_login' | 'qr_login.cancelled' | 'qr_login.refused'
  | 'qr_login.expired' | 'browser_session.ended';

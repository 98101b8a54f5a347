import { Column, Entity } from 'typeorm';
import type { UtcDay } from '../../platform/common/clock/utc-day';
import { UuidEntity } from '../../platform/database/base.entity';

/** A phone session (WeChat login in the mini-program, or the demo login) or a browser signed in by scanning a code. */
export type SessionKind = 'phone' | 'browser';

/**
 * A login session. Only the SHA-256 of the bearer token is stored. Its times are UTC days, never times of day:
 * a session's login or last use at the second would sit next to a tip filed from the same phone.
 */
@Entity('sessions')
export class SessionEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'date', name: 'created_on', utc: true })
  createdOn!: UtcDay;

  /** The last day the session was used (idle expiry counts from the end of it). */
  @Column({ type: 'date', name: 'last_seen_on', utc: true })
  lastSeenOn!: UtcDay;

  /** The session ends at 00:00 UTC of this day whether used or not. */
  @Column({ type: 'date', name: 'expires_on', utc: true })
  expiresOn!: UtcDay;

  @Column({ type: 'date', name: 'revoked_on', utc: true, nullable: true })
  revokedOn!: UtcDay | null;

  /** A browser session lasts less (BROWSER_SESSION_HOURS) and is listed under 我的 → 已登录的电脑. */
  @Column({ type: 'varchar', length: 16 })
  kind!: SessionKind;

  /** A browser session: the browser and system it signed in from (`Chrome · Windows`); null for a phone session. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  client!: string | null;
}

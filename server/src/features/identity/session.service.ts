import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';
import { BROWSER_SESSION_HOURS, ErrorCode } from '@anxin/shared';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { Clock } from '../../platform/common/clock/clock';
import { addDays, dayStart, daysCovering, daysWithin, utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { inTransaction } from '../../platform/database/transaction';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import { SessionEntity, type SessionKind } from './session.entity';
import { hashSessionToken, newSessionToken } from './session-token';
import { UserEntity } from './user.entity';

/**
 * Session tokens: 256 random bits, stored as SHA-256; an inactivity expiry (sliding) and an absolute expiry.
 * Logout and disabling a user end sessions.
 *
 * Every time kept on a session is a UTC day (login day, last day used, the day it ends), so nothing in the table
 * can be set beside a tip's submission time. Expiry is counted in whole days: idle sessions end at 00:00 UTC
 * once ⌈SESSION_IDLE_HOURS/24⌉ full days have passed after the last day of use; every session ends at 00:00 UTC
 * of the ⌊SESSION_MAX_HOURS/24⌋th day after its login day (at least the next one), so it never outlives the
 * configured maximum. Activity is written at most once a day per session. A browser session (signed in by scanning
 * a code) counts the same way with the shorter BROWSER_SESSION_HOURS instead of the configured hours.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new session; `browser` makes a browser session, with the browser's summary (`Chrome · Windows`). */
  async create(manager: EntityManager, userId: string, options: { browser?: string } = {}): Promise<{ id: string; token: string; expiresAt: Date }> {
    const today = utcDay(this.clock.now());
    const { token, hash } = newSessionToken();
    const kind: SessionKind = options.browser === undefined ? 'phone' : 'browser';
    const session = manager.create(SessionEntity, {
      tokenHash: hash,
      userId,
      createdOn: today,
      lastSeenOn: today,
      expiresOn: addDays(today, daysWithin(this.ttlHours(kind).absolute)),
      revokedOn: null,
      kind,
      client: options.browser ?? null,
    });
    await manager.save(session);
    return { id: session.id, token, expiresAt: this.endsAt(session) };
  }

  /**
   * `touch: false` leaves last_seen_on alone. The anonymous tip routes use it, so filing a tip writes nothing
   * about the session at all. Otherwise the first use on a new UTC day records that day.
   */
  async resolve(token: string, options: { touch?: boolean } = {}): Promise<AuthContext> {
    const { session, auth } = await this.load(this.ds.manager, token);
    const today = utcDay(this.clock.now());
    if (options.touch !== false && session.lastSeenOn < today) {
      await inTransaction(this.ds, (m) => m.update(SessionEntity, { id: session.id, lastSeenOn: LessThan(today) }, { lastSeenOn: today }));
    }
    return auth;
  }

  /** Like resolve, inside a transaction (a session just created is not visible outside it yet); never touches. */
  async resolveWith(m: EntityManager, token: string): Promise<AuthContext> {
    return (await this.load(m, token)).auth;
  }

  async revoke(sessionId: string): Promise<void> {
    const today = utcDay(this.clock.now());
    await inTransaction(this.ds, (m) => m.update(SessionEntity, { id: sessionId, revokedOn: IsNull() }, { revokedOn: today }));
  }

  async revokeAllForUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(SessionEntity, { userId, revokedOn: IsNull() }, { revokedOn: utcDay(this.clock.now()) });
  }

  /**
   * Two statements per request, read from the database every time (so a session revoked by any server process is
   * refused at once by all): the session with its user, then the user's staff roles and taught classes together.
   */
  private async load(m: EntityManager, token: string): Promise<{ session: SessionEntity; auth: AuthContext }> {
    const session = await m.createQueryBuilder(SessionEntity, 's').leftJoinAndMapOne('s.user', UserEntity, 'u', 'u.id = s.userId')
      .where('s.tokenHash = :hash AND s.revokedOn IS NULL', { hash: hashSessionToken(token) })
      .getOne() as (SessionEntity & { user?: UserEntity | null }) | null;
    if (!session) throw AppException.unauthenticated('登录已失效，请重新登录', ErrorCode.SESSION_EXPIRED);
    if (this.endsAt(session) <= this.clock.now()) {
      throw AppException.unauthenticated('登录已过期，请重新登录', ErrorCode.SESSION_EXPIRED);
    }
    const user = session.user;
    if (!user || user.disabled) throw AppException.unauthenticated('账号已停用', ErrorCode.SESSION_EXPIRED);
    const roles = m.connection.getMetadata(StaffRoleEntity).tableName;
    const classes = m.connection.getMetadata(TeacherClassEntity).tableName;
    const rows: { kind: string; role: string | null; school_id: string | null; district_id: string | null; class_id: string | null }[] = await m.query(
      `SELECT 'role' AS kind, role, school_id, district_id, NULL AS class_id FROM ${roles} WHERE user_id = ?
        UNION ALL SELECT 'class' AS kind, NULL, NULL, NULL, class_id FROM ${classes} WHERE user_id = ?`,
      [user.id, user.id],
    );
    const auth: AuthContext = {
      userId: user.id,
      sessionId: session.id,
      displayName: user.displayName,
      isDemo: user.isDemo,
      roles: rows.filter((r) => r.kind === 'role').map((r) => ({ role: r.role as StaffRoleEntity['role'], schoolId: r.school_id, districtId: r.district_id })),
      teacherClassIds: rows.filter((r) => r.kind === 'class').map((r) => r.class_id!),
      viaBrowser: session.kind === 'browser',
    };
    return { session, auth };
  }

  /** When the session ends: the earlier of the idle end (after the last day of use) and the absolute end; both 00:00 UTC. */
  endsAt(s: SessionEntity): Date {
    const idle = dayStart(addDays(s.lastSeenOn, 1 + daysCovering(this.ttlHours(s.kind).idle)));
    const absolute = dayStart(s.expiresOn);
    return idle < absolute ? idle : absolute;
  }

  private ttlHours(kind: SessionKind): { idle: number; absolute: number } {
    return kind === 'browser'
      ? { idle: BROWSER_SESSION_HOURS.idle, absolute: BROWSER_SESSION_HOURS.max }
      : { idle: this.config.session.idleTtlHours, absolute: this.config.session.absoluteTtlHours };
  }
}

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
import { Batcher, failed, succeeded, type Outcome } from '../../platform/database/batcher';
import { chunks, groupBy } from '../../platform/database/in-lists';
import { entityRows } from '../../platform/database/entity-rows';
import { inTransaction } from '../../platform/database/transaction';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import { SessionEntity, type SessionKind } from './session.entity';
import { hashSessionToken, newSessionToken } from './session-token';
import { UserEntity } from './user.entity';

/** A session as read for a request, and the caller it makes. */
interface Loaded {
  session: SessionEntity;
  auth: AuthContext;
}

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
  /** The sessions of requests arriving together are read together (two statements per batch; see `loadMany`). */
  private readonly loads: Batcher<string, Loaded>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.loads = new Batcher((tokens) => this.loadMany(this.ds.manager, tokens), { max: 500, concurrent: 2 });
  }

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
    const { session, auth } = await this.loads.call(token);
    const today = utcDay(this.clock.now());
    if (options.touch !== false && session.lastSeenOn < today) {
      await inTransaction(this.ds, (m) => m.update(SessionEntity, { id: session.id, lastSeenOn: LessThan(today) }, { lastSeenOn: today }));
    }
    return auth;
  }

  /** Like resolve, inside a transaction (a session just created is not visible outside it yet); never touches. */
  async resolveWith(m: EntityManager, token: string): Promise<AuthContext> {
    const [loaded] = await this.loadMany(m, [token]);
    if (!loaded.ok) throw loaded.error;
    return loaded.value.auth;
  }

  async revoke(sessionId: string): Promise<void> {
    const today = utcDay(this.clock.now());
    await inTransaction(this.ds, (m) => m.update(SessionEntity, { id: sessionId, revokedOn: IsNull() }, { revokedOn: today }));
  }

  async revokeAllForUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(SessionEntity, { userId, revokedOn: IsNull() }, { revokedOn: utcDay(this.clock.now()) });
  }

  /**
   * Two statements for any number of tokens, read from the database every time (so a session revoked by any server
   * process is refused at once by all): the sessions with their users, then the users' staff roles and taught classes
   * together. Each token gets its own outcome: its session and caller, or why it is refused.
   */
  private async loadMany(m: EntityManager, tokens: string[]): Promise<Outcome<Loaded>[]> {
    const hashes = tokens.map(hashSessionToken);
    const found = new Map<string, SessionEntity & { user?: UserEntity | null }>();
    const sessions = m.connection.getMetadata(SessionEntity).tableName;
    const users = m.connection.getMetadata(UserEntity).tableName;
    const session = entityRows.reader(m, SessionEntity, 's', 's_');
    const user = entityRows.reader(m, UserEntity, 'u', 'u_');
    for (const part of chunks([...new Set(hashes)])) {
      // Every authenticated request's read: plain SQL, read as `find` reads it (entity-rows.ts).
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT ${session.columns}, ${user.columns} FROM ${sessions} s LEFT JOIN ${users} u ON u.id = s.user_id
          WHERE s.token_hash IN (${part.map(() => '?').join(', ')}) AND s.revoked_on IS NULL`,
        part,
      );
      for (const row of rows) {
        const s = session.hydrate(row)!;
        found.set(s.tokenHash, Object.assign(s, { user: user.hydrate(row) }));
      }
    }
    const now = this.clock.now();
    const checked = hashes.map((hash): Outcome<SessionEntity & { user: UserEntity }> => {
      const session = found.get(hash);
      if (!session) return failed(AppException.unauthenticated('登录已失效，请重新登录', ErrorCode.SESSION_EXPIRED));
      if (this.endsAt(session) <= now) return failed(AppException.unauthenticated('登录已过期，请重新登录', ErrorCode.SESSION_EXPIRED));
      if (!session.user || session.user.disabled) return failed(AppException.unauthenticated('账号已停用', ErrorCode.SESSION_EXPIRED));
      return succeeded(session as SessionEntity & { user: UserEntity });
    });
    const userIds = [...new Set(checked.flatMap((c) => (c.ok ? [c.value.user.id] : [])))];
    const roles = m.connection.getMetadata(StaffRoleEntity).tableName;
    const classes = m.connection.getMetadata(TeacherClassEntity).tableName;
    const grants: { user_id: string; kind: string; role: string | null; school_id: string | null; district_id: string | null; class_id: string | null }[] = [];
    for (const part of chunks(userIds)) {
      const marks = part.map(() => '?').join(', ');
      grants.push(...await m.query(
        `SELECT user_id, 'role' AS kind, role, school_id, district_id, NULL AS class_id FROM ${roles} WHERE user_id IN (${marks})
          UNION ALL SELECT user_id, 'class' AS kind, NULL, NULL, NULL, class_id FROM ${classes} WHERE user_id IN (${marks})`,
        [...part, ...part],
      ));
    }
    const byUser = groupBy(grants, (g) => g.user_id);
    return checked.map((c) => {
      if (!c.ok) return c;
      const session = c.value;
      const user = session.user;
      const rows = byUser.get(user.id) ?? [];
      const auth: AuthContext = {
        userId: user.id,
        sessionId: session.id,
        displayName: user.displayName,
        isDemo: user.isDemo,
        roles: rows.filter((r) => r.kind === 'role').map((r) => ({ role: r.role as StaffRoleEntity['role'], schoolId: r.school_id, districtId: r.district_id })),
        teacherClassIds: rows.filter((r) => r.kind === 'class').map((r) => r.class_id!),
        viaBrowser: session.kind === 'browser',
      };
      return succeeded({ session, auth });
    });
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

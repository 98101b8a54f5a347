import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { BROWSER_SESSION_HOURS, ErrorCode } from '@anxin/shared';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { Clock } from '../../platform/common/clock/clock';
import { addDays, dayStart, daysCovering, daysWithin, utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Batcher, failed, succeeded, type Outcome } from '../../platform/database/batcher';
import { chunks } from '../../platform/database/in-lists';
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
  /** The sessions of requests arriving together are read together (one statement per batch; see `loadMany`). */
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
   * One statement for any number of tokens, read from the database every time (so a session revoked by any server
   * process is refused at once by all): the sessions with their users, the users' staff roles and taught classes
   * joined on (a row per role and class of a staff member; one row for a guardian). Each token gets its own outcome:
   * its session and caller, or why it is refused.
   */
  private async loadMany(m: EntityManager, tokens: string[]): Promise<Outcome<Loaded>[]> {
    const hashes = tokens.map(hashSessionToken);
    const found = new Map<string, { session: SessionEntity; user: UserEntity | null; roles: Map<string, AuthContext['roles'][number]>; classIds: Set<string> }>();
    const table = (entity: EntityTarget<ObjectLiteral>) => m.connection.getMetadata(entity).tableName;
    const session = entityRows.reader(m, SessionEntity, 's', 's_');
    const user = entityRows.reader(m, UserEntity, 'u', 'u_');
    for (const part of chunks([...new Set(hashes)])) {
      // Every authenticated request's read: plain SQL, read as `find` reads it (entity-rows.ts).
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT ${session.columns}, ${user.columns}, r.id AS r_id, r.role AS r_role, r.school_id AS r_school_id, r.district_id AS r_district_id,
            tc.class_id AS tc_class_id
          FROM ${table(SessionEntity)} s LEFT JOIN ${table(UserEntity)} u ON u.id = s.user_id
          LEFT JOIN ${table(StaffRoleEntity)} r ON r.user_id = s.user_id LEFT JOIN ${table(TeacherClassEntity)} tc ON tc.user_id = s.user_id
          WHERE s.token_hash IN (${part.map(() => '?').join(', ')}) AND s.revoked_on IS NULL`,
        part,
      );
      for (const row of rows) {
        const hash = String(row.s_token_hash);
        let entry = found.get(hash);
        if (!entry) found.set(hash, (entry = { session: session.hydrate(row)!, user: user.hydrate(row), roles: new Map(), classIds: new Set() }));
        if (row.r_id !== null) {
          entry.roles.set(String(row.r_id), {
            role: row.r_role as StaffRoleEntity['role'], schoolId: row.r_school_id as string | null, districtId: row.r_district_id as string | null,
          });
        }
        if (row.tc_class_id !== null) entry.classIds.add(String(row.tc_class_id));
      }
    }
    const now = this.clock.now();
    return hashes.map((hash): Outcome<Loaded> => {
      const entry = found.get(hash);
      if (!entry) return failed(AppException.unauthenticated('登录已失效，请重新登录', ErrorCode.SESSION_EXPIRED));
      const { session, user } = entry;
      if (this.endsAt(session) <= now) return failed(AppException.unauthenticated('登录已过期，请重新登录', ErrorCode.SESSION_EXPIRED));
      if (!user || user.disabled) return failed(AppException.unauthenticated('账号已停用', ErrorCode.SESSION_EXPIRED));
      const auth: AuthContext = {
        userId: user.id,
        sessionId: session.id,
        displayName: user.displayName,
        isDemo: user.isDemo,
        roles: [...entry.roles.values()],
        teacherClassIds: [...entry.classIds],
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

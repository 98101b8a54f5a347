import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import type { AuthContext } from '../common/auth/auth-context';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import { SessionEntity } from './session.entity';
import { hashSessionToken, newSessionToken } from './session-token';
import { UserEntity } from './user.entity';

const HOUR = 3600_000;
/** lastSeenAt is written at most this often, so reads do not turn every request into a write. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/**
 * Session tokens: 256 random bits, stored as SHA-256; an inactivity expiry (sliding) and an absolute expiry.
 * Logout and disabling a user end sessions.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(manager: EntityManager, userId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock.now();
    const { token, hash } = newSessionToken();
    const session = manager.create(SessionEntity, {
      tokenHash: hash,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.absoluteTtlHours * HOUR),
      revokedAt: null,
    });
    await manager.save(session);
    return { token, expiresAt: this.effectiveExpiry(session) };
  }

  /**
   * `touch: false` leaves last_seen_at alone. The anonymous tip routes use it: a session's activity time written at
   * the moment of a tip would let someone holding a database dump match a user to the tip's submission time.
   */
  async resolve(token: string, options: { touch?: boolean } = {}): Promise<AuthContext> {
    return this.resolveWith(this.sessions.manager, token, options);
  }

  /** Like resolve, inside a transaction (a session just created is not visible outside it yet). */
  async resolveWith(m: EntityManager, token: string, options: { touch?: boolean } = {}): Promise<AuthContext> {
    const session = await m.findOne(SessionEntity, { where: { tokenHash: hashSessionToken(token), revokedAt: IsNull() } });
    const now = this.clock.now();
    if (!session) throw AppException.unauthenticated('登录已失效，请重新登录', ErrorCode.SESSION_EXPIRED);
    if (this.effectiveExpiry(session) <= now) {
      throw AppException.unauthenticated('登录已过期，请重新登录', ErrorCode.SESSION_EXPIRED);
    }
    const user = await m.findOne(UserEntity, { where: { id: session.userId } });
    if (!user || user.disabled) throw AppException.unauthenticated('账号已停用', ErrorCode.SESSION_EXPIRED);
    if (options.touch !== false && now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
      await m.update(SessionEntity, { id: session.id }, { lastSeenAt: now });
    }
    const [roles, classes] = await Promise.all([
      m.find(StaffRoleEntity, { where: { userId: user.id } }),
      m.find(TeacherClassEntity, { where: { userId: user.id } }),
    ]);
    return {
      userId: user.id,
      sessionId: session.id,
      displayName: user.displayName,
      isDemo: user.isDemo,
      roles: roles.map((r) => ({ role: r.role, schoolId: r.schoolId, districtId: r.districtId })),
      teacherClassIds: classes.map((c) => c.classId),
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  async revokeAllForUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  private effectiveExpiry(s: SessionEntity): Date {
    const idle = new Date(new Date(s.lastSeenAt).getTime() + this.config.session.idleTtlHours * HOUR);
    const absolute = new Date(s.expiresAt);
    return idle < absolute ? idle : absolute;
  }
}

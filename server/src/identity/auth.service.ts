import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DemoRole, ErrorCode, SessionResponse } from '@anxin/shared';
import { Logger } from 'pino';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { LOGGER } from '../common/logging/logger';
import { inTransaction } from '../database/transaction';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { Code2SessionClient } from '../wechat/code2session.client';
import { WechatApiError } from '../wechat/wechat-api.errors';
import { MeService } from './me.service';
import { SessionService } from './session.service';
import { UserEntity } from './user.entity';

/** The openid a demo user of `role` in demo school 'a' or 'b' has. The demo seed creates these users. */
export function demoOpenid(role: DemoRole, school: 'a' | 'b' = 'a'): string {
  return school === 'a' ? `demo:${role}` : `demo:${role}:b`;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly wechat: Code2SessionClient,
    private readonly sessions: SessionService,
    private readonly me: MeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** wx.login code → code2Session → find or create the user → session. session_key stays here. */
  async wechatLogin(code: string): Promise<SessionResponse> {
    let result;
    try {
      result = await this.wechat.code2Session(code);
    } catch (e) {
      if (e instanceof WechatApiError) {
        this.log.warn({ errcode: e.errcode }, 'code2Session refused');
        const invalid = [40029, 40163, 41008].includes(e.errcode);
        throw invalid
          ? AppException.unauthenticated('微信登录凭证无效或已使用，请重试', ErrorCode.WECHAT_LOGIN_FAILED)
          : new AppException(503, ErrorCode.SERVICE_UNAVAILABLE, '微信登录暂时不可用，请稍后再试');
      }
      throw e;
    }
    return inTransaction(this.ds, async (m) => {
      let user = await m.findOne(UserEntity, { where: { openid: result.openid } });
      if (!user) {
        user = m.create(UserEntity, {
          openid: result.openid, unionid: result.unionid ?? null, displayName: '微信用户',
          wxSessionKey: result.session_key, isDemo: false, disabled: false, createdAt: this.clock.now(),
        });
        await m.save(user);
      } else {
        if (user.disabled) throw AppException.unauthenticated('账号已停用');
        await m.update(UserEntity, { id: user.id }, { wxSessionKey: result.session_key, unionid: result.unionid ?? user.unionid });
      }
      return this.openSession(m, user);
    });
  }

  /** Demo login: exists only outside production with no WeChat app id (the controller answers 404 otherwise). */
  async devLogin(role: DemoRole, school: 'a' | 'b' = 'a'): Promise<SessionResponse> {
    if (!this.config.devLoginEnabled) throw AppException.notFound('接口');
    return inTransaction(this.ds, async (m) => {
      const user = await m.findOne(UserEntity, { where: { openid: demoOpenid(role, school), isDemo: true } });
      if (!user) throw AppException.notFound('演示账号（请先生成演示数据）');
      if (user.disabled) throw AppException.unauthenticated('账号已停用');
      return this.openSession(m, user);
    });
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.sessions.revoke(auth.sessionId);
  }

  private async openSession(m: EntityManager, user: UserEntity): Promise<SessionResponse> {
    const { token, expiresAt } = await this.sessions.create(m, user.id);
    await this.auditStaffLogin(m, user);
    const auth = await this.sessions.resolveWith(m, token);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.me.me(auth, m) };
  }

  /** Staff logins are recorded in the chain of every school the user works at (district officers: each school of the district). */
  private async auditStaffLogin(m: EntityManager, user: UserEntity): Promise<void> {
    const roles = await m.find(StaffRoleEntity, { where: { userId: user.id } });
    const schoolRoles = new Map<string, string>();
    for (const r of roles) {
      if (r.schoolId) schoolRoles.set(r.schoolId, schoolRoles.get(r.schoolId) ?? r.role);
      if (r.districtId) {
        for (const s of await m.find(SchoolEntity, { where: { districtId: r.districtId }, select: { id: true } })) {
          if (!schoolRoles.has(s.id)) schoolRoles.set(s.id, r.role);
        }
      }
    }
    for (const [schoolId, role] of schoolRoles) {
      await this.audit.append(m, { schoolId, actorUserId: user.id, actorRole: role, action: 'staff.login', targetType: 'user', targetId: user.id });
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DemoRole, ErrorCode, SessionResponse } from '@anxin/shared';
import { Logger } from 'pino';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { LOGGER } from '../../platform/common/logging/logger';
import { inTransaction } from '../../platform/database/transaction';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { Code2SessionClient } from '../../platform/wechat/code2session.client';
import { WechatApiError } from '../../platform/wechat/wechat-api.errors';
import { MeService } from './me.service';
import { SecurityLogService } from './security-log.service';
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
    private readonly securityLog: SecurityLogService,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
  ) {}

  /**
   * wx.login code → code2Session → find or create the user → session. session_key stays here, sealed at rest (it
   * decrypts the group data of share cards, see docs/SHARING.md); each login replaces it, as WeChat rotates it.
   */
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
          wxSessionKey: null, isDemo: false, disabled: false, createdAt: this.clock.now(),
        });
        await m.save(user);
        await m.update(UserEntity, { id: user.id }, { wxSessionKey: this.crypto.sealWechatSessionKey(user.id, result.session_key) });
      } else {
        if (user.disabled) throw AppException.unauthenticated('账号已停用');
        await m.update(UserEntity, { id: user.id }, {
          wxSessionKey: this.crypto.sealWechatSessionKey(user.id, result.session_key), unionid: result.unionid ?? user.unionid,
        });
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
    await this.recordStaffLogin(m, user);
    const auth = await this.sessions.resolveWith(m, token);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.me.me(auth, m) };
  }

  /**
   * Staff logins go to the operators' security log, counted per day, and never into a school's audit chain: the
   * school can read its chain, and a teacher's login there sat milliseconds before the anonymous tip they filed.
   */
  private async recordStaffLogin(m: EntityManager, user: UserEntity): Promise<void> {
    if (await m.exists(StaffRoleEntity, { where: { userId: user.id } })) await this.securityLog.record(m, user.id, 'staff.login');
  }
}

import { Module } from '@nestjs/common';
import { Code2SessionClient } from '../../platform/wechat/code2session.client';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MeService } from './me.service';
import { SecurityLogService } from './security-log.service';
import { SessionService } from './session.service';
import { CryptoModule } from '../../platform/crypto/crypto.module';

/** Owns users, sessions, consents and the operators' security log: WeChat login, the demo login, logout and `GET /me`. */
@Module({
  imports: [CryptoModule],
  controllers: [AuthController],
  providers: [AuthService, MeService, SessionService, SecurityLogService, Code2SessionClient],
  exports: [SessionService, MeService, AuthService, SecurityLogService],
})
export class IdentityModule {}

import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { WechatModule } from '../../platform/wechat/wechat.module';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { BrowserSessionsController } from './browser-sessions.controller';
import { BrowserSessionsService } from './browser-sessions.service';
import { QrLoginCodeService } from './qr-login-code';
import { QrLoginController } from './qr-login.controller';
import { QrLoginService } from './qr-login.service';
import { QrLoginStatusService } from './qr-login-status.service';

/**
 * Signing in on a desktop browser by scanning a code with the mini-program (扫码登录), and the caller's browser
 * sessions (我的 → 已登录的电脑). Sessions themselves, and how long they last, are IdentityModule's.
 */
@Module({
  imports: [IdentityModule, TenancyModule, WechatModule, PeriodicJobsModule],
  controllers: [QrLoginController, BrowserSessionsController],
  providers: [QrLoginService, QrLoginStatusService, QrLoginCodeService, BrowserSessionsService],
})
export class BrowserLoginModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Logger } from 'pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './common/auth/auth.guard';
import { CoreModule } from './common/core.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { DevLoginModule } from './identity/dev-login.controller';
import { TenancyModule } from './tenancy/tenancy.module';
import { BindingsModule } from './bindings/bindings.module';
import { RosterModule } from './roster/roster.module';
import { OutboxModule } from './outbox/outbox.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { TestClockModule } from './scheduler/test-clock.controller';
import { InboxModule } from './inbox/inbox.module';
import { WechatModule } from './wechat/wechat.module';
import { WorkerModule } from './worker/worker.module';
import { CryptoModule } from './crypto/crypto.module';
import { TipsModule } from './tips/tips.module';
import { PostersModule } from './posters/posters.module';
import { SharesModule } from './shares/shares.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

/** Feature modules, one per capability. */
const FEATURE_MODULES = [HealthModule, AuditModule, IdentityModule, WechatModule, OutboxModule, SchedulerModule, InboxModule, WorkerModule, TenancyModule, BindingsModule, RosterModule, CryptoModule, TipsModule, SubscriptionsModule, PostersModule, SharesModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CoreModule.forRoot(logger), DatabaseModule, ...FEATURE_MODULES,
        // POST /api/v1/__test/clock exists only when NODE_ENV=test.
        ...(config.nodeEnv === 'test' ? [TestClockModule] : []),
        // POST /api/v1/auth/dev exists only while the dev login is enabled (never in production).
        ...(config.devLoginEnabled ? [DevLoginModule] : [])],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Logger } from 'pino';
import type { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { AuditModule } from './platform/audit/audit.module';
import { AuthGuard } from './platform/common/auth/auth.guard';
import { CoreModule } from './platform/common/core.module';
import { AllExceptionsFilter } from './platform/common/errors/all-exceptions.filter';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { IdentityModule } from './features/identity/identity.module';
import { DevLoginModule } from './features/identity/dev-login.controller';
import { TenancyModule } from './features/tenancy/tenancy.module';
import { BindingsModule } from './features/bindings/bindings.module';
import { RosterModule } from './features/roster/roster.module';
import { OutboxModule } from './platform/outbox/outbox.module';
import { SchedulerModule } from './platform/scheduler/scheduler.module';
import { TestClockModule } from './platform/scheduler/test-clock.controller';
import { InboxModule } from './platform/inbox/inbox.module';
import { WechatModule } from './platform/wechat/wechat.module';
import { WorkerModule } from './platform/worker/worker.module';
import { CryptoModule } from './platform/crypto/crypto.module';
import { TipsModule } from './features/tips/tips.module';
import { PostersModule } from './features/posters/posters.module';
import { SharesModule } from './features/shares/shares.module';
import { NoticesModule } from './features/notices/notices.module';
import { PledgesModule } from './features/pledges/pledges.module';
import { OnboardingModule } from './features/onboarding/onboarding.module';
import { SubscriptionsModule } from './platform/subscriptions/subscriptions.module';
import { RobotsModule } from './platform/robots/robots.module';
import { BrowserLoginModule } from './features/browser-login/browser-login.module';
import { CalendarModule } from './features/calendar/calendar.module';
import { OversightModule } from './features/oversight/oversight.module';
import { ReportsModule } from './features/reports/reports.module';
import { SurveysModule } from './features/surveys/surveys.module';
import { PrivacyModule } from './features/privacy/privacy.module';
import { LedgerModule } from './features/ledger/ledger.module';
import { RetentionModule } from './features/retention/retention.module';

/** Feature modules, one per capability. */
const FEATURE_MODULES = [HealthModule, AuditModule, IdentityModule, WechatModule, OutboxModule, SchedulerModule, InboxModule, WorkerModule, TenancyModule, BindingsModule, RosterModule, CryptoModule, TipsModule, SubscriptionsModule, PostersModule, SharesModule, RobotsModule, OnboardingModule, NoticesModule, PledgesModule, BrowserLoginModule, CalendarModule, OversightModule, ReportsModule, SurveysModule, PrivacyModule, LedgerModule, RetentionModule];

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

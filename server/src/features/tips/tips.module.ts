import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { RateKeys } from './rate-keys';
import { TipContentCheckService } from './tip-content-check.service';
import { TipRateLimiter } from './tip-rate-limiter';
import { TipReporterController } from './tip-reporter.controller';
import { TipReporterService } from './tip-reporter.service';
import { TipRoutingService } from './tip-routing.service';
import { TipsController } from './tips.controller';
import { TipsService } from './tips.service';
import { TipReplyAlertController } from './tip-reply-alert.controller';
import { TipReplyAlertService } from './tip-reply-alert.service';
import { TipReplyAlerts } from './tip-reply-alerts';

/**
 * The tip box (倾诉信箱): anonymous submission with a receipt, photos, the anonymous follow-up thread,
 * routing to the designated contact with the escalation ladder, the staff inbox and case workflow, the ledger.
 * Uses the global CryptoModule (encryption at rest), OutboxModule, SchedulerModule, WechatModule and AuditModule.
 */
@Module({
  imports: [PeriodicJobsModule],
  controllers: [TipReporterController, TipsController, TipReplyAlertController],
  providers: [TipReporterService, TipsService, TipRoutingService, TipContentCheckService, TipRateLimiter, RateKeys, TipReplyAlerts, TipReplyAlertService],
})
export class TipsModule {}

import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { RateKeys } from './rate-keys';
import { TipContentCheckService } from './tip-content-check.service';
import { TipRateLimiter } from './tip-rate-limiter';
import { TipReporterController } from './tip-reporter.controller';
import { TipReporterService } from './tip-reporter.service';
import { TipRoutingService } from './tip-routing.service';
import { TestTipsController } from './test-tips.controller';
import { TestTipsService } from './test-tips.service';
import { TipsController } from './tips.controller';
import { TipCaseViewService } from './tip-case-view.service';
import { TipLedgerService } from './tip-ledger.service';
import { TipListService } from './tip-list.service';
import { TipRecords } from './tip-records';
import { TipStaffAttachmentsService } from './tip-staff-attachments.service';
import { TipWorkflowService } from './tip-workflow.service';
import { TipKeyReseal } from './tip-key-reseal';
import { TipReplyAlertController } from './tip-reply-alert.controller';
import { TipReplyAlertService } from './tip-reply-alert.service';
import { TipReplyAlerts } from './tip-reply-alerts';
import { TipNotesController } from './notes/tip-notes.controller';
import { TipNotesService } from './notes/tip-notes.service';
import { TipRedactionController } from './redaction/tip-redaction.controller';
import { TipRedactionService } from './redaction/tip-redaction.service';
import { TipRedactions } from './redaction/tip-redactions';
import { TipFloods } from './triage/tip-floods';
import { TipTriageController } from './triage/tip-triage.controller';
import { TipTriageService } from './triage/tip-triage.service';
import { TipTriageView } from './triage/tip-triage-view';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { SchedulerModule } from '../../platform/scheduler/scheduler.module';
import { WechatModule } from '../../platform/wechat/wechat.module';
import { TelephonyModule } from '../../platform/telephony/telephony.module';
import { RetentionModule } from '../retention/retention.module';
import { CallDownPhoneAck } from './urgent/call-down-phone-ack';
import { CallDownViewService } from './urgent/call-down-view.service';
import { CallDownService } from './urgent/call-down.service';
import { UrgentController } from './urgent/urgent.controller';
import { UrgentSettingsService } from './urgent/urgent-settings.service';
import { ReporterTrail } from './reporter-trail/reporter-trail';
import { ReporterViewController } from './reporter-trail/reporter-view.controller';
import { ReporterViewService } from './reporter-trail/reporter-view.service';

/**
 * The tip box (倾诉信箱): anonymous submission with a receipt, photos, the anonymous follow-up thread,
 * routing to the designated contact with the escalation ladder, the staff inbox and case workflow, the ledger.
 * The staff side is split by what each part owns: TipRecords (finding a tip and the caller's access), TipListService
 * (inbox, counts, district overview), TipCaseViewService (a tip's page), TipStaffAttachmentsService (photos),
 * TipWorkflowService (acknowledge, reply, status, hand-over, reopen, 续报), TipLedgerService (台账).
 * Uses the global CryptoModule (encryption at rest), OutboxModule, SchedulerModule, WechatModule and AuditModule.
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, CryptoModule, OutboxModule, SchedulerModule, WechatModule, TelephonyModule, RetentionModule],
  controllers: [TipReporterController, TipsController, TipReplyAlertController, TestTipsController, TipNotesController, TipRedactionController, UrgentController, TipTriageController, ReporterViewController],
  providers: [
    TipReporterService, TipRecords, TipListService, TipCaseViewService, TipStaffAttachmentsService, TipWorkflowService, TipLedgerService, TipRoutingService, TipContentCheckService, TipRateLimiter, RateKeys, TipReplyAlerts, TipReplyAlertService, TestTipsService,
    TipNotesService, TipRedactionService, TipRedactions,
    TipTriageService, TipTriageView, TipFloods, // triage against misuse (outcomes, merges, floods)
    CallDownService, CallDownPhoneAck, CallDownViewService, UrgentSettingsService, // urgent call-down (紧急呼叫)
    ReporterTrail, ReporterViewService, // the reporter's 处理记录
    TipKeyReseal, // the upgrade step that moves older tips onto their own keys
  ],
  // the anonymous surveys count wrong answer codes with the same limiter (features/surveys)
  exports: [TipRateLimiter, TipKeyReseal],
})
export class TipsModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { SchedulerModule } from '../../platform/scheduler/scheduler.module';
import { WechatModule } from '../../platform/wechat/wechat.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { NoticeAccess } from './notice-access';
import { NoticeContentCheck } from './notice-content-check';
import { NoticeDraftsService } from './notice-drafts.service';
import { NoticeFanout } from './notice-fanout.service';
import { NoticeGuardianController } from './notice-guardian.controller';
import { NoticePublishingService } from './notice-publishing.service';
import { NoticeReceiptsService } from './notice-receipts.service';
import { NoticeRemindersService } from './notice-reminders.service';
import { NoticeReportsController } from './notice-reports.controller';
import { NoticeReportsService } from './notice-reports.service';
import { NoticeStaffController } from './notice-staff.controller';
import { NoticeViews } from './notice-views';

/**
 * Letters home, notices and urgent warnings (see docs/NOTICES.md): drafts, publishing (content check, scheduled
 * publication, deadline, recall), the worker's fan-out into one receipt per guardian, the guardian's reading,
 * confirming, signing and answering, and what staff learn from the receipts. Owns notices, notice_classes,
 * notice_receipts, notice_receipt_students, notice_signatures and notice_reminders.
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, CryptoModule, OutboxModule, SchedulerModule, WechatModule],
  controllers: [NoticeStaffController, NoticeReportsController, NoticeGuardianController],
  providers: [
    NoticeAccess, NoticeViews, NoticeContentCheck, NoticeDraftsService, NoticePublishingService, NoticeFanout, NoticeReceiptsService,
    NoticeReportsService, NoticeRemindersService,
  ],
})
export class NoticesModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { SchedulerModule } from '../../platform/scheduler/scheduler.module';
import { WechatModule } from '../../platform/wechat/wechat.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { NoticeAccess } from './notice-access';
import { NoticeAttachmentsController } from './notice-attachments.controller';
import { NoticeAttachmentsService } from './notice-attachments.service';
import { NoticeContentCheck } from './notice-content-check';
import { NoticeCounters } from './notice-counts';
import { ReceiptTallies } from './notice-receipt-tallies';
import { NoticeCorrectionsService } from './notice-corrections.service';
import { NoticeDraftsService } from './notice-drafts.service';
import { NoticeEditorialController } from './notice-editorial.controller';
import { NoticeFanout } from './notice-fanout.service';
import { NoticeGuardianController } from './notice-guardian.controller';
import { NoticeProofController } from './notice-proof.controller';
import { NoticeProofsService } from './notice-proofs.service';
import { NoticePublishingService } from './notice-publishing.service';
import { NoticeReceiptSeal } from './notice-receipt-seal';
import { NoticeGuardianDetails } from './notice-guardian-details';
import { NoticeReceiptWrites } from './notice-receipt-writes';
import { NoticeReceiptsService } from './notice-receipts.service';
import { NoticeRemindersService } from './notice-reminders.service';
import { NoticeReportsController } from './notice-reports.controller';
import { NoticeReportsService } from './notice-reports.service';
import { NoticeReviewService } from './notice-review.service';
import { NoticeSignaturesZipController } from './notice-signatures-zip.controller';
import { NoticeSignaturesZipService } from './notice-signatures-zip.service';
import { NoticeStaffController } from './notice-staff.controller';
import { NoticeTemplates } from './notice-templates';
import { NoticeViews } from './notice-views';

/**
 * Letters home, notices and urgent warnings (see docs/NOTICES.md): drafts, publishing (content check, scheduled
 * publication, deadline, recall), the worker's fan-out into one receipt per guardian, the guardian's reading,
 * confirming, signing and answering, and what staff learn from the receipts. Owns notices, notice_classes,
 * notice_receipts, notice_receipt_students, notice_class_counts, notice_signatures and notice_reminders, notice_attachments and
 * notice_attachment_chunks.
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, CryptoModule, OutboxModule, SchedulerModule, WechatModule],
  controllers: [NoticeStaffController, NoticeReportsController, NoticeGuardianController, NoticeEditorialController,
    NoticeAttachmentsController, NoticeSignaturesZipController, NoticeProofController,
  ],
  providers: [
    NoticeAccess, NoticeViews, NoticeContentCheck, NoticeDraftsService, NoticePublishingService, NoticeFanout, NoticeReceiptsService, NoticeReceiptWrites, NoticeGuardianDetails,
    NoticeReportsService, NoticeRemindersService, NoticeCorrectionsService, NoticeReviewService, NoticeTemplates,
    NoticeAttachmentsService, NoticeSignaturesZipService, NoticeReceiptSeal, NoticeProofsService, NoticeCounters, ReceiptTallies,
  ],
})
export class NoticesModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { SchedulerModule } from '../../platform/scheduler/scheduler.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { RetentionController } from './retention.controller';
import { RetentionSchedule } from './retention-schedule';
import { RetentionService } from './retention.service';
import { RetentionReceipts } from './retention-receipts';

/**
 * Retention and erasure (docs/PRIVACY.md "Retention and erasure"): each district's rules, the scheduled erasure of a
 * closed case's content (crypto-shredding: the tip's own key goes with its ciphertext), legal holds, a school's coming
 * erasures, and the erasure of old notice and pledge signature images (RetentionReceipts, writing those features' image
 * rows through its own code). Owns retention_rules, retention_holds, tip_erasures and retention_receipt_sweeps. Imported by TipsModule, which tells it when a case
 * closes or is opened again (RetentionSchedule); it imports no feature module, only the tips' entities.
 */
@Module({
  imports: [AuditModule, CryptoModule, SchedulerModule, PeriodicJobsModule],
  controllers: [RetentionController],
  providers: [RetentionService, RetentionSchedule, RetentionReceipts],
  exports: [RetentionSchedule],
})
export class RetentionModule {}

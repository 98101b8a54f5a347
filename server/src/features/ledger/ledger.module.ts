import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { LedgerAccess } from './ledger-access';
import { LedgerDistrictService } from './ledger-district.service';
import { LedgerExportMaker } from './ledger-export-maker';
import { LedgerExportsService } from './ledger-exports.service';
import { LedgerReminders } from './ledger-reminders';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

/**
 * The anti-bullying work ledger (防治欺凌工作台账, docs/WORK-LEDGER.md): the district's duties catalogue, the
 * activities a school records (with photos and PDFs) and those Anxin finds by itself, each duty's status per
 * semester, reminders before a duty falls due (worker job `ledger.reminders`), the inspection export (worker job
 * `ledger.exports`) and the district's side-by-side view. Owns ledger_duties, ledger_activities, ledger_files,
 * ledger_reminders and ledger_exports.
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, OutboxModule],
  controllers: [LedgerController],
  providers: [LedgerAccess, LedgerService, LedgerDistrictService, LedgerExportsService, LedgerExportMaker, LedgerReminders],
})
export class LedgerModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { PledgeAccess } from './pledge-access';
import { PledgeCopies } from './pledge-copies';
import { PledgeExportsService } from './pledge-exports.service';
import { PledgeFilesController } from './pledge-files.controller';
import { PledgeGuardianController } from './pledge-guardian.controller';
import { PledgePublishingService } from './pledge-publishing.service';
import { PledgeReportsService } from './pledge-reports.service';
import { PledgeSends } from './pledge-sends.service';
import { PledgeSignatureSeal } from './pledge-signature-seal';
import { PledgeSignatureWrites } from './pledge-signature-writes';
import { PledgeSigningService } from './pledge-signing.service';
import { PledgeStaffController } from './pledge-staff.controller';
import { PledgeVerifyService } from './pledge-verify.service';

/**
 * The annual anti-bullying pledge (see docs/PLEDGES.md): opening a school year's pledge and its versions, guardians'
 * (and children's) signatures kept to the day, completion, missing lists, reminders (a class's one tap, and the
 * automatic one before the deadline), and the worker's message rounds. Owns pledges, pledge_versions,
 * pledge_signatures, pledge_signature_images, pledge_reminders and pledge_sends.
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, CryptoModule, OutboxModule],
  controllers: [PledgeStaffController, PledgeGuardianController, PledgeFilesController],
  providers: [
    PledgeAccess, PledgePublishingService, PledgeReportsService, PledgeSigningService, PledgeSignatureWrites, PledgeSends, PledgeSignatureSeal, PledgeCopies,
    PledgeExportsService, PledgeVerifyService,
  ],
})
export class PledgesModule {}

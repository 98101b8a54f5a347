import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { OutboxModule } from '../outbox/outbox.module';
import { PeriodicJobsModule } from '../worker/periodic-jobs.module';
import { AuditSeals } from './seal/audit-seals';
import { SealJob } from './seal/seal-job';
import { SealKinds } from './seal/seal-kinds';

/**
 * Owns the per-school hash-chained audit log, its verifier and its signed daily checkpoints, and the sealing of
 * features' records into it in day batches (SealKinds, AuditSeals, the sealing job). A module that records into it
 * or seals records imports it.
 */
@Module({
  imports: [OutboxModule, PeriodicJobsModule],
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditCheckpointService,
    SealKinds,
    AuditSeals,
    SealJob,
    {
      provide: AuditVerifier,
      inject: [DataSource, APP_CONFIG, SealKinds],
      useFactory: (ds: DataSource, config: AppConfig, sealKinds: SealKinds) =>
        new AuditVerifier(ds, { checkpointDir: config.audit.checkpointDir, trustedKeys: config.audit.trustedKeys, sealKinds }),
    },
  ],
  exports: [AuditService, AuditCheckpointService, AuditVerifier, SealKinds, AuditSeals, SealJob],
})
export class AuditModule {}

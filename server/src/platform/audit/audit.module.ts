import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { OutboxModule } from '../outbox/outbox.module';

/** Owns the per-school hash-chained audit log, its verifier and its signed daily checkpoints. A module that records into it imports it. */
@Module({
  imports: [OutboxModule],
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditCheckpointService,
    {
      provide: AuditVerifier,
      inject: [DataSource, APP_CONFIG],
      useFactory: (ds: DataSource, config: AppConfig) =>
        new AuditVerifier(ds, { checkpointDir: config.audit.checkpointDir, trustedKeys: config.audit.trustedKeys }),
    },
  ],
  exports: [AuditService, AuditCheckpointService, AuditVerifier],
})
export class AuditModule {}

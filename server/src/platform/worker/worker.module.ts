import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from './periodic-jobs.module';
import { WorkerHeartbeats } from './worker-heartbeats';
import { WorkerService } from './worker.service';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SchedulerModule } from '../scheduler/scheduler.module';

/** The background worker loop (outbox delivery + scheduled actions + late alerts + features' periodic jobs) and its heartbeat. */
@Module({ imports: [PeriodicJobsModule, AuditModule, HealthModule, OutboxModule, SchedulerModule], providers: [WorkerService, WorkerHeartbeats], exports: [WorkerService] })
export class WorkerModule {}

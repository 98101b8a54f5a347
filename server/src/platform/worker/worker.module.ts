import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from './periodic-jobs.module';
import { WorkerHeartbeats } from './worker-heartbeats';
import { WorkerService } from './worker.service';

/** The background worker loop (outbox delivery + scheduled actions + late alerts + features' periodic jobs) and its heartbeat. */
@Module({ imports: [PeriodicJobsModule], providers: [WorkerService, WorkerHeartbeats], exports: [WorkerService] })
export class WorkerModule {}

import { Module } from '@nestjs/common';
import { TipsModule } from '../tips/tips.module';
import { WorkerHeartbeats } from './worker-heartbeats';
import { WorkerService } from './worker.service';

/** The background worker loop (outbox delivery + scheduled actions + late alerts) and its heartbeat. */
@Module({ imports: [TipsModule], providers: [WorkerService, WorkerHeartbeats], exports: [WorkerService] })
export class WorkerModule {}

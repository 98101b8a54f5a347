import { Module } from '@nestjs/common';
import { WorkerService } from './worker.service';

/** The background worker loop (outbox delivery + scheduled actions + late alerts). */
@Module({ providers: [WorkerService], exports: [WorkerService] })
export class WorkerModule {}

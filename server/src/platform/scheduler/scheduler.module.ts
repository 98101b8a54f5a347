import { Module } from '@nestjs/common';
import { SchedulerService } from './scheduler.service';

/** Deadlines (scheduled actions). A feature module imports it, injects SchedulerService and registers its handlers in onModuleInit. */
@Module({ providers: [SchedulerService], exports: [SchedulerService] })
export class SchedulerModule {}

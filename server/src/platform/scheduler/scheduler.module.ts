import { Global, Module } from '@nestjs/common';
import { SchedulerService } from './scheduler.service';

/** Deadlines (scheduled actions). Global: feature modules inject SchedulerService and register handlers in onModuleInit. */
@Global()
@Module({ providers: [SchedulerService], exports: [SchedulerService] })
export class SchedulerModule {}

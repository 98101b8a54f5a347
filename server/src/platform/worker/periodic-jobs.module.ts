import { Module } from '@nestjs/common';
import { PeriodicJobs } from './periodic-jobs';

/** The worker's job registry, imported by the worker and by every feature that registers a job. */
@Module({ providers: [PeriodicJobs], exports: [PeriodicJobs] })
export class PeriodicJobsModule {}

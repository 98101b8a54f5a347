import { Module } from '@nestjs/common';
import { PeriodicJobs } from './periodic-jobs';

/** The worker's job registry (schedule and leases in the database), imported by the worker and by every feature that registers a job. */
@Module({ providers: [PeriodicJobs], exports: [PeriodicJobs] })
export class PeriodicJobsModule {}

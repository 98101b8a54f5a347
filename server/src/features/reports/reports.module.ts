import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { OversightModule } from '../oversight/oversight.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ReportsController } from './reports.controller';
import { SemesterReportMaker } from './semester-report-maker';
import { SemesterReportsService } from './semester-reports.service';

/**
 * Semester reports (学期报告): a school's or a district's semester as an xlsx and a PDF, asked for through the API and
 * made by the worker's `reports.semester` job from the dashboards' own figures (features/oversight).
 */
@Module({
  imports: [TenancyModule, PeriodicJobsModule, OversightModule],
  controllers: [ReportsController],
  providers: [SemesterReportsService, SemesterReportMaker],
})
export class ReportsModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DashboardsController } from './dashboards.controller';
import { DistrictDashboardService } from './district-dashboard.service';
import { FlagAcksService } from './flag-acks.service';
import { NoticeTallies } from './notice-tallies';
import { SchoolDashboardService } from './school-dashboard.service';
import { SupervisionFlags } from './supervision-flags';

/**
 * Oversight: the school and district dashboards, the supervision flags and their acknowledgements, and the receipt
 * tallies the dashboards read (a periodic job). The semesters come from features/calendar; the tip figures from
 * features/tips (tip-figures.ts); a school's set-up from features/onboarding.
 */
@Module({
  imports: [TenancyModule, AuditModule, PeriodicJobsModule, OnboardingModule],
  controllers: [DashboardsController],
  providers: [SchoolDashboardService, DistrictDashboardService, FlagAcksService, NoticeTallies, SupervisionFlags],
  exports: [NoticeTallies, SchoolDashboardService, DistrictDashboardService],
})
export class OversightModule {}

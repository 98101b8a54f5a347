import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { Logger } from 'pino';
import { semesterByKey, type SemesterReportStatus } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { districtCalendar } from '../calendar/district-calendar';
import { DistrictDashboardService } from '../oversight/district-dashboard.service';
import { SchoolDashboardService } from '../oversight/school-dashboard.service';
import { posterFonts } from '../posters/poster-font';
import { DistrictEntity } from '../tenancy/district.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { districtReportContent, schoolReportContent, type ReportContent } from './report-content';
import { renderReportPdf } from './report-pdf';
import { buildReportXlsx } from './report-xlsx';
import { SemesterReportEntity } from './semester-report.entity';

export const SEMESTER_REPORTS_JOB = 'reports.semester';
const EVERY_MS = 10_000;
/** Reports made per run, oldest first; the rest wait for the next run. */
const PER_RUN = 5;

/**
 * The worker's `reports.semester` job (every 10 seconds, and at once when a report is asked for in a process that runs
 * a worker): deletes the reports whose seven days are over, then makes the waiting ones, oldest first. A report's
 * figures are its dashboard's, computed by the oversight services as of the run (the school's exact or suppressed as
 * the report says, the district's always suppressed); its progress is stored as it goes (10 figures being read, 50
 * the spreadsheet, 80 the PDF, 100 ready). The job runs in one worker at a time (PeriodicJobs), so a report still
 * `running` when a run starts was left by a worker that stopped, and is made again.
 */
@Injectable()
export class SemesterReportMaker implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly schools: SchoolDashboardService,
    private readonly districts: DistrictDashboardService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SEMESTER_REPORTS_JOB, EVERY_MS, () => this.run());
  }

  async run(): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, (m) => m.delete(SemesterReportEntity, { expiresAt: LessThanOrEqual(now) }));
    const waiting = await this.ds.manager.find(SemesterReportEntity, {
      where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' }, take: PER_RUN,
    });
    for (const report of waiting) {
      try {
        await this.make(report);
      } catch (e) {
        this.log.error({ err: e, reportId: report.id }, 'semester report failed');
        await this.mark(report.id, 'failed', 0);
      }
    }
  }

  private async make(report: SemesterReportEntity): Promise<void> {
    await this.mark(report.id, 'running', 10);
    const content = await this.content(report);
    await this.mark(report.id, 'running', 50);
    const xlsx = await buildReportXlsx(content);
    await this.mark(report.id, 'running', 80);
    const pdf = await renderReportPdf(content, await posterFonts());
    const finishedAt = this.clock.now();
    await inTransaction(this.ds, (m) => m.update(SemesterReportEntity, { id: report.id }, { status: 'ready', progress: 100, xlsx, pdf, finishedAt }));
  }

  private async content(report: SemesterReportEntity): Promise<ReportContent> {
    const now = this.clock.now();
    if (report.scope === 'school') {
      const school = await this.ds.manager.findOneOrFail(SchoolEntity, { where: { id: report.scopeId } });
      return schoolReportContent(await this.schools.compute(school, report.semesterKey, report.exact, now));
    }
    const district = await this.ds.manager.findOneOrFail(DistrictEntity, { where: { id: report.scopeId } });
    const calendar = await districtCalendar(this.ds.manager, district.id);
    const semester = semesterByKey(calendar, report.semesterKey);
    if (!semester) throw new Error(`no semester ${report.semesterKey}`);
    return districtReportContent(await this.districts.compute(district, calendar, semester, now));
  }

  private mark(id: string, status: SemesterReportStatus, progress: number): Promise<unknown> {
    return inTransaction(this.ds, (m) => m.update(SemesterReportEntity, { id }, { status, progress }));
  }
}

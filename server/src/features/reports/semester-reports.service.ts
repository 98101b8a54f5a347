import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ErrorCode, Permission, REPORT_LIMITS, semesterByKey, type SemesterReport, type SemesterReportListResponse, type SemesterReportScope,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { districtCalendar } from '../calendar/district-calendar';
import { SchoolDashboardService } from '../oversight/school-dashboard.service';
import { chosenSemester } from '../oversight/semester-choice';
import { AccessService } from '../tenancy/access.service';
import { DistrictEntity } from '../tenancy/district.entity';
import { SEMESTER_REPORTS_JOB } from './semester-report-maker';
import { SemesterReportEntity } from './semester-report.entity';

const DAY = 86_400_000;

/**
 * Asking for a semester report, listing a school's or a district's, and serving the files. Who may: those who may see
 * the dashboard (`SchoolDashboardService.viewer`, `AccessService.requireDistrict`). A school's report is exact when a
 * case handler asked for it, and then only the case handlers see it; the others' reports, like every district report,
 * show small counts as '<3'.
 */
@Injectable()
export class SemesterReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly schools: SchoolDashboardService,
    private readonly jobs: PeriodicJobs,
    private readonly clock: Clock,
  ) {}

  /** Queues a report of the semester (default: the current one); one already waiting for the same is given back instead. */
  async request(auth: AuthContext, scope: SemesterReportScope, scopeId: string, semesterKey: string | undefined): Promise<SemesterReport> {
    const { districtId, exact } = await this.scopeOf(auth, scope, scopeId);
    const now = this.clock.now();
    const semester = chosenSemester(await districtCalendar(this.ds.manager, districtId), semesterKey, now);
    const report = await inTransaction(this.ds, async (m) => {
      const waiting = await m.findOne(SemesterReportEntity, {
        where: { scope, scopeId, semesterKey: semester.key, exact, status: In(['queued', 'running']) },
      });
      if (waiting) return waiting;
      return m.save(m.create(SemesterReportEntity, {
        scope, scopeId, semesterKey: semester.key, exact, status: 'queued', progress: 0, requestedBy: auth.userId,
        createdAt: now, finishedAt: null, expiresAt: new Date(now.getTime() + REPORT_LIMITS.keepDays * DAY),
      }));
    });
    // Made at once when this process runs a worker; otherwise the worker's next tick takes it.
    void this.jobs.runNow(SEMESTER_REPORTS_JOB).catch(() => undefined);
    return this.map(report);
  }

  async list(auth: AuthContext, scope: SemesterReportScope, scopeId: string): Promise<SemesterReportListResponse> {
    const { exact } = await this.scopeOf(auth, scope, scopeId);
    const rows = await this.ds.manager.find(SemesterReportEntity, {
      where: { scope, scopeId, ...(exact ? {} : { exact: false }) },
      order: { createdAt: 'DESC' },
      take: REPORT_LIMITS.listMax,
    });
    const now = this.clock.now();
    return { items: rows.filter((r) => r.expiresAt > now).map((r) => this.map(r)) };
  }

  /** A ready report's file: 404 for another school or district, an exact report to a viewer of suppressed counts, or after expiry; 409 while not ready. */
  async file(auth: AuthContext, id: string, kind: 'xlsx' | 'pdf'): Promise<{ data: Buffer; fileName: string }> {
    const report = await this.ds.manager.findOne(SemesterReportEntity, { where: { id } });
    if (!report) throw AppException.notFound('报告');
    const { name, exact } = await this.scopeOf(auth, report.scope, report.scopeId);
    if (report.exact && !exact) throw AppException.notFound('报告');
    if (report.expiresAt <= this.clock.now()) throw AppException.notFound('报告');
    if (report.status !== 'ready') throw AppException.conflict(ErrorCode.REPORT_NOT_READY, report.status === 'failed' ? '报告生成失败，请重新生成' : '报告还在生成中，请稍后再试');
    const row = await this.ds.manager.findOne(SemesterReportEntity, { where: { id }, select: { id: true, [kind]: true } });
    const data = row?.[kind];
    if (!data) throw AppException.notFound('报告');
    return { data: Buffer.from(data), fileName: `${name}${semesterByKey([], report.semesterKey)?.label ?? report.semesterKey}学期报告.${kind}` };
  }

  /** The caller's right to the school's or the district's reports (404 elsewhere), its district and name, and whether their counts are exact. */
  private async scopeOf(auth: AuthContext, scope: SemesterReportScope, scopeId: string): Promise<{ districtId: string; name: string; exact: boolean }> {
    if (scope === 'school') {
      const { school, exact } = await this.schools.viewer(auth, scopeId);
      return { districtId: school.districtId, name: school.name, exact };
    }
    this.access.requireDistrict(auth, scopeId, Permission.DISTRICT_READ);
    const district = await this.ds.manager.findOne(DistrictEntity, { where: { id: scopeId } });
    if (!district) throw AppException.notFound('教育局');
    return { districtId: district.id, name: district.name, exact: false };
  }

  /** A semester's label depends on its key alone (the calendar moves its dates, not its name). */
  private map(r: SemesterReportEntity): SemesterReport {
    return {
      id: r.id, scope: r.scope, scopeId: r.scopeId, semester: r.semesterKey,
      semesterLabel: semesterByKey([], r.semesterKey)?.label ?? r.semesterKey,
      status: r.status, progress: r.progress, exact: r.exact, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(),
    };
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import {
  Permission, semesterAt, suppressCount, suppressShare, type DistrictDashboardResponse, type DistrictDashboardSchool, type SchoolYearCalendar,
  type Semester, compareNames,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { LOGGER } from '../../platform/common/logging/logger';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { districtCalendar, semesterInfo } from '../calendar/district-calendar';
import { SetupStatus } from '../onboarding/setup-status';
import { AccessService } from '../tenancy/access.service';
import { DistrictEntity } from '../tenancy/district.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { emptyOpenTally, emptyWindowTally, openTally, windowTally } from '../tips/tip-figures';
import { addOutcomeCounts, outcomeCounts, outcomeFigures } from '../tips/triage/tip-outcome-figures';
import { freshSnapshot, SNAPSHOT_MAX_AGE_MS, storeSnapshot } from './dashboard-snapshots';
import { noticeFigures } from './notice-figures';
import { NoticeTallies } from './notice-tallies';
import { chosenSemester, semesterOptions } from './semester-choice';
import { SupervisionFlags } from './supervision-flags';

export const DISTRICT_DASHBOARDS_JOB = 'oversight.district-dashboards';

/**
 * The district dashboard (district officers): every school of the district side by side for a semester — tips,
 * acknowledged within the deadline, overdue now, escalated to the district, set-up, letters home read and confirmed —
 * with the supervision flags (supervision-flags.ts), schools needing attention first: open flags, then overdue
 * cases, then the least set-up. Counts only, and 1 and 2 as '<3' throughout (small-counts.ts): no child of any
 * school is identifiable here. Computed at most once a minute per district and semester (dashboard-snapshots.ts): the
 * worker computes each district's current semester every minute, and a request is served the last one while it is
 * younger than a minute, else computes it.
 */
@Injectable()
export class DistrictDashboardService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly setup: SetupStatus,
    private readonly tallies: NoticeTallies,
    private readonly flags: SupervisionFlags,
    private readonly jobs: PeriodicJobs,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DISTRICT_DASHBOARDS_JOB, SNAPSHOT_MAX_AGE_MS, () => this.refreshCurrentSemesters());
  }

  /** The dashboard as JSON text (a DistrictDashboardResponse): the kept one while it is fresh, else computed now. */
  async getJson(auth: AuthContext, districtId: string, semesterKey: string | undefined): Promise<string> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const district = await this.ds.manager.findOne(DistrictEntity, { where: { id: districtId } });
    if (!district) throw AppException.notFound('教育局');
    const now = this.clock.now();
    const calendar = await districtCalendar(this.ds.manager, districtId);
    const semester = chosenSemester(calendar, semesterKey, now);
    const kept = await freshSnapshot(this.ds.manager, districtId, semester.key, now);
    if (kept) return kept.body;
    return this.computeAndKeep(district, calendar, semester, now);
  }

  /** The worker's job: each district's dashboard of its current semester, computed again. */
  async refreshCurrentSemesters(): Promise<void> {
    const now = this.clock.now();
    for (const district of await this.ds.manager.find(DistrictEntity)) {
      try {
        const calendar = await districtCalendar(this.ds.manager, district.id);
        await this.computeAndKeep(district, calendar, semesterAt(calendar, now), now);
      } catch (e) {
        this.log.error({ err: e, districtId: district.id }, 'district dashboard refresh failed');
      }
    }
  }

  private async computeAndKeep(district: DistrictEntity, calendar: readonly SchoolYearCalendar[], semester: Semester, now: Date): Promise<string> {
    const body = JSON.stringify(await this.compute(district, calendar, semester, now));
    await storeSnapshot(this.ds, district.id, semester.key, now, body);
    return body;
  }

  /** The dashboard as of `now` (no access check: `get` and the worker's job call it). */
  async compute(district: DistrictEntity, calendar: readonly SchoolYearCalendar[], semester: Semester, now: Date): Promise<DistrictDashboardResponse> {
    const m = this.ds.manager;
    const districtId = district.id;
    const schools = await m.find(SchoolEntity, { where: { districtId } });
    const ids = schools.map((s) => s.id);
    const [tally, open, setup, letters, outcomes] = await Promise.all([
      windowTally(m, ids, semester, ['school_id'], now),
      openTally(m, { districtId }, now),
      this.setup.forSchools(m, schools),
      this.tallies.sums(m, ids, semester, ['letter']),
      outcomeCounts(m, ids, semester),
    ]);
    const raised = await this.flags.forSchools(m, districtId, schools, calendar, semester, now, new Map(tally.map((r) => [r.schoolId, r])));

    const c = (n: number) => suppressCount(n, false);
    const sort: { row: DistrictDashboardSchool; overdue: number; setupShare: number }[] = schools.map((school) => {
      const t = tally.find((r) => r.schoolId === school.id) ?? emptyWindowTally();
      const o = open.get(school.id) ?? emptyOpenTally();
      const s = setup.get(school.id)!;
      const mine = raised.filter((f) => f.flag.schoolId === school.id);
      return {
        overdue: o.overdue,
        setupShare: s.total ? s.done / s.total : 1,
        row: {
          schoolId: school.id, schoolName: school.name, tips: c(t.total), acknowledged: c(t.acknowledged), withinDeadline: c(t.withinDeadline),
          withinDeadlineShare: suppressShare(t.withinDeadline, t.acknowledged + t.ackOverdue, false),
          overdue: c(o.overdue), escalatedToDistrict: c(t.escalatedToDistrict),
          setup: { done: s.done, total: s.total, complete: s.complete },
          letters: noticeFigures(letters.get(school.id)!, false),
          flagsOpen: mine.filter((f) => f.open).length, flagsAcknowledged: mine.filter((f) => !f.open).length,
          outcomes: outcomeFigures(outcomes.get(school.id), false),
        },
      };
    });
    sort.sort((a, b) => b.row.flagsOpen - a.row.flagsOpen || b.overdue - a.overdue || a.setupShare - b.setupShare
      || compareNames(a.row.schoolName, b.row.schoolName));

    const sum = (f: (r: (typeof tally)[number]) => number) => tally.reduce((n, r) => n + f(r), 0);
    const overdue = [...open.values()].reduce((n, o) => n + o.overdue, 0);
    return {
      districtId, districtName: district.name, semester: semesterInfo(semester), semesters: semesterOptions(calendar, now), asOf: now.toISOString(),
      totals: {
        schools: schools.length, tips: c(sum((r) => r.total)),
        withinDeadlineShare: suppressShare(sum((r) => r.withinDeadline), sum((r) => r.acknowledged + r.ackOverdue), false),
        overdue: c(overdue), escalatedToDistrict: c(sum((r) => r.escalatedToDistrict)),
        schoolsSetUp: [...setup.values()].filter((s) => s.complete).length, flagsOpen: raised.filter((f) => f.open).length,
        outcomes: outcomeFigures(addOutcomeCounts(outcomes.values()), false),
      },
      schools: sort.map((x) => x.row),
      flags: raised.map((f) => f.flag),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  formatDate, NOTICE_KINDS, Permission, semesterMonths, suppressCount, suppressShare, TipCategory, type SchoolDashboardResponse,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { BindingEntity } from '../bindings/binding.entity';
import { districtCalendar, semesterInfo } from '../calendar/district-calendar';
import { AccessService } from '../tenancy/access.service';
import type { SchoolEntity } from '../tenancy/school.entity';
import { isDesignatedContact } from '../tenancy/designated-contact';
import { holdsCaseRole } from '../tips/tip-access.policy';
import { emptyOpenTally, emptyWindowTally, openTally, tipTimes, windowTally, type WindowTally } from '../tips/tip-figures';
import { outcomeCounts, outcomeFigures } from '../tips/triage/tip-outcome-figures';
import { NoticeTallies } from './notice-tallies';
import { noticeFigures } from './notice-figures';
import { pledgeFigures } from './pledge-figures';
import { chosenSemester, semesterOptions } from './semester-choice';

const MINUTE = 60_000;

/** The nearest-rank percentile `q` (0–1) of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * A school's dashboard (the principal, the designated contact, the school admin): this semester's tips by category
 * and month, how quickly they were acknowledged, escalations and confirmed cases; the cases open and overdue now; the
 * letters and notices of the semester, read and confirmed; bindings waiting for a decision; the school year's pledge
 * by grade. Exact for the school's case handlers (the principal, the designated contact), otherwise small counts are
 * '<3' (small-counts.ts).
 */
@Injectable()
export class SchoolDashboardService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly tallies: NoticeTallies,
    private readonly clock: Clock,
  ) {}

  async get(auth: AuthContext, schoolId: string, semesterKey: string | undefined): Promise<SchoolDashboardResponse> {
    const { school, exact } = await this.viewer(auth, schoolId);
    return this.compute(school, semesterKey, exact, this.clock.now());
  }

  /**
   * Who may see the school's dashboard (and ask for its semester reports): the principal, the designated contact and
   * the school administrator; `exact` says whether their counts are exact (the case handlers).
   */
  async viewer(auth: AuthContext, schoolId: string): Promise<{ school: SchoolEntity; exact: boolean }> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_DASHBOARD);
    const roles = this.access.rolesAtSchool(auth, school);
    // The contact role opens it only for the designated contact (tenancy/designated-contact.ts), as it does tips.
    if (!roles.some((r) => r.schoolId === school.id && (r.role === 'admin' || r.role === 'principal')) && !isDesignatedContact(auth.userId, roles, school)) {
      throw AppException.forbidden('只有校长、欺凌防治负责人和学校管理员可以查看学校看板');
    }
    return { school, exact: holdsCaseRole(auth.userId, roles, school) };
  }

  /** The dashboard as of `now`, exact or with small counts as '<3' (no access check: `get` and semester reports call it). */
  async compute(school: SchoolEntity, semesterKey: string | undefined, exact: boolean, now: Date): Promise<SchoolDashboardResponse> {
    const schoolId = school.id;
    const c = (n: number) => suppressCount(n, exact);
    const m = this.ds.manager;
    const calendar = await districtCalendar(m, school.districtId);
    const semester = chosenSemester(calendar, semesterKey, now);

    const [byCategory, open, times, notices, pending, pledges, outcomes] = await Promise.all([
      windowTally(m, [schoolId], semester, ['category'], now),
      openTally(m, { schoolIds: [schoolId] }, now),
      tipTimes(m, schoolId, semester),
      this.tallies.sums(m, [schoolId], semester, NOTICE_KINDS),
      m.count(BindingEntity, { where: { schoolId, status: 'pending' } }),
      pledgeFigures(m, schoolId, `${semester.schoolYear}-${semester.schoolYear + 1}`, exact),
      outcomeCounts(m, [schoolId], semester),
    ]);
    const all = emptyWindowTally();
    for (const r of byCategory) for (const k of Object.keys(all) as (keyof WindowTally)[]) all[k] += r[k];
    const months = new Map(semesterMonths(semester).map((month) => [month, 0]));
    for (const t of times) {
      const month = formatDate(t.submittedAt).slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
    const waits = times.filter((t) => t.acknowledgedAt).map((t) => (t.acknowledgedAt!.getTime() - t.submittedAt.getTime()) / MINUTE).sort((a, b) => a - b);
    // A time of one or two acknowledgements would tell how one tip went: withheld where counts are.
    const timesShown = waits.length > 0 && suppressCount(waits.length, exact) !== '<3';
    const cases = open.get(schoolId) ?? emptyOpenTally();

    return {
      schoolId, schoolName: school.name, semester: semesterInfo(semester), semesters: semesterOptions(calendar, now), asOf: now.toISOString(), exact,
      tips: {
        total: c(all.total),
        byCategory: Object.values(TipCategory).map((category) => ({ category, count: c(byCategory.find((r) => r.category === category)?.total ?? 0) })),
        byMonth: [...months].map(([month, n]) => ({ month, label: `${Number(month.slice(5))}月`, count: c(n) })),
        escalatedToPrincipal: c(all.escalatedToPrincipal), escalatedToDistrict: c(all.escalatedToDistrict), confirmed: c(all.confirmed),
        outcomes: outcomeFigures(outcomes.get(schoolId), exact),
      },
      acknowledgement: {
        acknowledged: c(all.acknowledged), withinDeadline: c(all.withinDeadline), withinDeadlineShare: suppressShare(all.withinDeadline, all.acknowledged + all.ackOverdue, exact),
        medianMinutes: timesShown ? Math.round(percentile(waits, 0.5)) : null, p90Minutes: timesShown ? Math.round(percentile(waits, 0.9)) : null,
      },
      cases: { open: c(cases.open), overdue: c(cases.overdue), investigationsOverdue: c(cases.investigationsOverdue) },
      notices: noticeFigures(notices.get(schoolId)!, exact),
      bindings: { pending: c(pending) },
      pledges,
    };
  }
}

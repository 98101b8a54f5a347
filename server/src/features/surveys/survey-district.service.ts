import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  compareNames, Permission, previousSemester, surveyCell, surveyRate, surveyWorsenedSharply, type SchoolYearCalendar, type SurveyDistrictResponse,
  type SurveyDistrictSchool,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { districtCalendar } from '../calendar/district-calendar';
import { chosenSemester, semesterOptions } from '../oversight/semester-choice';
import { AccessService } from '../tenancy/access.service';
import { districtAuditRecord } from '../tenancy/district-audit';
import { DistrictEntity } from '../tenancy/district.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { SurveyAnswerEntity } from './survey-answer.entity';
import { figures, tallyOf } from './survey-tally';
import { mapSurveySummary, studentsPerClass } from './survey-views';
import { SurveyEntity } from './survey.entity';

/**
 * The district's view (district officers of the district; another district 404): every school's headline figures of a
 * semester's survey side by side — response rate, prevalence, mean safety, the change since the school's survey of the
 * semester before — aggregated over the whole school only, with the same small-cell rule (nothing over fewer than five
 * answers), and schools whose figures worsened sharply (`surveyWorsenedSharply`, shared) flagged and listed first.
 * Reading it is an entry of the district's audit chain (`survey.district_viewed`).
 */
@Injectable()
export class SurveyDistrictService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async view(auth: AuthContext, districtId: string, semesterKey: string | undefined): Promise<SurveyDistrictResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const m = this.ds.manager;
    if (!(await m.findOne(DistrictEntity, { where: { id: districtId } }))) throw AppException.notFound('教育局');
    const now = this.clock.now();
    const calendar = await districtCalendar(m, districtId);
    const semester = chosenSemester(calendar, semesterKey, now);
    const before = previousSemester(calendar, semester);
    const schools = await m.find(SchoolEntity, { where: { districtId } });
    const out: SurveyDistrictSchool[] = [];
    for (const school of schools) {
      const current = await this.headline(m, school.id, semester.key, calendar, now);
      const prev = await this.headline(m, school.id, before.key, calendar, now);
      const previous = prev ? { prevalence: prev.prevalence, safetyMean: prev.safetyMean } : null;
      const change = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? null : a - b);
      out.push({
        schoolId: school.id, schoolName: school.name,
        survey: current?.summary ?? null, responses: current ? current.responses : null, responseRate: current?.responseRate ?? null,
        prevalence: current?.prevalence ?? null, safetyMean: current?.safetyMean ?? null, previous,
        prevalenceChange: change(current?.prevalence, previous?.prevalence), safetyChange: change(current?.safetyMean, previous?.safetyMean),
        worsenedSharply: current ? surveyWorsenedSharply(current, previous) : false,
      });
    }
    out.sort((a, b) => Number(b.worsenedSharply) - Number(a.worsenedSharply) || compareNames(a.schoolName, b.schoolName));
    await inTransaction(this.ds, (tx) => this.audit.append(tx, districtAuditRecord(districtId, {
      actorUserId: auth.userId, actorRole: 'district_officer', action: 'survey.district_viewed', targetType: 'district', targetId: districtId,
      details: { semester: semester.key, flagged: out.filter((s) => s.worsenedSharply).length },
    })));
    return { semesterKey: semester.key, semesterLabel: semester.label, semesters: semesterOptions(calendar, now), schools: out };
  }

  /** A school's latest survey of a semester, summed over the whole school, small cells suppressed; null without one. */
  private async headline(m: EntityManager, schoolId: string, semesterKey: string, calendar: readonly SchoolYearCalendar[], now: Date) {
    const survey = await m.findOne(SurveyEntity, { where: { schoolId, semesterKey }, order: { opensAt: 'DESC' } });
    if (!survey) return null;
    const rows = await m.find(SurveyAnswerEntity, { where: { surveyId: survey.id }, select: { id: true, classId: true, answers: true } });
    const students = [...(await studentsPerClass(m, survey.classIds)).values()].reduce((s, n) => s + n, 0);
    const f = figures(tallyOf(rows));
    return {
      summary: mapSurveySummary(survey, calendar, now), responses: surveyCell(rows.length), responseRate: surveyRate(rows.length, students),
      prevalence: f.prevalence, safetyMean: f.safetyMean,
    };
  }
}

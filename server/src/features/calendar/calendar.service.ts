import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  calendarProblems, ErrorCode, Permission, schoolYearOf, semesterAt, type DistrictCalendarResponse, type PutDistrictCalendarRequest,
  type SchoolYearCalendar,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { dropSnapshots } from '../oversight/dashboard-snapshots';
import { AccessService } from '../tenancy/access.service';
import { districtAuditRecord } from '../tenancy/district-audit';
import { DistrictEntity } from '../tenancy/district.entity';
import { districtCalendar, semesterInfo } from './district-calendar';
import { SemesterCalendarEntity } from './semester-calendar.entity';

/** A district's school-year calendar: its officers read it and set their own semester dates (audited in the district's chain). */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(auth: AuthContext, districtId: string): Promise<DistrictCalendarResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    await this.district(districtId);
    return this.view(districtId, await districtCalendar(this.ds.manager, districtId));
  }

  /** Replaces the school years the district sets; 422 CALENDAR_INVALID with the problems in Chinese. */
  async put(auth: AuthContext, districtId: string, dto: PutDistrictCalendarRequest): Promise<DistrictCalendarResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    await this.district(districtId);
    const years: SchoolYearCalendar[] = [...dto.years]
      .map((y) => ({ schoolYear: y.schoolYear, first: { ...y.first }, second: { ...y.second } }))
      .sort((a, b) => a.schoolYear - b.schoolYear);
    const problems = calendarProblems(years);
    if (problems.length) throw AppException.unprocessable(ErrorCode.CALENDAR_INVALID, `校历有误：${problems.join('；')}`, problems);
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const before = await districtCalendar(m, districtId);
      await m.delete(SemesterCalendarEntity, { districtId });
      for (const y of years) {
        await m.insert(SemesterCalendarEntity, {
          id: randomUUID(), districtId, schoolYear: y.schoolYear, firstStartsOn: y.first.startsOn, firstEndsOn: y.first.endsOn,
          secondStartsOn: y.second.startsOn, secondEndsOn: y.second.endsOn, updatedBy: auth.userId, updatedAt: now,
        });
      }
      // Every semester's bounds may have moved: the district's dashboards are computed again.
      await dropSnapshots(m, districtId);
      await this.audit.append(m, districtAuditRecord(districtId, {
        actorUserId: auth.userId, actorRole: 'district_officer', action: 'calendar.changed', targetType: 'district', targetId: districtId,
        details: { before, after: years },
      }));
    });
    return this.view(districtId, years);
  }

  private async district(districtId: string): Promise<DistrictEntity> {
    const d = await this.ds.getRepository(DistrictEntity).findOne({ where: { id: districtId } });
    if (!d) throw AppException.notFound('教育局');
    return d;
  }

  private view(districtId: string, years: SchoolYearCalendar[]): DistrictCalendarResponse {
    const current = semesterAt(years, this.clock.now());
    return {
      districtId, years, current: semesterInfo(current),
      upcoming: [schoolYearOf(years, current.schoolYear), schoolYearOf(years, current.schoolYear + 1)],
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { DistrictRole, Permission, type DistrictConsoleResponse, type SchoolSetupResponse, compareNames } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { isoRequired } from '../../platform/database/dates';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { DistrictEntity } from '../tenancy/district.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { SetupStatus } from './setup-status';

/** A school's set-up checklist (its administrators and principal) and the district console (its officers). */
@Injectable()
export class SetupService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly status: SetupStatus,
  ) {}

  async school(auth: AuthContext, schoolId: string): Promise<SchoolSetupResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const s = (await this.status.forSchools(this.ds.manager, [school])).get(school.id)!;
    return { schoolId: school.id, schoolName: school.name, done: s.done, total: s.total, complete: s.complete, items: s.items };
  }

  /** Every school of the district with its set-up state, the ones still setting up first; the officers by name. */
  async district(auth: AuthContext, districtId: string): Promise<DistrictConsoleResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const m = this.ds.manager;
    const district = await m.findOne(DistrictEntity, { where: { id: districtId } });
    if (!district) throw AppException.notFound('教育局');
    const [schools, officerRoles] = await Promise.all([
      m.find(SchoolEntity, { where: { districtId } }),
      m.find(StaffRoleEntity, { where: { districtId, schoolId: IsNull(), role: DistrictRole.OFFICER }, order: { createdAt: 'ASC' } }),
    ]);
    const officerIds = [...new Set(officerRoles.map((r) => r.userId))];
    const users = officerIds.length ? await m.find(UserEntity, { where: { id: In(officerIds) }, select: { id: true, displayName: true } }) : [];
    const setup = await this.status.forSchools(m, schools);
    const rows = schools.map((school) => {
      const s = setup.get(school.id)!;
      return {
        id: school.id, name: school.name, stage: school.stage ?? null, address: school.address ?? null, nationalCode: school.nationalCode ?? null,
        createdAt: isoRequired(school.createdAt), hasAdmin: s.hasAdmin, hasPrincipal: s.hasPrincipal,
        done: s.done, total: s.total, complete: s.complete, items: s.items,
      };
    });
    rows.sort((a, b) => Number(a.complete) - Number(b.complete) || compareNames(a.name, b.name));
    return {
      district: { id: district.id, name: district.name, code: district.code },
      officers: officerIds.map((id) => ({ displayName: users.find((u) => u.id === id)?.displayName ?? '' })),
      schools: rows,
      schoolsComplete: rows.filter((r) => r.complete).length,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { compareNames, Permission, type ChildDataOfficer, type SetChildDataOfficerRequest } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { iso } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { BindingEntity } from '../bindings/binding.entity';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { ChildDataOfficerEntity } from './child-data-officer.entity';

/**
 * Each school's person responsible for children's personal information: set by the principal or a school admin
 * (school.manage, audited), read by the school's staff, and shown to every user of the school on the policy page.
 */
@Injectable()
export class ChildDataOfficerService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(auth: AuthContext, schoolId: string): Promise<ChildDataOfficer> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_READ);
    return this.view(school, await this.ds.getRepository(ChildDataOfficerEntity).findOne({ where: { schoolId: school.id } }));
  }

  async set(auth: AuthContext, schoolId: string, dto: SetChildDataOfficerRequest): Promise<ChildDataOfficer> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const row = await inTransaction(this.ds, async (m) => {
      const before = await m.findOne(ChildDataOfficerEntity, { where: { schoolId: school.id } });
      const next = { schoolId: school.id, name: dto.name.trim(), phone: dto.phone.trim(), updatedAt: this.clock.now() };
      await m.save(m.create(ChildDataOfficerEntity, next));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'child_data_officer.changed',
        targetType: 'school', targetId: school.id, details: { from: before ? { name: before.name, phone: before.phone } : null, to: { name: next.name, phone: next.phone } },
      });
      return next;
    });
    return this.view(school, row);
  }

  /** The officers of every school the caller belongs to: as staff, or through a binding to a child there (any state). */
  async mine(auth: AuthContext): Promise<ChildDataOfficer[]> {
    const bound = await this.ds.getRepository(BindingEntity).find({ where: { guardianUserId: auth.userId }, select: { schoolId: true } });
    const ids = [...new Set([...auth.roles.map((r) => r.schoolId).filter((x): x is string => !!x), ...bound.map((b) => b.schoolId)])];
    if (!ids.length) return [];
    const [schools, officers] = await Promise.all([
      this.ds.getRepository(SchoolEntity).find({ where: { id: In(ids) } }),
      this.ds.getRepository(ChildDataOfficerEntity).find({ where: { schoolId: In(ids) } }),
    ]);
    return schools.map((s) => this.view(s, officers.find((o) => o.schoolId === s.id) ?? null)).sort((a, b) => compareNames(a.schoolName, b.schoolName));
  }

  private view(school: SchoolEntity, row: Pick<ChildDataOfficerEntity, 'name' | 'phone' | 'updatedAt'> | null): ChildDataOfficer {
    return { schoolId: school.id, schoolName: school.name, name: row?.name ?? null, phone: row?.phone ?? null, updatedAt: iso(row?.updatedAt ?? null) };
  }
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import {
  EMERGENCY_NUMBERS, ErrorCode, Permission, SchoolRole, type CreateDistrictSchoolRequest, type SchoolPublicResponse,
  type SchoolResponse, type SetContactRequest, type UpdateSchoolRequest,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from './access.service';
import { districtAuditRecord } from './district-audit';
import { CaseRoleNotices } from './case-role-notices';
import { designatedContactId } from './designated-contact';
import { SchoolEntity } from './school.entity';
import { StaffRoleEntity } from './staff-role.entity';
import { StaffService } from './staff.service';
import { mapSchool } from './tenancy.mappers';

/** Schools: the public card, settings, the designated contact, and the district officers' school list. */
@Injectable()
export class SchoolService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    private readonly notices: CaseRoleNotices,
    private readonly clock: Clock,
  ) {}

  /** Anyone may read it (the contact's name and phone are published on campus anyway). */
  async publicCard(schoolId: string): Promise<SchoolPublicResponse> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    const named = school.contactName && school.contactPhone && (await designatedContactId(this.ds.manager, school));
    return {
      id: school.id,
      name: school.name,
      contact: named ? { name: school.contactName!, phone: school.contactPhone! } : null,
      emergencyNumbers: EMERGENCY_NUMBERS.map((e) => ({ name: e.name, number: e.number })),
    };
  }

  async get(auth: AuthContext, schoolId: string): Promise<SchoolResponse> {
    return mapSchool(await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_READ));
  }

  async update(auth: AuthContext, schoolId: string, dto: UpdateSchoolRequest): Promise<SchoolResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      if (dto.name !== undefined && dto.name.trim() !== school.name) {
        const name = dto.name.trim();
        await m.update(SchoolEntity, { id: school.id }, { name });
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'school.updated',
          targetType: 'school', targetId: school.id, details: { old: { name: school.name }, new: { name } },
        });
      }
      return mapSchool(await m.findOneOrFail(SchoolEntity, { where: { id: school.id } }));
    });
  }

  /**
   * Names the designated contact (欺凌防治负责人): a staff user of this school other than the caller, given the contact
   * role if they lack it. Only the principal may (Permission.CONTACT_DESIGNATE). In the same transaction every other
   * holder of the contact role loses it — the previous contact cannot open a tip from the next request on — their
   * open cases are handed back, the change is audited, and the district officers and the previous contact are told
   * through the outbox. The name and phone become the school's public card.
   */
  async setContact(auth: AuthContext, schoolId: string, dto: SetContactRequest): Promise<SchoolResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.CONTACT_DESIGNATE);
    if (dto.userId === auth.userId) {
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.SELF_GRANT_FORBIDDEN, '不能指定自己为欺凌防治负责人，请指定另一位教职工');
    }
    const actorRole = this.access.actingRole(auth, school);
    return inTransaction(this.ds, async (m) => {
      const before = await m.findOneOrFail(SchoolEntity, { where: { id: school.id } });
      const roles = await m.find(StaffRoleEntity, { where: { userId: dto.userId, schoolId: school.id } });
      if (roles.length === 0) {
        throw AppException.unprocessable(ErrorCode.CONTACT_NOT_STAFF, '欺凌防治负责人必须是本校教职工，请先邀请其加入学校');
      }
      if (!roles.some((r) => r.role === SchoolRole.CONTACT)) {
        await this.staff.grantRole(m, auth, school, { userId: dto.userId, role: SchoolRole.CONTACT, classIds: [], via: 'contact' });
      }
      const next = { contactUserId: dto.userId, contactName: dto.name.trim(), contactPhone: dto.phone.trim() };
      await m.update(SchoolEntity, { id: school.id }, next);
      const after = await m.findOneOrFail(SchoolEntity, { where: { id: school.id } });
      const replaced = await m.find(StaffRoleEntity, { where: { schoolId: school.id, role: SchoolRole.CONTACT, userId: Not(dto.userId) } });
      for (const old of replaced) await this.staff.removeRole(m, auth, after, old, { reason: 'contact_replaced' });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'contact.changed', targetType: 'school', targetId: school.id,
        details: {
          old: { userId: before.contactUserId, name: before.contactName, phone: before.contactPhone },
          new: { userId: next.contactUserId, name: next.contactName, phone: next.contactPhone },
        },
      });
      const previous = [before.contactUserId, ...replaced.map((r) => r.userId)].filter((u): u is string => !!u && u !== dto.userId);
      if (before.contactUserId !== dto.userId || previous.length) {
        await this.notices.contactChanged(m, after, { userId: dto.userId, name: next.contactName }, previous);
      }
      return mapSchool(after);
    });
  }

  async listForDistrict(auth: AuthContext, districtId: string): Promise<SchoolResponse[]> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const schools = await this.ds.getRepository(SchoolEntity).find({ where: { districtId }, order: { name: 'ASC' } });
    return schools.map(mapSchool);
  }

  /**
   * A district officer adds a school: name and 学段, and the address and 学校标识码 when known. Name and code are
   * unique within the district (the code also by a unique index, for two officers adding the same school at once).
   * Recorded in the new school's chain and in the district's (district-audit.ts).
   */
  async createInDistrict(auth: AuthContext, districtId: string, dto: CreateDistrictSchoolRequest): Promise<SchoolResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    const name = dto.name.trim();
    const address = dto.address?.trim() || null;
    const nationalCode = dto.nationalCode ?? null;
    const codeTaken = () => AppException.conflict(ErrorCode.ALREADY_EXISTS, `本区已有学校标识码为 ${nationalCode} 的学校`);
    try {
      return await inTransaction(this.ds, async (m) => {
        if (await m.findOne(SchoolEntity, { where: { districtId, name } })) {
          throw AppException.conflict(ErrorCode.ALREADY_EXISTS, `本区已有名为“${name}”的学校`);
        }
        if (nationalCode && (await m.findOne(SchoolEntity, { where: { districtId, nationalCode } }))) throw codeTaken();
        const school = await m.save(m.create(SchoolEntity, {
          districtId, name, stage: dto.stage, address, nationalCode, contactUserId: null, contactName: null, contactPhone: null, settings: null,
          createdAt: this.clock.now(),
        }));
        const details = { name, districtId, stage: dto.stage, address, nationalCode };
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: 'district_officer', action: 'school.created',
          targetType: 'school', targetId: school.id, details,
        });
        await this.audit.append(m, districtAuditRecord(districtId, {
          actorUserId: auth.userId, actorRole: 'district_officer', action: 'school.created', targetType: 'school', targetId: school.id, details,
        }));
        return mapSchool(school);
      });
    } catch (e) {
      if (nationalCode && isDuplicateKey(e)) throw codeTaken();
      throw e;
    }
  }
}

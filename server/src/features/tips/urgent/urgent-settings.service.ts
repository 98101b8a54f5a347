import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ErrorCode, maskPhone, Permission, URGENT_NOTICES, URGENT_STEP_MINUTES_DEFAULT } from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { Clock } from '../../../platform/common/clock/clock';
import { AppException } from '../../../platform/common/errors/app.exception';
import { APP_CONFIG } from '../../../platform/config/config.module';
import type { AppConfig } from '../../../platform/config/app-config';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { inTransaction } from '../../../platform/database/transaction';
import { AccessService } from '../../tenancy/access.service';
import { StaffRoleEntity } from '../../tenancy/staff-role.entity';
import { contactPhoneAad, districtPhoneAad, shiftPhoneAad } from './call-down-chain';
import type { DistrictDutyPhoneDto, PutDistrictDutyPhoneDto, PutUrgentSettingsDto, UrgentSettingsDto } from './urgent.dto';
import { DistrictDutyPhoneEntity, DutyShiftEntity, UrgentContactEntity, UrgentSettingsEntity } from './urgent-settings.entity';

const normalizePhone = (phone: string) => phone.replace(/[\s-]/g, '');

/**
 * A school's call-down settings (the school admin and the principal: `school.manage`): the interval between steps,
 * the urgent list in call order and the duty roster; and a district's duty phone (its officers: `district.manage`).
 * Phones are stored encrypted (school data key; the district phone under the delivery-only key) and only ever
 * answered masked. A write replaces the whole list and roster, audited with counts (never a phone).
 */
@Injectable()
export class UrgentSettingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(auth: AuthContext, schoolId: string): Promise<UrgentSettingsDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return this.read(this.ds.manager, school.id, school.districtId);
  }

  async put(auth: AuthContext, schoolId: string, dto: PutUrgentSettingsDto): Promise<UrgentSettingsDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      await this.checkStaff(m, school.id, [...dto.contacts, ...dto.roster].map((e) => e.userId).filter((x): x is string => !!x));
      for (const s of dto.roster) {
        if (!s.date && s.weekdays.length === 0) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '值班安排需要选择星期几或具体日期');
      }
      const key = await this.crypto.schoolKey(m, school.id);
      const now = this.clock.now();
      const phoneOf = await this.savedPhones(m, school.id);
      const contactPhones = await Promise.all(dto.contacts.map((c, i) => phoneOf(c, `contacts.${i}.phone`)));
      const shiftPhones = await Promise.all(dto.roster.map((s, i) => phoneOf(s, `roster.${i}.phone`)));
      await m.delete(UrgentContactEntity, { schoolId: school.id });
      await m.delete(DutyShiftEntity, { schoolId: school.id });
      for (const [position, c] of dto.contacts.entries()) {
        const id = randomUUID();
        const phone = contactPhones[position];
        await m.insert(UrgentContactEntity, {
          id, schoolId: school.id, position, kind: c.kind, name: c.name.trim(), userId: c.userId ?? null,
          phoneEnc: this.crypto.encryptText(key, phone, contactPhoneAad(id)), phoneMasked: maskPhone(phone),
        });
      }
      for (const [position, s] of dto.roster.entries()) {
        const id = randomUUID();
        const phone = shiftPhones[position];
        await m.insert(DutyShiftEntity, {
          id, schoolId: school.id, position, name: s.name.trim(), userId: s.userId ?? null,
          phoneEnc: this.crypto.encryptText(key, phone, shiftPhoneAad(id)), phoneMasked: maskPhone(phone),
          weekdays: s.date ? '' : [...new Set(s.weekdays)].sort().join(','), day: s.date ?? null, startTime: s.start, endTime: s.end,
        });
      }
      await m.delete(UrgentSettingsEntity, { schoolId: school.id });
      await m.insert(UrgentSettingsEntity, { schoolId: school.id, stepMinutes: dto.stepMinutes, updatedAt: now });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'urgent.settings_changed',
        targetType: 'school', targetId: school.id,
        details: { stepMinutes: dto.stepMinutes, contacts: dto.contacts.length, shifts: dto.roster.length },
      });
      return this.read(m, school.id, school.districtId);
    });
  }

  async getDistrict(auth: AuthContext, districtId: string): Promise<DistrictDutyPhoneDto> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    const row = await this.ds.manager.findOne(DistrictDutyPhoneEntity, { where: { districtId } });
    return { districtId, name: row?.name ?? null, phoneMasked: row?.phoneMasked ?? null };
  }

  async putDistrict(auth: AuthContext, districtId: string, dto: PutDistrictDutyPhoneDto): Promise<DistrictDutyPhoneDto> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    const phone = normalizePhone(dto.phone);
    return inTransaction(this.ds, async (m) => {
      await m.delete(DistrictDutyPhoneEntity, { districtId });
      const row = {
        districtId, name: dto.name.trim(), phoneEnc: this.crypto.sealForDelivery(phone, districtPhoneAad(districtId)),
        phoneMasked: maskPhone(phone), updatedAt: this.clock.now(),
      };
      await m.insert(DistrictDutyPhoneEntity, row);
      // The district's own chain (a district's id in the school column, as for its other events).
      await this.audit.append(m, {
        schoolId: districtId, actorUserId: auth.userId, actorRole: 'district_officer', action: 'urgent.district_duty_changed',
        targetType: 'district', targetId: districtId, details: { phone: row.phoneMasked },
      });
      return { districtId, name: row.name, phoneMasked: row.phoneMasked };
    });
  }

  private async read(m: EntityManager, schoolId: string, districtId: string): Promise<UrgentSettingsDto> {
    const settings = await m.findOne(UrgentSettingsEntity, { where: { schoolId } });
    const contacts = await m.find(UrgentContactEntity, { where: { schoolId }, order: { position: 'ASC' } });
    const roster = await m.find(DutyShiftEntity, { where: { schoolId }, order: { position: 'ASC' } });
    const district = await m.count(DistrictDutyPhoneEntity, { where: { districtId } });
    const telephonyConfigured = !!this.config.telephony;
    const notices: string[] = [];
    if (!telephonyConfigured) notices.push(URGENT_NOTICES.telephonyOff);
    if (!contacts.length) notices.push(URGENT_NOTICES.noContacts);
    if (!roster.length) notices.push(URGENT_NOTICES.noRoster);
    return {
      schoolId,
      stepMinutes: settings?.stepMinutes ?? URGENT_STEP_MINUTES_DEFAULT,
      contacts: contacts.map((c) => ({ id: c.id, kind: c.kind, name: c.name, userId: c.userId, phoneMasked: c.phoneMasked })),
      roster: roster.map((s) => ({
        id: s.id, name: s.name, userId: s.userId, phoneMasked: s.phoneMasked,
        weekdays: s.weekdays ? s.weekdays.split(',').map(Number) : [], date: s.day, start: s.startTime, end: s.endTime,
      })),
      telephonyConfigured,
      notices,
      districtDutyConfigured: district > 0,
    };
  }

  /** A staff member named on the list or roster must be staff of this school. */
  /**
   * The phone of each submitted entry: typed in full, or kept from the saved entry (of this school's list or roster)
   * named by `keepId`. Neither, or a `keepId` that is not one of this school's entries, is a 400 on that field.
   */
  private async savedPhones(m: EntityManager, schoolId: string) {
    const contacts = await m.find(UrgentContactEntity, { where: { schoolId } });
    const shifts = await m.find(DutyShiftEntity, { where: { schoolId } });
    const saved = new Map<string, () => Promise<string>>([
      ...contacts.map((c) => [c.id, () => this.crypto.decryptText(c.phoneEnc, contactPhoneAad(c.id), m)] as const),
      ...shifts.map((s) => [s.id, () => this.crypto.decryptText(s.phoneEnc, shiftPhoneAad(s.id), m)] as const),
    ]);
    return async (entry: { phone?: string; keepId?: string }, field: string): Promise<string> => {
      if (entry.phone !== undefined) return normalizePhone(entry.phone);
      const read = entry.keepId ? saved.get(entry.keepId) : undefined;
      if (!read) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请填写电话号码', [{ field, problems: ['请填写电话号码'] }]);
      return read();
    };
  }

  private async checkStaff(m: EntityManager, schoolId: string, userIds: string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    if (!unique.length) return;
    const rows = await m.find(StaffRoleEntity, { where: { schoolId, userId: In(unique) }, select: { userId: true } });
    const found = new Set(rows.map((r) => r.userId));
    if (unique.some((id) => !found.has(id))) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '名单中的老师不是本校教职工');
  }
}

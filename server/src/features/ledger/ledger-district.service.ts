import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  compareNames, DEFAULT_LEDGER_DUTIES, ErrorCode, LEDGER_LIMITS, Permission, type LedgerCatalogueResponse, type LedgerDistrictResponse,
  type PutLedgerDutyRequest,
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
import { SchoolEntity } from '../tenancy/school.entity';
import { activeDuties, districtCatalogue } from './ledger-catalogue';
import { computeLedger, loadLedgerInputs, statusCounts } from './ledger-compute';
import { LedgerDutyEntity } from './ledger-duty.entity';

/**
 * The district's side of the ledger: its catalogue (every default and its own duties; an officer with
 * district.manage changes one or adds one, in the district's audit chain as ledger.duty_changed), and its schools'
 * ledgers side by side for a semester (each duty's status and the counts per status: no child, no activity text).
 */
@Injectable()
export class LedgerDistrictService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async catalogue(auth: AuthContext, districtId: string): Promise<LedgerCatalogueResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    return { duties: await districtCatalogue(this.ds.manager, districtId) };
  }

  async putDuty(auth: AuthContext, districtId: string, dto: PutLedgerDutyRequest): Promise<LedgerCatalogueResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    if (!dto.name.trim() || !dto.appliesTo.trim() || !dto.evidence.trim()) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请填写名称、适用对象和佐证材料');
    }
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const catalogue = await districtCatalogue(m, districtId);
      const before = dto.key === undefined ? null : catalogue.find((d) => d.key === dto.key);
      if (dto.key !== undefined && !before) throw AppException.notFound('工作项目');
      if (!before && catalogue.filter((d) => d.custom).length >= LEDGER_LIMITS.customDutiesMax) {
        throw AppException.conflict(ErrorCode.CONFLICT, `本区自行添加的工作最多 ${LEDGER_LIMITS.customDutiesMax} 项`);
      }
      const key = before?.key ?? `custom-${randomUUID()}`;
      const values = { name: dto.name.trim(), frequency: dto.frequency, appliesTo: dto.appliesTo.trim(), evidence: dto.evidence.trim(), retired: dto.retired };
      const row = await m.findOne(LedgerDutyEntity, { where: { districtId, dutyKey: key } });
      if (row) await m.update(LedgerDutyEntity, { id: row.id }, { ...values, updatedAt: now, updatedBy: auth.userId });
      else await m.insert(LedgerDutyEntity, { id: randomUUID(), districtId, dutyKey: key, ...values, createdAt: now, updatedAt: now, updatedBy: auth.userId });
      const isDefault = DEFAULT_LEDGER_DUTIES.some((d) => d.key === key);
      await this.audit.append(m, districtAuditRecord(districtId, {
        actorUserId: auth.userId, actorRole: 'district_officer', action: 'ledger.duty_changed', targetType: 'ledger_duty', targetId: null,
        details: { key, added: !before, isDefault, before: before ? { name: before.name, frequency: before.frequency, retired: before.retired } : null, after: values },
      }));
    });
    return { duties: await districtCatalogue(this.ds.manager, districtId) };
  }

  async overview(auth: AuthContext, districtId: string, semesterKey: string | undefined): Promise<LedgerDistrictResponse> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const m = this.ds.manager;
    const now = this.clock.now();
    const calendar = await districtCalendar(m, districtId);
    const semester = chosenSemester(calendar, semesterKey, now);
    const duties = await activeDuties(m, districtId);
    const schools = (await m.find(SchoolEntity, { where: { districtId } })).sort((a, b) => compareNames(a.name, b.name));
    const out = [];
    for (const school of schools) {
      const inputs = await loadLedgerInputs(m, school, calendar, semester, duties, now);
      const rows = computeLedger(calendar, semester, duties, inputs, now, () => false).map((d) => d.row);
      out.push({ schoolId: school.id, schoolName: school.name, counts: statusCounts(rows), statuses: Object.fromEntries(rows.map((r) => [r.key, r.status])) });
    }
    return {
      districtId, semester: semester.key, semesterLabel: semester.label, semesters: semesterOptions(calendar, now),
      duties: duties.map((d) => ({ key: d.key, name: d.name })), schools: out,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Permission } from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { inTransaction } from '../../../platform/database/transaction';
import { AccessService } from '../../tenancy/access.service';
import { SchoolEntity } from '../../tenancy/school.entity';
import type { ReporterViewSettingsDto } from './reporter-view.dto';
import { reporterViewOf } from './reporter-view-settings';

/**
 * Whether the reporter's 处理记录 names staff or only their roles: the school admin's and the principal's choice
 * (`school.manage`), audited with the old and new value.
 */
@Injectable()
export class ReporterViewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async get(auth: AuthContext, schoolId: string): Promise<ReporterViewSettingsDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return reporterViewOf(school.settings);
  }

  async put(auth: AuthContext, schoolId: string, dto: ReporterViewSettingsDto): Promise<ReporterViewSettingsDto> {
    const checked = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      // The settings column holds other choices too: read it locked (SQLite runs one writer at a time anyway).
      const sqlite = this.ds.options.type === 'better-sqlite3';
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: checked.id }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
      const before = reporterViewOf(school.settings);
      if (before.showStaffNames === dto.showStaffNames) return before;
      await m.update(SchoolEntity, { id: school.id }, { settings: { ...(school.settings ?? {}), reporterView: { showStaffNames: dto.showStaffNames } } });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'school.reporter_view_changed',
        targetType: 'school', targetId: school.id, details: { showStaffNames: { old: before.showStaffNames, new: dto.showStaffNames } },
      });
      return { showStaffNames: dto.showStaffNames };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  countText, ErrorCode, Permission, semesterByKey, SUPERVISION_FLAG_KEY_PATTERN, suppressCount, type SupervisionFlag, type SupervisionRule,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { districtCalendar } from '../calendar/district-calendar';
import { AccessService } from '../tenancy/access.service';
import { districtAuditRecord } from '../tenancy/district-audit';
import { SchoolEntity } from '../tenancy/school.entity';
import { dropSnapshots } from './dashboard-snapshots';
import { SupervisionFlagAckEntity } from './supervision-flag-ack.entity';
import { SupervisionFlags, type RaisedFlag } from './supervision-flags';

/**
 * A district officer acknowledges a supervision flag with a note (what the bureau did: 约谈, 督导整改, …). Recorded
 * once per flag, in the district's audit chain; a flag that gained cases since may be acknowledged again.
 */
@Injectable()
export class FlagAcksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly flags: SupervisionFlags,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async ack(auth: AuthContext, districtId: string, key: string, note: string): Promise<SupervisionFlag> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    const [, rule, schoolId, semesterKey] = SUPERVISION_FLAG_KEY_PATTERN.exec(key) ?? [];
    const notFound = () => AppException.notFound('督导提示');
    const school = schoolId ? await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId, districtId } }) : null;
    if (!school) throw notFound();
    const calendar = await districtCalendar(this.ds.manager, districtId);
    const semester = semesterByKey(calendar, semesterKey);
    if (!semester) throw notFound();
    const current = async (): Promise<RaisedFlag> => {
      const raised = (await this.flags.forSchools(this.ds.manager, districtId, [school], calendar, semester, this.clock.now())).find((f) => f.flag.key === key);
      if (!raised) throw notFound();
      return raised;
    };
    const before = await current();
    if (!before.open) throw AppException.conflict(ErrorCode.FLAG_ALREADY_ACKNOWLEDGED, '这条督导提示已经确认过，之后没有新增的情况');
    const taken = () => AppException.conflict(ErrorCode.FLAG_ALREADY_ACKNOWLEDGED, '这条督导提示刚刚已由其他工作人员确认');
    await inTransaction(this.ds, async (m) => {
      const existing = await m.findOne(SupervisionFlagAckEntity, { where: { districtId, flagKey: key } });
      if (existing && existing.countAtAck >= before.exactCount) throw taken();
      if (existing) await m.delete(SupervisionFlagAckEntity, { id: existing.id });
      await m.insert(SupervisionFlagAckEntity, {
        id: randomUUID(), districtId, flagKey: key, schoolId: school.id, rule: rule as SupervisionRule, semesterKey,
        countAtAck: before.exactCount, note, ackedBy: auth.userId, ackedAt: this.clock.now(),
      });
      // The dashboards served from now on show it acknowledged.
      await dropSnapshots(m, districtId);
      // The district's chain: the count as the district sees it (1 and 2 as '<3'), never the cases.
      await this.audit.append(m, districtAuditRecord(districtId, {
        actorUserId: auth.userId, actorRole: 'district_officer', action: 'supervision_flag.acknowledged', targetType: 'school', targetId: school.id,
        details: { flagKey: key, rule, semester: semesterKey, count: countText(suppressCount(before.exactCount, false)), note, again: !!existing },
      }));
    }).catch((e) => {
      // Two officers at once: the unique key keeps one acknowledgement.
      throw isDuplicateKey(e) ? taken() : e;
    });
    return (await current()).flag;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import {
  ackOnTime, compareByUrgency, isOverdue, Permission, TipCategory, TipStatus,
  type DistrictSchoolTips, type DistrictTipOverview, type TipListQuery, type TipListResponse, type TipStatsResponse,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { accessByGrants, grantsSql, notShownExplanation, tipGrants } from './tip-access.policy';
import { filterTips, orderByUrgency } from './tip-list-query';
import { tipPolicy } from './tip-policy';
import { mapListItem, TIP_LIST_COLUMNS, TipRecords } from './tip-records';
import { TipEntity } from './tip.entity';

/**
 * The lists and counts of the tip box: a school's inbox (only the tips the caller may open, most urgent first), its
 * counts, and a district officer's overview. No content leaves here, so nothing here is audited.
 *
 * The inbox is filtered, ordered and paged in the database: who may open which tip is the SQL form of the grants in
 * tip-access.policy.ts, the order and the overdue filter the SQL form of shared/src/tip-rules.ts (tip-list-query.ts);
 * tips-list-rules.db-spec.ts proves both agree with the functions a tip's page and the app use. The counts and the
 * district overview (open tips only) apply those functions in code.
 */
@Injectable()
export class TipListService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, schoolId: string, q: TipListQuery): Promise<TipListResponse> {
    const { school, roles } = await this.records.school(auth, schoolId);
    const grants = tipGrants(auth.userId, roles, school);
    const now = this.clock.now();
    const matching = filterTips(this.ds.getRepository(TipEntity).createQueryBuilder('t').where('t.school_id = :schoolId', { schoolId }), q, now);
    const visible = matching.clone().andWhere(grantsSql(grants), { caller: auth.userId });
    const total = await visible.getCount();
    const rows = await orderByUrgency(visible.select(Object.keys(TIP_LIST_COLUMNS).map((c) => `t.${c}`)), now)
      .offset(q.offset ?? 0).limit(q.limit ?? 50).getMany();
    const names = await this.records.names(rows.map((r) => r.assigneeUserId));
    // Only callers who may see the school's counts learn how many they do not see.
    const hidden = this.access.hasSchoolPermission(auth, school, Permission.TIP_STATS) ? (await matching.getCount()) - total : 0;
    const notShown = hidden > 0
      ? { count: hidden, explanation: notShownExplanation(grants, hidden, tipPolicy(school.settings).districtEscalationHours) }
      : null;
    return { items: rows.map((t) => mapListItem(t, names, now)), total, notShown };
  }

  async stats(auth: AuthContext, schoolId: string): Promise<TipStatsResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.TIP_STATS);
    const now = this.clock.now();
    const rows = await this.ds.getRepository(TipEntity).find({ where: { schoolId }, select: TIP_LIST_COLUMNS });
    const byStatus = Object.fromEntries(Object.values(TipStatus).map((s) => [s, 0])) as Record<TipStatus, number>;
    const byCategory = Object.fromEntries(Object.values(TipCategory).map((c) => [c, 0])) as Record<TipCategory, number>;
    const out: TipStatsResponse = {
      schoolId, total: rows.length, byStatus, byCategory, unacknowledged: 0, overdue: 0, escalatedToPrincipal: 0, escalatedToDistrict: 0,
      ackOnTime: 0, ackLate: 0, confirmedBullying: 0,
    };
    for (const t of rows) {
      byStatus[t.status]++;
      byCategory[t.category]++;
      if (t.status === 'new') out.unacknowledged++;
      if (isOverdue(t, now)) out.overdue++;
      if (t.escalationLevel !== 'none') out.escalatedToPrincipal++;
      if (t.escalationLevel === 'district') out.escalatedToDistrict++;
      const onTime = ackOnTime(t);
      if (onTime === true) out.ackOnTime++;
      if (onTime === false) out.ackLate++;
      if (t.decision === 'confirmed') out.confirmedBullying++;
    }
    return out;
  }

  /**
   * A district officer's overview: each school of the district with its counts, and the open tips the officer may
   * open (tip-access.policy.ts: those escalated to the district), most urgent first. Closed tips are only counted.
   */
  async districtOverview(auth: AuthContext, districtId: string): Promise<DistrictTipOverview> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const now = this.clock.now();
    const schools = await this.ds.getRepository(SchoolEntity).find({ where: { districtId }, order: { name: 'ASC' } });
    if (!schools.length) return { districtId, schools: [], escalated: [] };
    const ids = schools.map((s) => s.id);
    const totals = await this.ds.getRepository(TipEntity).createQueryBuilder('t')
      .select('t.school_id', 'schoolId').addSelect('COUNT(*)', 'n').where('t.school_id IN (:...ids)', { ids }).groupBy('t.school_id')
      .getRawMany<{ schoolId: string; n: string | number }>();
    const open = await this.ds.getRepository(TipEntity).find({ where: { schoolId: In(ids), status: Not('closed') }, select: TIP_LIST_COLUMNS });
    const out: DistrictSchoolTips[] = schools.map((s) => ({
      schoolId: s.id, schoolName: s.name, total: Number(totals.find((x) => x.schoolId === s.id)?.n ?? 0),
      open: 0, unacknowledged: 0, overdue: 0, escalatedToDistrict: 0,
    }));
    const escalated: TipEntity[] = [];
    for (const t of open) {
      const row = out.find((x) => x.schoolId === t.schoolId)!;
      row.open++;
      if (t.status === 'new') row.unacknowledged++;
      if (isOverdue(t, now)) row.overdue++;
      if (t.escalationLevel === 'district') row.escalatedToDistrict++;
      const school = schools.find((s) => s.id === t.schoolId)!;
      if (accessByGrants(auth.userId, tipGrants(auth.userId, this.access.rolesAtSchool(auth, school), school), t).content) escalated.push(t);
    }
    escalated.sort((a, b) => compareByUrgency(a, b, now));
    const names = await this.records.names(escalated.map((t) => t.assigneeUserId));
    return { districtId, schools: out, escalated: escalated.map((t) => mapListItem(t, names, now)) };
  }
}

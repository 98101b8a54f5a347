import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import {
  compareByUrgency, Permission, suppressCount, TipCategory, TipStatus,
  type Count, type DistrictTipOverview, type TipListQuery, type TipListResponse, type TipStatsResponse,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { accessByGrants, grantsSql, holdsCaseRole, notShownExplanation, tipGrants } from './tip-access.policy';
import { emptyOpenTally, emptyWindowTally, openTally, windowTally, type WindowTally } from './tip-figures';
import { filterTips, orderByUrgency } from './tip-list-query';
import { tipPolicy } from './tip-policy';
import { mapListItem, TIP_LIST_COLUMNS, TipRecords } from './tip-records';
import { TipEntity } from './tip.entity';
import { emptyOutcomeCounts, outcomeCounts } from './triage/tip-outcome-figures';

/**
 * The lists and counts of the tip box: a school's inbox (only the tips the caller may open, most urgent first), its
 * counts, and a district officer's overview. No content leaves here, so nothing here is audited.
 *
 * The inbox is filtered, ordered and paged in the database: who may open which tip is the SQL form of the grants in
 * tip-access.policy.ts, the order and the overdue filter the SQL form of shared/src/tip-rules.ts (tip-list-query.ts);
 * tips-list-rules.db-spec.ts proves both agree with the functions a tip's page and the app use. The counts are
 * tip-figures.ts's (the same SQL form); the district overview applies the access rule in code.
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

  /**
   * Every tip the school has had, counted (tip-figures.ts). Exact for the school's own case handlers (holdsCaseRole:
   * the principal, the designated contact); for anyone else 1 and 2 are '<3' (shared/src/small-counts.ts).
   */
  async stats(auth: AuthContext, schoolId: string): Promise<TipStatsResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.TIP_STATS);
    const now = this.clock.now();
    const exact = holdsCaseRole(auth.userId, this.access.rolesAtSchool(auth, school), school);
    const c = (n: number) => suppressCount(n, exact);
    const rows = await windowTally(this.ds.manager, [schoolId], null, ['status', 'category'], now);
    const open = (await openTally(this.ds.manager, { schoolIds: [schoolId] }, now)).get(schoolId) ?? emptyOpenTally();
    const all = emptyWindowTally();
    const byStatus = Object.fromEntries(Object.values(TipStatus).map((s) => [s, 0])) as Record<TipStatus, number>;
    const byCategory = Object.fromEntries(Object.values(TipCategory).map((k) => [k, 0])) as Record<TipCategory, number>;
    for (const r of rows) {
      for (const k of Object.keys(all) as (keyof WindowTally)[]) all[k] += r[k];
      byStatus[r.status as TipStatus] += r.total;
      byCategory[r.category as TipCategory] += r.total;
    }
    const each = <K extends string>(rec: Record<K, number>) => Object.fromEntries(Object.entries<number>(rec).map(([k, n]) => [k, c(n)])) as Record<K, Count>;
    return {
      schoolId, exact, total: c(all.total), byStatus: each(byStatus), byCategory: each(byCategory), unacknowledged: c(all.unacknowledged),
      overdue: c(open.overdue), escalatedToPrincipal: c(all.escalatedToPrincipal), escalatedToDistrict: c(all.escalatedToDistrict),
      ackOnTime: c(all.withinDeadline), ackLate: c(all.ackLate), confirmedBullying: c(all.confirmed),
      byOutcome: each((await outcomeCounts(this.ds.manager, [schoolId], null)).get(schoolId) ?? emptyOutcomeCounts()),
    };
  }

  /**
   * A district officer's home: the open tips the officer may open (tip-access.policy.ts: those escalated to the
   * district), most urgent first, and the district's schools by name. Each school's figures are the district
   * dashboard's (features/oversight), with its small-count rule.
   */
  async districtOverview(auth: AuthContext, districtId: string): Promise<DistrictTipOverview> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    const now = this.clock.now();
    const schools = await this.ds.getRepository(SchoolEntity).find({ where: { districtId }, order: { name: 'ASC' } });
    if (!schools.length) return { districtId, schools: [], escalated: [] };
    const open = await this.ds.getRepository(TipEntity).find({
      where: { schoolId: In(schools.map((s) => s.id)), status: Not('closed'), escalationLevel: 'district' }, select: TIP_LIST_COLUMNS,
    });
    const escalated = open.filter((t) => {
      const school = schools.find((s) => s.id === t.schoolId)!;
      return accessByGrants(auth.userId, tipGrants(auth.userId, this.access.rolesAtSchool(auth, school), school), t).content;
    });
    escalated.sort((a, b) => compareByUrgency(a, b, now));
    const names = await this.records.names(escalated.map((t) => t.assigneeUserId));
    return {
      districtId, schools: schools.map((s) => ({ schoolId: s.id, schoolName: s.name })),
      escalated: escalated.map((t) => mapListItem(t, names, now)),
    };
  }
}

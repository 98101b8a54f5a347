import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { SUPERVISION_ACK_HOURS, TipStatus, type TipCategory, type TipEscalationLevel } from '@anxin/shared';
import { SchoolEntity } from '../tenancy/school.entity';
import {
  ACK_LATE_SQL, ACK_ON_TIME_SQL, ACK_OVERDUE_SQL, ackMissedSql, clockParams, INVESTIGATION_LATE_SQL, INVESTIGATION_OVERDUE_SQL, OVERDUE_SQL,
} from './tip-list-query';
import { TipEntity } from './tip.entity';

/**
 * A school's tip figures, for the tip counts (`GET /schools/{id}/tips/stats`), the school and district dashboards and
 * the supervision flags: counted in the database, grouped by school (or category, or status), with the SQL form of
 * shared/src/tip-rules.ts (tip-list-query.ts; oversight-figures-rules.db-spec.ts proves the counts agree with the
 * functions). Test tips are never counted (REAL_TIPS_SQL). Counts only, no content: nothing here is audited. Who sees them exactly is small-counts.ts's rule,
 * applied by the callers.
 */

/** Counted over the tips filed in a window (or every tip). */
export interface WindowTally {
  total: number;
  /** Escalated to the principal or further. */
  escalatedToPrincipal: number;
  escalatedToDistrict: number;
  /** The investigation found bullying (已认定欺凌). */
  confirmed: number;
  acknowledged: number;
  /** Acknowledged by the deadline / after it (ackOnTime). */
  withinDeadline: number;
  ackLate: number;
  /** Not acknowledged and past the deadline now. */
  ackOverdue: number;
  /** Went 12 hours after receipt without an acknowledgement (ackMissedHours, SUPERVISION_ACK_HOURS). */
  ackMissed: number;
  /** Investigations that ran past their deadline (investigationLate). */
  investigationsLate: number;
  /** Not yet acknowledged. */
  unacknowledged: number;
}

/** The school's cases now, whatever they were filed. */
export interface OpenTally {
  open: number;
  overdue: number;
  investigationsOverdue: number;
}

/** A case escalated to the district, with what the supervision flags decide on. */
export interface EscalatedCase {
  id: string;
  schoolId: string;
  category: TipCategory;
  status: TipStatus;
  submittedAt: Date;
  acknowledgedAt: Date | null;
  investigationDueAt: Date | null;
  decidedAt: Date | null;
  overdueAt: Date | null;
  decision: TipStatus | null;
}

export interface Window {
  from: Date;
  until: Date;
}

/** Whose tips: a district's schools (joined through `schools`), or these schools. */
export type TipScope = { districtId: string } | { schoolIds: readonly string[] };

type GroupColumn = 'school_id' | 'category' | 'status';
const GROUP_ALIAS = { school_id: 'schoolId', category: 'category', status: 'status' } as const satisfies Record<GroupColumn, string>;
/**
 * Schools per query when they are listed: MariaDB estimates a range scan by looking into the index for each value of
 * an IN list only up to 200 of them (eq_range_index_dive_limit), and past that may pick a worse index.
 */
const CHUNK = 100;

const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
const windowSums = (sqlite: boolean): Record<keyof WindowTally, string> => ({
  total: 'COUNT(*)',
  escalatedToPrincipal: sum(`t.escalation_level <> 'none'`),
  escalatedToDistrict: sum(`t.escalation_level = 'district'`),
  confirmed: sum(`t.decision = 'confirmed'`),
  acknowledged: sum('t.acknowledged_at IS NOT NULL'),
  withinDeadline: sum(ACK_ON_TIME_SQL),
  ackLate: sum(ACK_LATE_SQL),
  ackOverdue: sum(ACK_OVERDUE_SQL),
  ackMissed: sum(ackMissedSql(sqlite)),
  investigationsLate: sum(INVESTIGATION_LATE_SQL),
  unacknowledged: sum(`t.status = 'new'`),
});
const OPEN_STATUSES = Object.values(TipStatus).filter((s) => s !== 'closed');

export const emptyWindowTally = (): WindowTally => ({
  total: 0, escalatedToPrincipal: 0, escalatedToDistrict: 0, confirmed: 0, acknowledged: 0, withinDeadline: 0, ackLate: 0, ackOverdue: 0,
  ackMissed: 0, investigationsLate: 0, unacknowledged: 0,
});
export const emptyOpenTally = (): OpenTally => ({ open: 0, overdue: 0, investigationsOverdue: 0 });

/** Sums rows of counts into one. */
export function addTallies(rows: readonly WindowTally[]): WindowTally {
  const all = emptyWindowTally();
  for (const r of rows) for (const k of Object.keys(all) as (keyof WindowTally)[]) all[k] += r[k];
  return all;
}

const isSqlite = (m: EntityManager) => m.connection.options.type === 'better-sqlite3';

function chunked<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/**
 * Test tips (测试举报, `is_test`) are no cases: every figure here leaves them out, through this condition alone.
 * A literal 0 (false on every engine: TypeORM stores booleans as 0/1), as better-sqlite3 binds no booleans.
 */
export const REAL_TIPS_SQL = 't.is_test = 0';

/** One query builder per part of the scope: the district's schools joined, or the listed schools a chunk at a time. Test tips left out. */
function scoped(m: EntityManager, scope: TipScope): SelectQueryBuilder<TipEntity>[] {
  const base = () => m.getRepository(TipEntity).createQueryBuilder('t');
  if ('districtId' in scope) {
    return [base().innerJoin(SchoolEntity, 's', 's.id = t.school_id').where('s.district_id = :districtId', { districtId: scope.districtId }).andWhere(REAL_TIPS_SQL)];
  }
  return chunked(scope.schoolIds).map((ids) => base().where('t.school_id IN (:...ids)', { ids }).andWhere(REAL_TIPS_SQL));
}

function inWindow(qb: SelectQueryBuilder<TipEntity>, window: Window | null): SelectQueryBuilder<TipEntity> {
  return window ? qb.andWhere('t.submitted_at >= :from AND t.submitted_at < :until', { from: window.from, until: window.until }) : qb;
}

/**
 * Tips filed in `window` (null: every tip) of these schools, counted per group: one row per value of the `groupBy`
 * columns that has tips, with those values (`schoolId`, `category`, `status`) and the counts. Read through the covering
 * index `ix_tips_school_window` (school, filed, and every column counted).
 */
export async function windowTally<G extends GroupColumn>(
  m: EntityManager, schoolIds: readonly string[], window: Window | null, groupBy: readonly G[], now: Date,
): Promise<(WindowTally & Record<(typeof GROUP_ALIAS)[G], string>)[]> {
  const sums = windowSums(isSqlite(m));
  const out: (WindowTally & Record<string, string>)[] = [];
  for (const part of scoped(m, { schoolIds })) {
    const qb = inWindow(part.select(sums.total, 'total'), window);
    for (const g of groupBy) qb.addSelect(`t.${g}`, GROUP_ALIAS[g]).addGroupBy(`t.${g}`);
    for (const [name, expr] of Object.entries(sums)) if (name !== 'total') qb.addSelect(expr, name);
    const rows = await qb
      .setParameters({ ...clockParams(now), missedBefore: new Date(now.getTime() - SUPERVISION_ACK_HOURS * 3_600_000), missedMs: SUPERVISION_ACK_HOURS * 3_600_000 })
      .getRawMany<Record<string, string | number | null>>();
    for (const r of rows) {
      const row: Record<string, string | number> = {};
      for (const g of groupBy) row[GROUP_ALIAS[g]] = String(r[GROUP_ALIAS[g]]);
      for (const name of Object.keys(sums)) row[name] = Number(r[name] ?? 0);
      out.push(row as WindowTally & Record<string, string>);
    }
  }
  return out as (WindowTally & Record<(typeof GROUP_ALIAS)[G], string>)[];
}

/**
 * The cases that are not closed, now, per school: open, overdue (isOverdue), investigations overdue. Schools without
 * one are left out. Read through `ix_tips_open` (status first: the open cases are few among all a district has had).
 */
export async function openTally(m: EntityManager, scope: TipScope, now: Date): Promise<Map<string, OpenTally>> {
  const out = new Map<string, OpenTally>();
  for (const part of scoped(m, scope)) {
    const rows = await part
      .select('t.school_id', 'schoolId').addSelect('COUNT(*)', 'open').addSelect(sum(OVERDUE_SQL), 'overdue')
      .addSelect(sum(INVESTIGATION_OVERDUE_SQL), 'investigationsOverdue')
      .andWhere('t.status IN (:...openStatuses)', { openStatuses: OPEN_STATUSES })
      .groupBy('t.school_id').setParameters(clockParams(now))
      .getRawMany<{ schoolId: string; open: string | number; overdue: string | number | null; investigationsOverdue: string | number | null }>();
    for (const r of rows) out.set(r.schoolId, { open: Number(r.open), overdue: Number(r.overdue ?? 0), investigationsOverdue: Number(r.investigationsOverdue ?? 0) });
  }
  return out;
}

/** When each tip (not a test tip) of the school filed in `window` was filed (the dashboard's months), and, once acknowledged, when. */
export async function tipTimes(m: EntityManager, schoolId: string, window: Window): Promise<{ submittedAt: Date; acknowledgedAt: Date | null }[]> {
  const rows = await inWindow(m.getRepository(TipEntity).createQueryBuilder('t')
    .select(['t.id', 't.submittedAt', 't.acknowledgedAt']).where('t.school_id = :schoolId', { schoolId }).andWhere(REAL_TIPS_SQL), window).getMany();
  return rows.map((r) => ({ submittedAt: new Date(r.submittedAt), acknowledgedAt: r.acknowledgedAt ? new Date(r.acknowledgedAt) : null }));
}

/** Per school, the cases filed in `window` where the investigation found bullying (through `ix_tips_decision`). */
export async function confirmedCounts(m: EntityManager, schoolIds: readonly string[], window: Window): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of scoped(m, { schoolIds })) {
    const rows = await inWindow(part.select('t.school_id', 'schoolId').addSelect('COUNT(*)', 'n').andWhere(`t.decision = 'confirmed'`), window)
      .groupBy('t.school_id').getRawMany<{ schoolId: string; n: string | number }>();
    for (const r of rows) out.set(r.schoolId, Number(r.n));
  }
  return out;
}

const date = (v: Date | null) => (v ? new Date(v) : null);

/**
 * The cases of these schools filed in `window` that were escalated to the district (few: the district may open them,
 * so a supervision flag lists them), with the fields the flags' rules read (all in `ix_tips_escalation`).
 */
export async function escalatedCases(m: EntityManager, schoolIds: readonly string[], window: Window): Promise<EscalatedCase[]> {
  const out: EscalatedCase[] = [];
  for (const part of scoped(m, { schoolIds })) {
    const rows = await inWindow(part.select([
      't.id', 't.schoolId', 't.category', 't.status', 't.submittedAt', 't.acknowledgedAt', 't.investigationDueAt', 't.decidedAt', 't.overdueAt', 't.decision',
    ]).andWhere('t.escalation_level = :district', { district: 'district' satisfies TipEscalationLevel }), window).getMany();
    out.push(...rows.map((t) => ({
      id: t.id, schoolId: t.schoolId, category: t.category, status: t.status, submittedAt: new Date(t.submittedAt), acknowledgedAt: date(t.acknowledgedAt),
      investigationDueAt: date(t.investigationDueAt), decidedAt: date(t.decidedAt), overdueAt: date(t.overdueAt), decision: t.decision,
    })));
  }
  return out;
}

import type { EntityManager } from 'typeorm';
import {
  suppressCount, suppressShare, TipOutcome, tipOutcome, type Count, type TipOutcomeFigures, type TipStatus, type TriageRecordOutcome,
} from '@anxin/shared';
import { TipEntity } from '../tip.entity';
import { REAL_TIPS_SQL } from '../tip-figures';
import { TipTriageEntity } from './tip-triage.entity';

/**
 * Cases by outcome (已认定欺凌, 不构成欺凌, 恶意/虚假举报, 玩笑, 重复, 非欺凌-其他求助) per school, over the tips filed in a
 * window (null: every tip), test tips left out. Counts only; who sees them exactly is small-counts.ts's rule, applied
 * by the callers (the tip counts, the dashboards, the semester report).
 */
export async function outcomeCounts(
  m: EntityManager, schoolIds: readonly string[], window: { from: Date; until: Date } | null,
): Promise<Map<string, Record<TipOutcome, number>>> {
  const out = new Map<string, Record<TipOutcome, number>>();
  if (!schoolIds.length) return out;
  const qb = m.getRepository(TipEntity).createQueryBuilder('t')
    .leftJoin(TipTriageEntity, 'g', 'g.tip_id = t.id')
    .select('t.school_id', 'schoolId').addSelect('t.decision', 'decision').addSelect('g.outcome', 'triage').addSelect('COUNT(*)', 'n')
    .where('t.school_id IN (:...ids)', { ids: schoolIds }).andWhere(REAL_TIPS_SQL).andWhere('t.decision IS NOT NULL')
    .groupBy('t.school_id').addGroupBy('t.decision').addGroupBy('g.outcome');
  if (window) qb.andWhere('t.submitted_at >= :from AND t.submitted_at < :until', window);
  for (const r of await qb.getRawMany<{ schoolId: string; decision: TipStatus; triage: string | null; n: string | number }>()) {
    const outcome = tipOutcome(r.decision, r.triage && r.triage !== 'false_report' ? (r.triage as TriageRecordOutcome) : null);
    if (!outcome) continue;
    const counts = out.get(r.schoolId) ?? emptyOutcomeCounts();
    counts[outcome] += Number(r.n);
    out.set(r.schoolId, counts);
  }
  return out;
}

export const emptyOutcomeCounts = (): Record<TipOutcome, number> =>
  Object.fromEntries(Object.values(TipOutcome).map((o) => [o, 0])) as Record<TipOutcome, number>;

/** Sums per-school outcome counts. */
export function addOutcomeCounts(rows: Iterable<Record<TipOutcome, number>>): Record<TipOutcome, number> {
  const all = emptyOutcomeCounts();
  for (const r of rows) for (const k of Object.keys(all) as TipOutcome[]) all[k] += r[k];
  return all;
}

/** The outcome figures as a viewer sees them: exact for the school's case handlers, else 1 and 2 as '<3' (small-counts.ts). */
export function outcomeFigures(counts: Record<TipOutcome, number> | undefined, exact: boolean): TipOutcomeFigures {
  const n = counts ?? emptyOutcomeCounts();
  const decided = Object.values(n).reduce((a, b) => a + b, 0);
  return {
    byOutcome: Object.fromEntries(Object.entries(n).map(([k, v]) => [k, suppressCount(v, exact)])) as Record<TipOutcome, Count>,
    decided: suppressCount(decided, exact),
    falseReportShare: suppressShare(n.false_report, decided, exact),
  };
}

import type { SelectQueryBuilder } from 'typeorm';
import { INVESTIGATION_OPEN, type TipListQuery } from '@anxin/shared';
import type { TipEntity } from './tip.entity';

/**
 * The tip clock of shared/src/tip-rules.ts (isOverdue, currentDeadline, compareByUrgency) in SQL, so a school's list
 * is filtered, ordered and paged by the database however many tips the school has. This is a translation, not a
 * second rule: tips-list-rules.db-spec.ts checks on a generated matrix that the list's order is compareByUrgency's
 * and its `overdue` filter is isOverdue's, and fails when the two part. Change both together.
 *
 * Bind `now`, `open` (INVESTIGATION_OPEN) and `yes` (true) — `clockParams(now)` — wherever these are used.
 */
export const clockParams = (now: Date) => ({ now, open: [...INVESTIGATION_OPEN], yes: true });

/** isOverdue: new and at or past the ack deadline, or investigating and flagged or at or past its deadline. */
const OVERDUE = `((t.status = 'new' AND t.ack_due_at <= :now) OR (t.status IN (:...open) AND (t.overdue_at IS NOT NULL OR (t.investigation_due_at IS NOT NULL AND t.investigation_due_at <= :now))))`;

/** currentDeadline: the ack deadline while new, the investigation deadline while open, none after. */
const DEADLINE = `(CASE WHEN t.status = 'new' THEN t.ack_due_at WHEN t.status IN (:...open) THEN t.investigation_due_at ELSE NULL END)`;

/** urgencyRank: 0 in danger (until a decision), 1 overdue, 2 a deadline runs, 3 decided, 4 closed. */
const RANK = `(CASE WHEN t.status = 'closed' THEN 4 WHEN t.in_danger = :yes AND (t.status = 'new' OR t.status IN (:...open)) THEN 0 `
  + `WHEN ${OVERDUE} THEN 1 WHEN ${DEADLINE} IS NOT NULL THEN 2 ELSE 3 END)`;

/** The list's filters (status, category, urgent, overdue). */
export function filterTips(qb: SelectQueryBuilder<TipEntity>, q: TipListQuery, now: Date): SelectQueryBuilder<TipEntity> {
  if (q.status) qb.andWhere('t.status = :status', { status: q.status });
  if (q.category) qb.andWhere('t.category = :category', { category: q.category });
  if (q.urgent === true) qb.andWhere('(t.in_danger = :yes OR t.ongoing = :yes)', { yes: true });
  if (q.urgent === false) qb.andWhere('(t.in_danger = :no AND t.ongoing = :no)', { no: false });
  if (q.overdue === true) qb.andWhere(OVERDUE, clockParams(now));
  if (q.overdue === false) qb.andWhere(`NOT ${OVERDUE}`, clockParams(now));
  return qb;
}

/** compareByUrgency as ORDER BY: rank, then the nearest deadline (none last), then the newest, then the id. */
export function orderByUrgency(qb: SelectQueryBuilder<TipEntity>, now: Date): SelectQueryBuilder<TipEntity> {
  return qb
    .addSelect(RANK, 'urgency_rank').addSelect(`(CASE WHEN ${DEADLINE} IS NULL THEN 1 ELSE 0 END)`, 'no_deadline').addSelect(DEADLINE, 'deadline')
    .setParameters(clockParams(now))
    .orderBy('urgency_rank', 'ASC').addOrderBy('no_deadline', 'ASC').addOrderBy('deadline', 'ASC')
    .addOrderBy('t.submitted_at', 'DESC').addOrderBy('t.id', 'ASC');
}

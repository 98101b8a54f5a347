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

/** isOverdue, for counts (bind clockParams(now)). */
export const OVERDUE_SQL = OVERDUE;

/** ackOnTime(t) === true: acknowledged at or before the deadline. */
export const ACK_ON_TIME_SQL = `(t.acknowledged_at IS NOT NULL AND t.acknowledged_at <= t.ack_due_at)`;

/** ackOnTime(t) === false: acknowledged after the deadline. */
export const ACK_LATE_SQL = `(t.acknowledged_at IS NOT NULL AND t.acknowledged_at > t.ack_due_at)`;

/** Still unacknowledged at or past the acknowledgement deadline (bind clockParams(now)). */
export const ACK_OVERDUE_SQL = `(t.status = 'new' AND t.ack_due_at <= :now)`;

/** investigationLate: flagged overdue, decided after the investigation deadline, or undecided and open at or past it (bind clockParams(now)). */
export const INVESTIGATION_LATE_SQL = `(t.overdue_at IS NOT NULL OR (t.investigation_due_at IS NOT NULL AND `
  + `((t.decided_at IS NOT NULL AND t.decided_at > t.investigation_due_at) OR (t.decided_at IS NULL AND t.status IN (:...open) AND t.investigation_due_at <= :now))))`;

/** isOverdue of an investigation (open, at or past its deadline or flagged): the investigations overdue now (bind clockParams(now)). */
export const INVESTIGATION_OVERDUE_SQL = `(t.status IN (:...open) AND (t.overdue_at IS NOT NULL OR (t.investigation_due_at IS NOT NULL AND t.investigation_due_at <= :now)))`;

/**
 * ackMissedHours(t, hours, now): acknowledged more than `hours` after receipt, or not acknowledged and filed at or
 * before now − hours. Bind `:missedBefore` (now − hours) and `:missedMs` (hours in ms). The time between two columns is
 * the one thing SQLite and MariaDB/MySQL write differently (julianday days against TIMESTAMPDIFF), hence `sqlite`.
 */
export function ackMissedSql(sqlite: boolean): string {
  const elapsedMs = sqlite
    ? '((julianday(t.acknowledged_at) - julianday(t.submitted_at)) * 86400000.0)'
    : '(TIMESTAMPDIFF(MICROSECOND, t.submitted_at, t.acknowledged_at) / 1000)';
  return `((t.acknowledged_at IS NULL AND t.submitted_at <= :missedBefore) OR (t.acknowledged_at IS NOT NULL AND ${elapsedMs} > :missedMs))`;
}

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

import type { TipStatus } from './api/tips';
import type { Instant } from './time';

/**
 * The rules of a tip's clock, in one place for the server and the app: which deadline is running, when a tip is
 * overdue, whether a deadline was met, and in which order a staff member's list shows tips. The server lists,
 * counts, exports and flags with these; the app shows deadlines with them and keeps the server's order as sent.
 * Times are Dates on the server and ISO strings in the app: both are accepted.
 */

/** Statuses in which the investigation clock runs (acknowledged, not yet decided). */
export const INVESTIGATION_OPEN: readonly TipStatus[] = ['acknowledged', 'investigating'];
/** The investigation's findings (a decided case waits only to be closed). */
export const DECIDED: readonly TipStatus[] = ['confirmed', 'not_bullying', 'false_report'];

/** The fields of a tip these rules read. */
export interface TipClock {
  status: TipStatus;
  inDanger: boolean;
  ackDueAt: Instant;
  acknowledgedAt: Instant | null;
  investigationDueAt: Instant | null;
  /** Set on the server when the investigation passed its deadline undecided (the app reads `overdue` instead). */
  overdueAt?: Instant | null;
  decidedAt?: Instant | null;
  submittedAt: Instant;
}

const ms = (at: Instant): number => (at instanceof Date ? at.getTime() : new Date(at).getTime());

export type TipDeadlineKind = 'ack' | 'investigation';
export const TIP_DEADLINE_LABELS: Record<TipDeadlineKind, string> = { ack: '受理期限', investigation: '调查期限' };

/** The deadline that runs now: acknowledgement while new, the investigation while open, none after a decision. */
export function currentDeadline<T extends Instant>(
  t: { status: TipStatus; ackDueAt: T; investigationDueAt: T | null },
): { kind: TipDeadlineKind; label: string; due: T } | null {
  if (t.status === 'new') return { kind: 'ack', label: TIP_DEADLINE_LABELS.ack, due: t.ackDueAt };
  if (INVESTIGATION_OPEN.includes(t.status) && t.investigationDueAt) {
    return { kind: 'investigation', label: TIP_DEADLINE_LABELS.investigation, due: t.investigationDueAt };
  }
  return null;
}

/**
 * Overdue: unacknowledged at or past the acknowledgement deadline, or the investigation undecided at or past its
 * deadline (or flagged overdue by the deadline job). A decided or closed case is never overdue.
 */
export function isOverdue(t: Pick<TipClock, 'status' | 'ackDueAt' | 'investigationDueAt' | 'overdueAt'>, now: Date): boolean {
  if (INVESTIGATION_OPEN.includes(t.status) && t.overdueAt) return true;
  const d = currentDeadline(t);
  return d !== null && ms(d.due) <= now.getTime();
}

/** Whether the acknowledgement came in time: null while unacknowledged. On the deadline itself counts as in time. */
export function ackOnTime(t: Pick<TipClock, 'ackDueAt' | 'acknowledgedAt'>): boolean | null {
  return t.acknowledgedAt ? ms(t.acknowledgedAt) <= ms(t.ackDueAt) : null;
}

/** The ledger's words for the acknowledgement deadline. */
export function ackVerdict(t: Pick<TipClock, 'status' | 'ackDueAt' | 'acknowledgedAt'>, now: Date): string {
  const onTime = ackOnTime(t);
  if (onTime === null) return ms(t.ackDueAt) <= now.getTime() ? '超时未受理' : '待受理';
  return onTime ? '按时' : '超时';
}

/** The ledger's words for the investigation deadline ('' before acknowledgement). */
export function investigationVerdict(t: Pick<TipClock, 'investigationDueAt' | 'decidedAt'>, now: Date): string {
  if (!t.investigationDueAt) return '';
  if (t.decidedAt) return ms(t.decidedAt) <= ms(t.investigationDueAt) ? '按时' : '超时';
  return ms(t.investigationDueAt) <= now.getTime() ? '超时未完成' : '进行中';
}

/**
 * The policy's 12 hours: a tip that goes this long after receipt without an acknowledgement raises a supervision flag
 * for the district (whatever the school's own acknowledgement deadline).
 */
export const SUPERVISION_ACK_HOURS = 12;

/** Whether `hours` passed after receipt without an acknowledgement: acknowledged later than that, or not yet and that long has passed. */
export function ackMissedHours(t: Pick<TipClock, 'submittedAt' | 'acknowledgedAt'>, hours: number, now: Date): boolean {
  const limit = ms(t.submittedAt) + hours * 3_600_000;
  return t.acknowledgedAt ? ms(t.acknowledgedAt) > limit : limit <= now.getTime();
}

/**
 * Whether the investigation ran past its deadline (15 days by default): decided after it, or undecided at or past it
 * (or flagged overdue by the deadline job). False before acknowledgement.
 */
export function investigationLate(t: Pick<TipClock, 'status' | 'investigationDueAt' | 'decidedAt' | 'overdueAt'>, now: Date): boolean {
  if (t.overdueAt) return true;
  if (!t.investigationDueAt) return false;
  if (t.decidedAt) return ms(t.decidedAt) > ms(t.investigationDueAt);
  return INVESTIGATION_OPEN.includes(t.status) && ms(t.investigationDueAt) <= now.getTime();
}

/**
 * How pressing a tip is, most pressing first: 0 the reporter is in danger (until a decision), 1 overdue, 2 a deadline
 * is running, 3 decided and waiting to be closed, 4 closed.
 */
export function urgencyRank(t: Pick<TipClock, 'status' | 'inDanger' | 'ackDueAt' | 'investigationDueAt' | 'overdueAt'> & { overdue?: boolean }, now: Date): number {
  if (t.status === 'closed') return 4;
  const running = t.status === 'new' || INVESTIGATION_OPEN.includes(t.status);
  if (running && t.inDanger) return 0;
  if (t.overdue ?? isOverdue(t, now)) return 1;
  if (currentDeadline(t)) return 2;
  return 3;
}

/**
 * The order of a staff member's tip list: by urgencyRank; within a rank the nearest (or longest-passed) deadline
 * first; then the newest. The server sorts with this and pages the result; the app shows the pages as sent.
 */
export function compareByUrgency<T extends Pick<TipClock, 'status' | 'inDanger' | 'ackDueAt' | 'investigationDueAt' | 'overdueAt' | 'submittedAt'> & { id: string; overdue?: boolean }>(
  a: T, b: T, now: Date,
): number {
  const rank = urgencyRank(a, now) - urgencyRank(b, now);
  if (rank) return rank;
  const da = currentDeadline(a);
  const db = currentDeadline(b);
  if (da && db && ms(da.due) !== ms(db.due)) return ms(da.due) - ms(db.due);
  if (da && !db) return -1;
  if (!da && db) return 1;
  const sub = ms(b.submittedAt) - ms(a.submittedAt);
  if (sub) return sub;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Tip alerts a case handler (the designated contact, the principal, a committee member) allows in one consent
 * dialog, and when their new-tip alerts count as running low: after acknowledging a tip with fewer one-time
 * credits than this, the app asks once more in the same tap.
 */
export const TIP_ALERT_KINDS: readonly string[] = ['tip.new', 'tip.escalated', 'tip.reminder'];
export const TIP_ALERT_LOW_CREDITS = 2;

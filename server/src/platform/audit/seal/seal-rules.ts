import { formatDate, fromShanghaiParts, type AuditAction } from '@anxin/shared';

/** The audit entry that holds a batch's root: one per school and day batch, naming no person. */
export const SEAL_ACTION = 'audit.receipts_sealed' satisfies AuditAction;

/**
 * A day's leaves are sealed once the day (Asia/Shanghai) has been over this long. Sealing waits for the day to end
 * because a batch's audit entry carries the time it was written: a batch sealed a minute after a guardian's read
 * would date that read to the minute, next to whatever else they did then (an anonymous tip). Sealed after the day,
 * the entry says no more than the receipt does: that it happened on that day. The quarter hour lets transactions
 * that read the clock just before midnight commit first.
 */
export const SEAL_GRACE_MS = 15 * 60_000;

const DAY_MS = 24 * 3600_000;

/** The Shanghai day a change made at `at` belongs to (`YYYY-MM-DD`). */
export function sealDayOf(at: Date): string {
  return formatDate(at);
}

/** The day after `day`. */
export function dayAfter(day: string): string {
  return formatDate(new Date(dayStart(day).getTime() + DAY_MS));
}

/** Days before this one (strictly) may be sealed at `now`. */
export function sealableBefore(now: Date): string {
  return formatDate(new Date(now.getTime() - SEAL_GRACE_MS));
}

/** The earliest time the leaves of `day` are sealed. */
export function sealsAfter(day: string): Date {
  return new Date(dayStart(day).getTime() + DAY_MS + SEAL_GRACE_MS);
}

/** A day as the database returns it: `YYYY-MM-DD` from SQLite, a Date at 00:00 UTC from MariaDB/MySQL raw rows. */
export function dayValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

function dayStart(day: string): Date {
  const [year, month, d] = day.split('-').map(Number);
  const start = fromShanghaiParts({ year, month, day: d });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || formatDate(start) !== day) throw new Error(`not a day: ${day}`);
  return start;
}

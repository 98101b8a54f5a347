import type { ValueTransformer } from 'typeorm';

/**
 * Calendar days in UTC, written `YYYY-MM-DD`. Records that name a user keep when they were made or last used only
 * to the day (users, sessions, consents, the security log): a time of day next to an anonymous tip's submission
 * time would tell who filed it. Stored in DATE columns, a day has no time of day at all, not even 00:00.
 */
export type UtcDay = string;

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function utcDay(at: Date): UtcDay {
  return at.toISOString().slice(0, 10);
}

/** The instant the day begins (00:00 UTC). */
export function dayStart(day: UtcDay): Date {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: UtcDay, days: number): UtcDay {
  return utcDay(new Date(dayStart(day).getTime() + days * DAY_MS));
}

/** Whole days that cover `hours` (at least one): for limits that may run a little long (idle expiry). */
export function daysCovering(hours: number): number {
  return Math.max(1, Math.ceil(hours / 24));
}

/** Whole days within `hours` (at least one): for limits that must not run long (absolute expiry). */
export function daysWithin(hours: number): number {
  return Math.max(1, Math.floor(hours / 24));
}

/**
 * For entities whose property stays a Date (many callers set it) while the column keeps only the UTC day:
 * writes the day, reads back 00:00 UTC of that day. Use with `type: 'date', utc: true`.
 */
export const utcDayTransformer: ValueTransformer = {
  to: (v: Date | string | null | undefined) => (v === null || v === undefined ? v : typeof v === 'string' ? v.slice(0, 10) : utcDay(v)),
  from: (v: string | Date | null) => (v === null || v === undefined ? v : dayStart(typeof v === 'string' ? v.slice(0, 10) : utcDay(v))),
};

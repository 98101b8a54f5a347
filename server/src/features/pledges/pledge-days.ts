import { formatDate, type PledgeStatus, type ShanghaiDay } from '@anxin/shared';

/**
 * Day arithmetic of pledges. A pledge's deadline is a Shanghai day the school chose; what a guardian does is kept as
 * the Shanghai day it was done (`signatureDay`), never the time of day.
 */

/** The Shanghai day `now` falls on: the day a signature is recorded under. */
export function signatureDay(now: Date): ShanghaiDay {
  return formatDate(now);
}

/** `YYYY-MM-DD` that names a real calendar day. */
export function isRealDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

/** The day `n` days after `day` (before, for a negative n). */
export function addDays(day: ShanghaiDay, n: number): ShanghaiDay {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Open until the end of the deadline day (Asia/Shanghai), then closed. */
export function pledgeStatus(pledge: { deadline: ShanghaiDay }, now: Date): PledgeStatus {
  return signatureDay(now) <= pledge.deadline ? 'open' : 'closed';
}

/**
 * Small-count suppression: the one rule for every count an oversight view shows (the school and district
 * dashboards, the district's supervision flags, a school's tip counts). Outside the school's own case handlers, a
 * count of 1 or 2 could point at a child in a small school, so it is sent as the string '<3' and shown as such.
 * The server suppresses with `suppressCount`; the app shows every count through `countText` and draws it with
 * `countValue`.
 */

/** What a count of 1 or 2 becomes for a viewer who may not see it exactly. */
export const SMALL_COUNT = '<3';
export type SmallCount = typeof SMALL_COUNT;
/** A count as an oversight view sends it: the number, or '<3' in place of 1 and 2. */
export type Count = number | SmallCount;

/** `n` as a viewer sees it: exactly for the school's own case handlers (`exact`), else 1 and 2 become '<3'. */
export function suppressCount(n: number, exact: boolean): Count {
  return !exact && (n === 1 || n === 2) ? SMALL_COUNT : n;
}

/**
 * The share `part / whole` (0–1) as a viewer sees it: null when there is nothing to divide, and, for a viewer who
 * sees suppressed counts, when the part or the whole is 1 or 2 (a percentage of a tiny count would give it away).
 */
export function suppressShare(part: number, whole: number, exact: boolean): number | null {
  if (whole <= 0) return null;
  if (!exact && (suppressCount(part, false) === SMALL_COUNT || suppressCount(whole, false) === SMALL_COUNT)) return null;
  return part / whole;
}

/** A count as text: `12`, `<3`, or `—` when there is none. */
export function countText(c: Count | null | undefined): string {
  if (c === null || c === undefined) return '—';
  return c === SMALL_COUNT ? SMALL_COUNT : String(c);
}

/** A count as a length for a chart: '<3' is drawn as 2, its largest possible value, so it never looks like zero. */
export function countValue(c: Count | null | undefined): number {
  if (c === null || c === undefined) return 0;
  return c === SMALL_COUNT ? 2 : c;
}

/** Whether a count was suppressed (the chart draws it hatched). */
export function isSmallCount(c: Count | null | undefined): c is SmallCount {
  return c === SMALL_COUNT;
}

/** A share as text: `83%`, or `—` when it is withheld or there is nothing to divide. */
export function shareText(s: number | null | undefined): string {
  return s === null || s === undefined ? '—' : `${Math.round(s * 100)}%`;
}

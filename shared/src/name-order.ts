/**
 * The one order of names shown in lists (students, schools, classes, relations): Chinese by pinyin as Simplified
 * Chinese readers expect, and for class names the numbers in them in numeric order ("2班" before "10班"). One collator
 * each, built once:
 * `localeCompare` with a locale builds a new one on every comparison, which made sorting a school's 3,000 children
 * cost tens of milliseconds.
 */
// A JavaScript runtime without Intl (some WeChat versions ship a reduced one) falls back to plain localeCompare.
const collator = (options?: Intl.CollatorOptions) => (typeof Intl !== 'undefined' && typeof Intl.Collator === 'function' ? new Intl.Collator('zh-Hans-CN', options) : null);
const NAMES = collator();
const NUMBERED = collator({ numeric: true });

/** Person and school names, relations. */
export function compareNames(a: string, b: string): number {
  return NAMES ? NAMES.compare(a, b) : a.localeCompare(b);
}

/** Names with numbers in them: class names (2班 before 10班). */
export function compareNumberedNames(a: string, b: string): number {
  return NUMBERED ? NUMBERED.compare(a, b) : a.localeCompare(b);
}

/**
 * Grade and class names as schools write them ("三年级(1)班", "3年级1班", "1班" under a 年级 column, "初一（2）班")
 * reduced to one form: grade "三年级" / "初一", class "1班". Names that follow no pattern ("火箭班") are kept as typed.
 */

const CN_DIGITS = '零一二三四五六七八九';

/** Full-width digits, letters and parentheses to ASCII; whitespace removed. */
export function toHalfWidth(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
}

/** "三" → 3, "十二" → 12, "二十" → 20; null for anything else. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[一二三四五六七八九十]+$/.test(s)) return null;
  if (s === '十') return 10;
  const ten = s.indexOf('十');
  if (ten === -1) return s.length === 1 ? CN_DIGITS.indexOf(s) : null;
  const tens = ten === 0 ? 1 : CN_DIGITS.indexOf(s.slice(0, ten));
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS.indexOf(s.slice(ten + 1));
  if (tens <= 0 || ones < 0 || s.length > 3) return null;
  return tens * 10 + ones;
}

/** 3 → "三", 12 → "十二". */
export function toChineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** "3年级", "3", "三年级" → "三年级"; "初一", "高二", "七年级" stay. */
export function normaliseGradeName(raw: string): string {
  const s = toHalfWidth(raw);
  const m = /^(\d{1,2}|[一二三四五六七八九十]{1,3})(年级)?$/.exec(s);
  if (m) {
    const n = chineseNumber(m[1]);
    if (n !== null && n >= 1 && n <= 12) return `${toChineseNumber(n)}年级`;
  }
  return s;
}

/** Sort key of a grade: 三年级 → 3, 初一 → 7, 高三 → 12, others 0. */
export function gradeSort(name: string): number {
  const s = normaliseGradeName(name);
  let m = /^(.+)年级$/.exec(s);
  if (m) return chineseNumber(m[1]) ?? 0;
  m = /^([初高])([一二三])$/.exec(s);
  if (m) return (m[1] === '初' ? 6 : 9) + (chineseNumber(m[2]) ?? 0);
  return 0;
}

/**
 * Splits a class cell into its grade (when written in it) and the class name.
 * "三年级(1)班" → { grade: "三年级", name: "1班" }; "1班" / "(1)班" / "1" / "一班" → { grade: null, name: "1班" }.
 */
export function splitClassName(raw: string): { grade: string | null; name: string } {
  const s = toHalfWidth(raw);
  const m = /^(.+?年级|[初高][一二三])?\(?(\d{1,2}|[一二三四五六七八九十]{1,3})\)?班?$/.exec(s);
  if (m) {
    const n = chineseNumber(m[2]);
    if (n !== null && n >= 1) return { grade: m[1] ? normaliseGradeName(m[1]) : null, name: `${n}班` };
  }
  return { grade: null, name: s };
}

/** How a class is shown: grade name + class name, e.g. "三年级1班". */
export function classDisplayName(gradeName: string | undefined, className: string): string {
  return `${gradeName ?? ''}${className}`;
}

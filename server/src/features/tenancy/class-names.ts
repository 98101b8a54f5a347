/**
 * Grade and class names as schools write them ("三年级(1)班", "3年级1班", "1班" under a 年级 column, "初一（2）班",
 * "七年级(2)班") reduced to one form: grade "三年级" / "初一", class "1班". Names that follow no pattern ("火箭班") are
 * kept as typed.
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

/**
 * One grade per school year, whichever way the school writes it. Years 1–6 are shown "一年级"…"六年级"; years 7–12
 * as the stage names "初一"…"初三" and "高一"…"高三", because that is how junior and senior high schools name their
 * grades and how the demo data and most existing schools already store them. "七年级" and "初一" (or "初中一年级")
 * are the same year 7, "十年级" and "高一" the same year 10. A school that already has a grade stored under the
 * other name keeps it: imports match grades by year (`gradeLevel`), not by the text.
 */
const STAGE_NAMES = ['初一', '初二', '初三', '高一', '高二', '高三'];

export type GradeReading =
  /** A school year 1–12, in its canonical name. */
  | { kind: 'year'; level: number; name: string }
  /** A name that is no school year at all ("学前班", "火箭部"): kept as typed. */
  | { kind: 'other'; name: string }
  /** Written like a school year, but there is no such year ("十三年级", "高四", "零年级", "初四"). */
  | { kind: 'invalid'; name: string; problem: string };

function yearName(level: number): string {
  return level <= 6 ? `${toChineseNumber(level)}年级` : STAGE_NAMES[level - 7];
}

/** Reads a grade name: "3年级", "3", "三年级" → 三年级; "七年级", "7年级", "初一", "初中一年级" → 初一; "高四" → invalid. */
export function readGradeName(raw: string): GradeReading {
  const s = toHalfWidth(raw);
  // "小学三年级", "初中一年级", "高中二年级": the stage prefix decides how the number counts.
  const staged = /^(小学|初中|高中)(\d{1,2}|[一二三四五六七八九十]{1,3})年级$/.exec(s);
  if (staged) {
    const n = chineseNumber(staged[2]);
    const [offset, years] = staged[1] === '小学' ? [0, 6] : staged[1] === '初中' ? [6, 3] : [9, 3];
    if (n === null || n < 1 || n > years) return { kind: 'invalid', name: s, problem: `没有“${s}”：${staged[1]}只有 ${years} 个年级` };
    return { kind: 'year', level: offset + n, name: yearName(offset + n) };
  }
  const numbered = /^(\d{1,2}|[零一二三四五六七八九十]{1,3})(年级)?$/.exec(s);
  if (numbered) {
    const n = numbered[1] === '零' ? 0 : chineseNumber(numbered[1]);
    if (n !== null && n >= 1 && n <= 12) return { kind: 'year', level: n, name: yearName(n) };
    return { kind: 'invalid', name: s, problem: `没有“${s}”：年级只有一年级到十二年级（初一到高三）` };
  }
  const stage = /^([初高])(\d{1,2}|[零一二三四五六七八九十]{1,3})$/.exec(s);
  if (stage) {
    const n = stage[2] === '零' ? 0 : chineseNumber(stage[2]);
    if (n !== null && n >= 1 && n <= 3) return { kind: 'year', level: (stage[1] === '初' ? 6 : 9) + n, name: yearName((stage[1] === '初' ? 6 : 9) + n) };
    return { kind: 'invalid', name: s, problem: `没有“${s}”：${stage[1] === '初' ? '初中只有初一到初三' : '高中只有高一到高三'}` };
  }
  return { kind: 'other', name: s };
}

/** The canonical name of a grade ("七年级" → "初一"); a name that is no school year is returned as typed. */
export function normaliseGradeName(raw: string): string {
  return readGradeName(raw).name;
}

/** The school year (1–12) a grade name stands for; null for other names and for years that do not exist. */
export function gradeLevel(name: string): number | null {
  const r = readGradeName(name);
  return r.kind === 'year' ? r.level : null;
}

/**
 * The key two grade names are the same grade by: the school year when the name is one ("七年级" and "初一" are both
 * year 7), else the name itself.
 */
export function gradeKey(name: string): string {
  const level = gradeLevel(name);
  return level === null ? `name:${toHalfWidth(name)}` : `year:${level}`;
}

/** Sort key of a grade: 三年级 → 3, 初一 / 七年级 → 7, 高三 → 12, others 0. */
export function gradeSort(name: string): number {
  return gradeLevel(name) ?? 0;
}

/**
 * Splits a class cell into its grade (when written in it) and the class name.
 * "三年级(1)班" → { grade: "三年级", name: "1班" }; "1班" / "(1)班" / "1" / "一班" → { grade: null, name: "1班" }.
 */
export function splitClassName(raw: string): { grade: string | null; name: string } {
  const s = toHalfWidth(raw);
  const m = /^(.+?年级|[初高](?:\d|[零一二三四五六七八九十]))?\(?(\d{1,2}|[一二三四五六七八九十]{1,3})\)?班?$/.exec(s);
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

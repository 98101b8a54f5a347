import { formatDate, fromShanghaiParts, type Instant } from './time';

/**
 * The school-year calendar: which semester a moment belongs to and the bounds of a semester, in one place for the
 * server (every "this semester" figure, the dashboards, the supervision flags, the notices' late joiners) and the
 * app (the calendar editor). A district sets its own dates per school year; a school year it has not set follows
 * the default, 1 September – 31 January and 1 February – 31 July (Asia/Shanghai).
 *
 * A semester has its teaching dates (`startsOn`–`endsOn`, as the district wrote them) and a counting window: from
 * 00:00 Shanghai on the day after the previous semester ended, to 00:00 Shanghai on the day after it ends. The
 * holidays belong to the semester that follows them (a tip filed in August counts in the autumn semester, a
 * letter sent home before school starts belongs to the term it prepares), so the windows cover every moment once.
 */

/** A day on the Shanghai calendar, `YYYY-MM-DD`. */
export type CalendarDay = string;

export interface SemesterDates {
  startsOn: CalendarDay;
  endsOn: CalendarDay;
}

/** One school year (`schoolYear` 2026 = 2026–2027): its first (autumn) and second (spring) semester. */
export interface SchoolYearCalendar {
  schoolYear: number;
  first: SemesterDates;
  second: SemesterDates;
}

export type SemesterTerm = 1 | 2;

export interface Semester {
  /** `2026-1`: the first semester of the 2026–2027 school year; `2026-2` its second. */
  key: string;
  schoolYear: number;
  term: SemesterTerm;
  /** `2026-2027学年 第一学期`. */
  label: string;
  startsOn: CalendarDay;
  endsOn: CalendarDay;
  /** The counting window: [from, until). */
  from: Date;
  until: Date;
  /** Set by the district (false: the default dates). */
  custom: boolean;
}

/** A semester key as the API takes it (`?semester=2026-1`). */
export const SEMESTER_KEY_PATTERN = /^(\d{4})-([12])$/;
export const SEMESTER_TERM_LABELS: Record<SemesterTerm, string> = { 1: '第一学期', 2: '第二学期' };
/** School years a calendar may name. */
export const SCHOOL_YEAR_MIN = 2000;
export const SCHOOL_YEAR_MAX = 2099;
/** School years one district calendar may hold. */
export const CALENDAR_YEARS_MAX = 20;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The default school year: 1 September – 31 January, 1 February – 31 July. */
export function defaultSchoolYear(schoolYear: number): SchoolYearCalendar {
  return {
    schoolYear,
    first: { startsOn: `${schoolYear}-09-01`, endsOn: `${schoolYear + 1}-01-31` },
    second: { startsOn: `${schoolYear + 1}-02-01`, endsOn: `${schoolYear + 1}-07-31` },
  };
}

/** The parts of a `YYYY-MM-DD` day, or null when it is not a real calendar day. */
function dayParts(day: string): { year: number; month: number; day: number } | null {
  const m = DAY_PATTERN.exec(day);
  if (!m) return null;
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, d));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === d ? { year, month, day: d } : null;
}

/** Whether `day` is a real `YYYY-MM-DD` calendar day. */
export function isCalendarDay(day: string): boolean {
  return dayParts(day) !== null;
}

/** 00:00 Asia/Shanghai at the start of `day`. */
function startOfDay(day: CalendarDay): Date {
  const p = dayParts(day);
  if (!p) throw new Error(`not a calendar day: ${day}`);
  return fromShanghaiParts(p);
}

/** The school year as it stands: the district's own dates, or the default. */
export function schoolYearOf(years: readonly SchoolYearCalendar[], schoolYear: number): SchoolYearCalendar & { custom: boolean } {
  const own = years.find((y) => y.schoolYear === schoolYear);
  return own ? { ...own, custom: true } : { ...defaultSchoolYear(schoolYear), custom: false };
}

function datesOf(years: readonly SchoolYearCalendar[], schoolYear: number, term: SemesterTerm): SemesterDates & { custom: boolean } {
  const y = schoolYearOf(years, schoolYear);
  return { ...(term === 1 ? y.first : y.second), custom: y.custom };
}

/** A semester by school year and term, with its counting window. */
export function semesterOf(years: readonly SchoolYearCalendar[], schoolYear: number, term: SemesterTerm): Semester {
  const own = datesOf(years, schoolYear, term);
  const before = term === 1 ? datesOf(years, schoolYear - 1, 2) : datesOf(years, schoolYear, 1);
  return {
    key: `${schoolYear}-${term}`, schoolYear, term, label: `${schoolYear}-${schoolYear + 1}学年 ${SEMESTER_TERM_LABELS[term]}`,
    startsOn: own.startsOn, endsOn: own.endsOn,
    from: new Date(startOfDay(before.endsOn).getTime() + DAY_MS), until: new Date(startOfDay(own.endsOn).getTime() + DAY_MS),
    custom: own.custom,
  };
}

/** The semester a key names (`2026-1`), or null for a malformed key or a school year out of range. */
export function semesterByKey(years: readonly SchoolYearCalendar[], key: string): Semester | null {
  const m = SEMESTER_KEY_PATTERN.exec(key);
  if (!m) return null;
  const schoolYear = Number(m[1]);
  if (schoolYear < SCHOOL_YEAR_MIN || schoolYear > SCHOOL_YEAR_MAX) return null;
  return semesterOf(years, schoolYear, Number(m[2]) as SemesterTerm);
}

/** The semester whose counting window holds `at` (holidays belong to the semester after them). */
export function semesterAt(years: readonly SchoolYearCalendar[], at: Instant): Semester {
  const ms = (at instanceof Date ? at : new Date(at)).getTime();
  const year = Number(formatDate(at).slice(0, 4));
  for (let schoolYear = year - 2; schoolYear <= year + 1; schoolYear++) {
    for (const term of [1, 2] as const) {
      const s = semesterOf(years, schoolYear, term);
      if (s.from.getTime() <= ms && ms < s.until.getTime()) return s;
    }
  }
  // Unreachable with a calendar calendarProblems() accepts: its windows cover every moment.
  throw new Error(`no semester holds ${formatDate(at)}`);
}

/** The semester before `s`. */
export function previousSemester(years: readonly SchoolYearCalendar[], s: Pick<Semester, 'schoolYear' | 'term'>): Semester {
  return s.term === 2 ? semesterOf(years, s.schoolYear, 1) : semesterOf(years, s.schoolYear - 1, 2);
}

/** The semester `at` is in and the `count - 1` before it, newest first (a dashboard's choice of semester). */
export function recentSemesters(years: readonly SchoolYearCalendar[], at: Instant, count: number): Semester[] {
  const out = [semesterAt(years, at)];
  while (out.length < count) out.push(previousSemester(years, out[out.length - 1]));
  return out;
}

/** The calendar months (`YYYY-MM`) a semester's counting window touches, in order. */
export function semesterMonths(s: Pick<Semester, 'from' | 'until'>): string[] {
  const first = formatDate(s.from);
  const last = formatDate(new Date(s.until.getTime() - 1));
  let [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const end = `${last.slice(0, 7)}`;
  const out: string[] = [];
  for (;;) {
    const month = `${y}-${pad2(m)}`;
    out.push(month);
    if (month >= end) return out;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
}

/**
 * What is wrong with a district's calendar, in Chinese (empty when nothing is): days that are not real days, a school
 * year out of range or named twice, a semester that ends before it starts, that starts outside its school year, or
 * that does not come after the semester before it (the default dates where the district set none).
 */
export function calendarProblems(years: readonly SchoolYearCalendar[]): string[] {
  const problems: string[] = [];
  if (years.length > CALENDAR_YEARS_MAX) problems.push(`最多设置 ${CALENDAR_YEARS_MAX} 个学年`);
  const seen = new Set<number>();
  for (const y of years) {
    const name = `${y.schoolYear}-${y.schoolYear + 1}学年`;
    if (!Number.isInteger(y.schoolYear) || y.schoolYear < SCHOOL_YEAR_MIN || y.schoolYear > SCHOOL_YEAR_MAX) {
      problems.push(`学年 ${y.schoolYear} 不在 ${SCHOOL_YEAR_MIN}–${SCHOOL_YEAR_MAX} 之间`);
      continue;
    }
    if (seen.has(y.schoolYear)) problems.push(`${name}设置了两次`);
    seen.add(y.schoolYear);
    const days = [y.first.startsOn, y.first.endsOn, y.second.startsOn, y.second.endsOn];
    const bad = days.filter((d) => !isCalendarDay(d));
    if (bad.length) {
      problems.push(`${name}的日期无效：${bad.join('、')}（格式为 2026-09-01）`);
      continue;
    }
    if (y.first.startsOn > y.first.endsOn) problems.push(`${name}第一学期的结束日期早于开始日期`);
    if (y.second.startsOn > y.second.endsOn) problems.push(`${name}第二学期的结束日期早于开始日期`);
    if (y.first.endsOn >= y.second.startsOn) problems.push(`${name}第二学期须在第一学期结束后开始`);
    if (y.first.startsOn < `${y.schoolYear}-07-01` || y.first.startsOn > `${y.schoolYear}-10-31`) {
      problems.push(`${name}第一学期须在 ${y.schoolYear} 年 7 月 1 日至 10 月 31 日之间开始`);
    }
    if (y.second.endsOn < `${y.schoolYear + 1}-05-01` || y.second.endsOn > `${y.schoolYear + 1}-08-31`) {
      problems.push(`${name}第二学期须在 ${y.schoolYear + 1} 年 5 月 1 日至 8 月 31 日之间结束`);
    }
  }
  if (problems.length) return problems;
  // Each school year after the one before it, as they would stand (the district's dates or the default).
  for (const y of years) {
    const before = schoolYearOf(years, y.schoolYear - 1);
    const after = schoolYearOf(years, y.schoolYear + 1);
    if (before.second.endsOn >= y.first.startsOn) {
      problems.push(`${y.schoolYear}-${y.schoolYear + 1}学年第一学期须在上一学年第二学期（至 ${before.second.endsOn}）结束后开始`);
    }
    if (!seen.has(y.schoolYear + 1) && y.second.endsOn >= after.first.startsOn) {
      problems.push(`${y.schoolYear}-${y.schoolYear + 1}学年第二学期须在下一学年第一学期（${after.first.startsOn} 起）开始前结束`);
    }
  }
  return problems;
}

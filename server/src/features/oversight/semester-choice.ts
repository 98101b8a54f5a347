import {
  ErrorCode, OVERSIGHT_LIMITS, recentSemesters, semesterAt, semesterByKey, type SchoolYearCalendar, type Semester, type SemesterOption,
} from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';

/** The semester a dashboard shows: the one asked for (`?semester=2026-1`), else the one `now` is in. */
export function chosenSemester(calendar: readonly SchoolYearCalendar[], key: string | undefined, now: Date): Semester {
  if (key === undefined) return semesterAt(calendar, now);
  const s = semesterByKey(calendar, key);
  if (!s) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, `没有学期 ${key}`);
  return s;
}

/** The semesters a dashboard offers: the current one, then those before it. */
export function semesterOptions(calendar: readonly SchoolYearCalendar[], now: Date): SemesterOption[] {
  return recentSemesters(calendar, now, OVERSIGHT_LIMITS.semestersOffered).map((s) => ({ key: s.key, label: s.label }));
}

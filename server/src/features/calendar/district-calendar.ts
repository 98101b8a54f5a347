import { EntityManager, In } from 'typeorm';
import { semesterAt, type SchoolYearCalendar, type Semester, type SemesterInfo } from '@anxin/shared';
import { SchoolEntity } from '../tenancy/school.entity';
import { SemesterCalendarEntity } from './semester-calendar.entity';

/**
 * Reading a district's calendar. Which semester a moment is in, and a semester's bounds, are shared/src/semesters.ts
 * (`semesterAt`, `semesterByKey`, …): these functions only load the school years a district set, for every server
 * feature that counts "this semester" (the dashboards and flags, the notices' late joiners).
 */

function toCalendar(r: SemesterCalendarEntity): SchoolYearCalendar {
  return {
    schoolYear: r.schoolYear,
    first: { startsOn: r.firstStartsOn, endsOn: r.firstEndsOn },
    second: { startsOn: r.secondStartsOn, endsOn: r.secondEndsOn },
  };
}

/** The school years a district set, oldest first (an empty list: the default calendar throughout). */
export async function districtCalendar(m: EntityManager, districtId: string): Promise<SchoolYearCalendar[]> {
  return (await m.find(SemesterCalendarEntity, { where: { districtId }, order: { schoolYear: 'ASC' } })).map(toCalendar);
}

/** The calendars of several districts at once (a district that set none maps to an empty list). */
export async function districtCalendars(m: EntityManager, districtIds: string[]): Promise<Map<string, SchoolYearCalendar[]>> {
  const out = new Map<string, SchoolYearCalendar[]>(districtIds.map((id) => [id, []]));
  if (!districtIds.length) return out;
  const rows = await m.find(SemesterCalendarEntity, { where: { districtId: In(districtIds) }, order: { schoolYear: 'ASC' } });
  for (const r of rows) out.get(r.districtId)?.push(toCalendar(r));
  return out;
}

/** The calendar a school follows: its district's. */
export async function schoolCalendar(m: EntityManager, school: Pick<SchoolEntity, 'districtId'>): Promise<SchoolYearCalendar[]> {
  return districtCalendar(m, school.districtId);
}

/** The calendar each of these schools follows (its district's), by school id. */
export async function schoolCalendars(m: EntityManager, schoolIds: string[]): Promise<Map<string, SchoolYearCalendar[]>> {
  const out = new Map<string, SchoolYearCalendar[]>();
  if (!schoolIds.length) return out;
  const schools = await m.find(SchoolEntity, { where: { id: In(schoolIds) }, select: { id: true, districtId: true } });
  const calendars = await districtCalendars(m, [...new Set(schools.map((s) => s.districtId))]);
  for (const s of schools) out.set(s.id, calendars.get(s.districtId) ?? []);
  return out;
}

/** A semester as the API sends it. */
export function semesterInfo(s: Semester): SemesterInfo {
  return {
    key: s.key, schoolYear: s.schoolYear, term: s.term, label: s.label, startsOn: s.startsOn, endsOn: s.endsOn,
    from: s.from.toISOString(), until: s.until.toISOString(), custom: s.custom,
  };
}

/**
 * The earliest start of the semester `at` is in over every district's calendar (and the default, for districts that
 * set none): a lower bound to narrow a query over all schools before each school's own semester is applied.
 */
export async function earliestSemesterStart(m: EntityManager, at: Date): Promise<Date> {
  const rows = await m.find(SemesterCalendarEntity, { order: { schoolYear: 'ASC' } });
  const byDistrict = new Map<string, SchoolYearCalendar[]>();
  for (const r of rows) byDistrict.set(r.districtId, [...(byDistrict.get(r.districtId) ?? []), toCalendar(r)]);
  return new Date(Math.min(semesterAt([], at).from.getTime(), ...[...byDistrict.values()].map((c) => semesterAt(c, at).from.getTime())));
}

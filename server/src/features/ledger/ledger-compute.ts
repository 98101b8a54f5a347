import { In, MoreThanOrEqual, type EntityManager } from 'typeorm';
import {
  compareNumberedNames, formatDate, ledgerDueOn, ledgerStatus, ledgerWindow, LEDGER_STATUSES, SchoolRole, type LedgerDuty, type LedgerDutyRow,
  type LedgerEvidence, type LedgerStatus, type SchoolYearCalendar, type Semester,
} from '@anxin/shared';
import { UserEntity } from '../identity/user.entity';
import { classesWithGrades } from '../pledges/pledge-audience';
import type { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { LedgerActivityEntity } from './ledger-activity.entity';
import { LedgerFileEntity } from './ledger-file.entity';
import { EVIDENCE_SOURCES, type AutoEvidence } from './ledger-sources';

/** A class of the school as the ledger names it (`三年级1班`). */
export interface LedgerClass {
  id: string;
  name: string;
}

/** Everything one school's ledger for one semester is computed from. */
export interface LedgerInputs {
  classes: LedgerClass[];
  /** Holders of the teacher role at the school now (the teacher_3y duty's people), in name order. */
  teachers: { id: string; name: string }[];
  activities: LedgerActivityEntity[];
  files: Map<string, LedgerFileEntity[]>;
  /** Duty key → evidence found by the duty's source. */
  auto: Map<string, AutoEvidence[]>;
  /** User id → display name (recorders, teachers). */
  names: Map<string, string>;
}

export interface ComputedDuty {
  row: LedgerDutyRow;
  /** The activities that count, for the export (with their files). */
  activities: LedgerActivityEntity[];
}

/** `三年级` + `1班`, or the class's own name when it already says its grade. */
export function className(c: { name: string; gradeName: string }): string {
  return c.gradeName && !c.name.startsWith(c.gradeName) ? `${c.gradeName}${c.name}` : c.name;
}

/** The school's classes (`三年级1班`), in number order. */
export async function ledgerClasses(m: EntityManager, schoolId: string): Promise<LedgerClass[]> {
  const classes = (await classesWithGrades(m, schoolId)).map((c) => ({ id: c.id, name: className(c) }));
  return classes.sort((a, b) => compareNumberedNames(a.name, b.name));
}

/** The holders of the teacher role at the school, with their names, in name order. */
export async function ledgerTeachers(m: EntityManager, schoolId: string): Promise<{ id: string; name: string }[]> {
  const roles = await m.find(StaffRoleEntity, { where: { schoolId, role: SchoolRole.TEACHER }, select: { userId: true } });
  const ids = [...new Set(roles.map((r) => r.userId))];
  const users = ids.length ? await m.find(UserEntity, { where: { id: In(ids) }, select: { id: true, displayName: true } }) : [];
  return users.map((u) => ({ id: u.id, name: u.displayName })).sort((a, b) => compareNumberedNames(a.name, b.name));
}

/** Loads what the ledger of `school` in `semester` needs (activities from the earliest window of any duty on). */
export async function loadLedgerInputs(
  m: EntityManager, school: SchoolEntity, calendar: readonly SchoolYearCalendar[], semester: Semester, duties: readonly LedgerDuty[], now: Date,
): Promise<LedgerInputs> {
  const earliest = new Date(Math.min(...duties.map((d) => ledgerWindow(calendar, semester, d.frequency).from.getTime()), semester.from.getTime()));
  const [classes, teachers, activities] = await Promise.all([
    ledgerClasses(m, school.id),
    ledgerTeachers(m, school.id),
    m.find(LedgerActivityEntity, { where: { schoolId: school.id, heldAt: MoreThanOrEqual(earliest) }, order: { heldAt: 'ASC', createdAt: 'ASC' } }),
  ]);
  const files = new Map<string, LedgerFileEntity[]>();
  if (activities.length) {
    const rows = await m.find(LedgerFileEntity, { where: { activityId: In(activities.map((a) => a.id)) }, order: { createdAt: 'ASC' } });
    for (const f of rows) files.set(f.activityId, [...(files.get(f.activityId) ?? []), f]);
  }
  const auto = new Map<string, AutoEvidence[]>();
  for (const d of duties) {
    if (!d.source) continue;
    const w = ledgerWindow(calendar, semester, d.frequency);
    auto.set(d.key, await EVIDENCE_SOURCES[d.source](m, { school, from: w.from, until: w.until, now }));
  }
  const userIds = [...new Set(activities.flatMap((a) => [a.createdBy, ...(a.teacherUserId ? [a.teacherUserId] : [])]))];
  const users = userIds.length ? await m.find(UserEntity, { where: { id: In(userIds) }, select: { id: true, displayName: true } }) : [];
  const names = new Map([...users.map((u) => [u.id, u.displayName] as const), ...teachers.map((t) => [t.id, t.name] as const)]);
  return { classes, teachers, activities, files, auto, names };
}

/**
 * Each duty's row: its window and due time (ledgerWindow), what is required and covered, the status (ledgerStatus),
 * and its evidence in date order. Coverage:
 * - class_semester: the classes named by the duty's activities in the window (an activity for the whole school covers
 *   every class); required: the school's classes;
 * - teacher_3y: the teachers with a training record of their own in the window; required: the school's teachers;
 * - every other frequency: one activity or one piece of automatic evidence in the window; required: 1.
 * Automatic evidence counts for the school as a whole, so it covers no class or teacher of a class or teacher duty.
 * `editable(a)`: whether the caller may change activity `a`.
 */
export function computeLedger(
  calendar: readonly SchoolYearCalendar[], semester: Semester, duties: readonly LedgerDuty[], inputs: LedgerInputs, now: Date,
  editable: (a: LedgerActivityEntity) => boolean,
): ComputedDuty[] {
  const classNames = new Map(inputs.classes.map((c) => [c.id, c.name]));
  return duties.map((duty) => {
    const w = ledgerWindow(calendar, semester, duty.frequency);
    const acts = inputs.activities.filter((a) => a.dutyKey === duty.key && a.heldAt >= w.from && a.heldAt < w.until);
    const auto = inputs.auto.get(duty.key) ?? [];
    let required = 1;
    let covered = acts.length || auto.length ? 1 : 0;
    let missing: string[] = [];
    if (duty.frequency === 'class_semester') {
      const done = new Set(acts.flatMap((a) => (a.audience === 'school' ? inputs.classes.map((c) => c.id) : a.classIds)));
      required = inputs.classes.length;
      covered = inputs.classes.filter((c) => done.has(c.id)).length;
      missing = inputs.classes.filter((c) => !done.has(c.id)).map((c) => c.name);
    } else if (duty.frequency === 'teacher_3y') {
      const done = new Set(acts.map((a) => a.teacherUserId).filter(Boolean));
      required = inputs.teachers.length;
      covered = inputs.teachers.filter((t) => done.has(t.id)).length;
      missing = inputs.teachers.filter((t) => !done.has(t.id)).map((t) => t.name);
    }
    const evidence: LedgerEvidence[] = [
      ...acts.map((a): LedgerEvidence => ({
        activityId: a.id, source: null, heldOn: a.heldOn, title: duty.name, description: a.description, leader: a.leader, audience: a.audience,
        attendance: a.attendance, classNames: a.classIds.map((id) => classNames.get(id) ?? '（已删除的班级）'),
        teacherName: a.teacherUserId ? inputs.names.get(a.teacherUserId) ?? '' : null, recordedBy: inputs.names.get(a.createdBy) ?? '',
        recordedAt: a.createdAt.toISOString(), updatedAt: a.updatedAt?.toISOString() ?? null,
        files: (inputs.files.get(a.id) ?? []).map((f) => ({ id: f.id, kind: f.kind, name: f.name, bytes: f.bytes })), link: null, editable: editable(a),
      })),
      ...auto.map((e): LedgerEvidence => ({
        activityId: null, source: e.source, heldOn: formatDate(e.at), title: e.title, description: e.description, leader: '', audience: 'school',
        attendance: null, classNames: [], teacherName: null, recordedBy: null, recordedAt: e.at.toISOString(), updatedAt: null, files: [], link: e.link,
        editable: false,
      })),
    ].sort((x, y) => (x.heldOn < y.heldOn ? -1 : x.heldOn > y.heldOn ? 1 : x.recordedAt < y.recordedAt ? -1 : 1));
    const row: LedgerDutyRow = {
      key: duty.key, name: duty.name, frequency: duty.frequency, appliesTo: duty.appliesTo, evidenceText: duty.evidence, source: duty.source,
      status: ledgerStatus(required, covered, w.dueAt, now), required, covered, dueAt: w.dueAt.toISOString(), dueOn: ledgerDueOn(w.dueAt),
      missing, evidence,
    };
    return { row, activities: acts };
  });
}

/** How many duties are in each status. */
export function statusCounts(rows: readonly { status: LedgerStatus }[]): Record<LedgerStatus, number> {
  const out = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
  for (const r of rows) out[r.status]++;
  return out;
}

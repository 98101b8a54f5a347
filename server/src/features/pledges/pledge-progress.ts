import type { EntityManager } from 'typeorm';
import { compareNames, type GuardianPledgeStatus, type PledgeCounts, type PledgeMissingPart, type Relation } from '@anxin/shared';
import type { BindingEntity } from '../bindings/binding.entity';
import { chunks } from '../../platform/database/in-lists';
import type { StudentEntity } from '../tenancy/student.entity';
import { studentPartRequired, type PledgeClass } from './pledge-audience';
import type { PledgeSignatureEntity } from './pledge-signature.entity';
import type { PledgeEntity } from './pledge.entity';

/** A signature as the progress rules read it (no images, no text). */
export type SignatureRef = Pick<PledgeSignatureEntity, 'id' | 'studentId' | 'guardianUserId' | 'versionNumber' | 'hasStudentPart' | 'signedOn' | 'relation'>;

export interface ChildGuardian {
  userId: string;
  relation: Relation;
  /** This guardian signed the current version for the child. */
  signedCurrent: boolean;
}

/** Where one child of the audience stands with the current version. */
export interface ChildProgress {
  studentId: string;
  studentName: string;
  cls: PledgeClass;
  /** Guardians with an approved binding to the child. */
  guardians: ChildGuardian[];
  studentRequired: boolean;
  signatures: SignatureRef[];
  /** signed: all that is required is signed for the current version; superseded: only an older version is signed. */
  state: 'signed' | 'superseded' | 'missing';
  /** What is still missing (empty when signed). */
  missing: PledgeMissingPart[];
}

/**
 * The one owner of the rules of completion. For the current version, a child's guardian part is done when one
 * guardian signed it (or, with requireAllGuardians, every guardian with an approved binding did), and the student
 * part when one of those signatures carries the child's own signature (required from the pledge's studentFromGrade).
 * A child with nothing signed for the current version but a signature of an older one is `superseded` (asked to sign
 * again); otherwise `missing`.
 */
export function childProgress(
  pledge: Pick<PledgeEntity, 'currentVersion' | 'requireAllGuardians' | 'studentFromGrade'>, student: Pick<StudentEntity, 'id' | 'name'>, cls: PledgeClass,
  bindings: Pick<BindingEntity, 'guardianUserId' | 'relation'>[], signatures: SignatureRef[],
): ChildProgress {
  const current = signatures.filter((s) => s.versionNumber === pledge.currentVersion);
  const guardians = bindings.map((b) => ({ userId: b.guardianUserId, relation: b.relation, signedCurrent: current.some((s) => s.guardianUserId === b.guardianUserId) }));
  const studentRequired = studentPartRequired(pledge, cls.gradeNumber);
  const guardianDone = pledge.requireAllGuardians ? guardians.length > 0 && guardians.every((g) => g.signedCurrent) : current.length > 0;
  const studentDone = !studentRequired || current.some((s) => s.hasStudentPart);
  const older = signatures.some((s) => s.versionNumber < pledge.currentVersion);
  let state: ChildProgress['state'] = 'missing';
  const missing: PledgeMissingPart[] = [];
  if (guardianDone && studentDone) state = 'signed';
  else if (!current.length && older) {
    state = 'superseded';
    missing.push('resign');
  } else {
    if (!guardianDone) missing.push('guardian');
    if (!studentDone) missing.push('student');
  }
  return { studentId: student.id, studentName: student.name, cls, guardians, studentRequired, signatures, state, missing };
}

/**
 * What one guardian sees for one child: signed (the current version is signed for the child, or with
 * requireAllGuardians by this guardian), resign (only an older version was), or to_sign; and the signature to show
 * (their own first).
 */
export function guardianView(
  pledge: Pick<PledgeEntity, 'currentVersion' | 'requireAllGuardians'>, child: ChildProgress, guardianUserId: string,
): { status: GuardianPledgeStatus; signature: SignatureRef | null } {
  const relevant = pledge.requireAllGuardians ? child.signatures.filter((s) => s.guardianUserId === guardianUserId) : child.signatures;
  const newestFirst = [...relevant].sort((a, b) => b.versionNumber - a.versionNumber
    || Number(b.guardianUserId === guardianUserId) - Number(a.guardianUserId === guardianUserId));
  const current = newestFirst.find((s) => s.versionNumber === pledge.currentVersion);
  if (current) return { status: 'signed', signature: current };
  const older = newestFirst.find((s) => s.versionNumber < pledge.currentVersion) ?? null;
  if (older) return { status: 'resign', signature: older };
  return { status: 'to_sign', signature: null };
}

/** Guardians of these children who still have something to sign (the ones a reminder goes to), sorted. */
export function guardiansToRemind(pledge: Pick<PledgeEntity, 'requireAllGuardians'>, children: ChildProgress[]): string[] {
  const out = new Set<string>();
  for (const c of children) {
    if (c.state === 'signed') continue;
    for (const g of c.guardians) if (!pledge.requireAllGuardians || !g.signedCurrent) out.add(g.userId);
  }
  return [...out].sort();
}

export function countProgress(children: ChildProgress[]): PledgeCounts {
  const signed = children.filter((c) => c.state === 'signed').length;
  const superseded = children.filter((c) => c.state === 'superseded').length;
  return { students: children.length, signed, superseded, missing: children.length - signed - superseded };
}

/** A DATE column read by a raw query: SQLite gives the text, mysql2 a Date at UTC midnight (the pool's timezone is Z). */
function rawDay(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/**
 * Every child of `classes` (the roster), or only `studentIds` of them, with their approved guardians and the pledge's
 * signatures for them, as childProgress reads them, in class order then by name (unless `ordered: false`, for counts).
 * Three plain queries per 500 classes (or 500 children) and no entities: a school of 3,000 children is about 12,000 rows.
 */
export async function loadProgress(
  m: EntityManager, pledge: Pick<PledgeEntity, 'id' | 'schoolId' | 'currentVersion' | 'requireAllGuardians' | 'studentFromGrade'>, classes: PledgeClass[],
  studentIds?: string[], opts: { ordered?: boolean } = {},
): Promise<ChildProgress[]> {
  if (!classes.length) return [];
  const classOrder = new Map(classes.map((c, i) => [c.id, i]));
  const students: { id: string; name: string; class_id: string }[] = [];
  const bindings = new Map<string, Pick<BindingEntity, 'guardianUserId' | 'relation'>[]>();
  const signatures = new Map<string, SignatureRef[]>();
  const list = (ids: string[]) => ids.map(() => '?').join(', ');
  // The children in this part (by class, or by id), then their approved bindings and this pledge's signatures.
  // A binding carries its child's class (kept in step when the roster moves the child): read through its index alone.
  const load = async (where: (table: 's' | 'b') => string, ids: string[]) => {
    const part = await m.query(`SELECT s.id, s.name, s.class_id FROM students s WHERE s.school_id = ? AND ${where('s')}`, [pledge.schoolId, ...ids]) as typeof students;
    students.push(...part.filter((s) => classOrder.has(s.class_id)));
    for (const b of await m.query(
      `SELECT b.student_id, b.guardian_user_id, b.relation FROM bindings b WHERE b.school_id = ? AND b.status = 'approved' AND ${where('b')}`,
      [pledge.schoolId, ...ids],
    ) as { student_id: string; guardian_user_id: string; relation: BindingEntity['relation'] }[]) {
      const row = { guardianUserId: b.guardian_user_id, relation: b.relation };
      const known = bindings.get(b.student_id);
      if (known) known.push(row);
      else bindings.set(b.student_id, [row]);
    }
    for (const x of await m.query(
      `SELECT p.id, p.student_id, p.guardian_user_id, p.version_number, p.has_student_part, p.signed_on, p.relation
        FROM pledge_signatures p JOIN students s ON s.id = p.student_id WHERE p.pledge_id = ? AND s.school_id = ? AND ${where('s')}`,
      [pledge.id, pledge.schoolId, ...ids],
    ) as Record<string, unknown>[]) {
      const ref: SignatureRef = {
        id: String(x.id), studentId: String(x.student_id), guardianUserId: String(x.guardian_user_id), versionNumber: Number(x.version_number),
        hasStudentPart: Boolean(Number(x.has_student_part)), signedOn: rawDay(x.signed_on), relation: x.relation as SignatureRef['relation'],
      };
      const known = signatures.get(ref.studentId);
      if (known) known.push(ref);
      else signatures.set(ref.studentId, [ref]);
    }
  };
  if (studentIds) for (const ids of chunks([...new Set(studentIds)])) await load((t) => `${t}.${t === 's' ? 'id' : 'student_id'} IN (${list(ids)})`, ids);
  else for (const ids of chunks(classes.map((c) => c.id))) await load((t) => `${t}.class_id IN (${list(ids)})`, ids);
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (opts.ordered !== false) {
    students.sort((a, b) => classOrder.get(a.class_id)! - classOrder.get(b.class_id)! || compareNames(a.name, b.name) || byId(a.id, b.id));
  }
  return students.map((s) => childProgress(
    pledge, { id: s.id, name: s.name }, classes[classOrder.get(s.class_id)!],
    (bindings.get(s.id) ?? []).sort((a, b) => byId(a.guardianUserId, b.guardianUserId)), signatures.get(s.id) ?? [],
  ));
}

/**
 * countProgress of every child of each of `classes`, counted by the database (a row per class back) instead of loading
 * each child, guardian and signature: the completion figures of a whole school. The same rules as childProgress,
 * written as SQL: the guardian part is done when a signature of the current version exists (with
 * requireAllGuardians: the child has an approved guardian and none of them lacks one), the student part when one of
 * those carries the child's own signature (counted where the class's grade requires it); a child with no signature
 * of the current version but one of an older version is superseded. One statement per 500 classes: the children are
 * read in the order of `ix_students_school_class` (school, class, then the child's id), each with its signatures of
 * the pledge found through `ix_pledge_signatures_progress` alone, so MariaDB groups them per child as they come,
 * without sorting the children, and then sums the rows of the children per class (docs/PLEDGES.md, "Completion at
 * scale"). With requireAllGuardians each child is checked against its guardians instead. The db spec `pledges-completion-counts` holds these equal to the rules in code.
 */
export async function countProgressByClass(
  m: EntityManager, pledge: Pick<PledgeEntity, 'id' | 'schoolId' | 'currentVersion' | 'requireAllGuardians' | 'studentFromGrade'>, classes: PledgeClass[],
): Promise<Map<string, PledgeCounts>> {
  const out = new Map<string, PledgeCounts>();
  const current = Number(pledge.currentVersion);
  const byId = new Map(classes.map((c) => [c.id, c]));
  for (const ids of chunks(classes.map((c) => c.id))) {
    const inClasses = `s.class_id IN (${ids.map(() => '?').join(', ')})`;
    const rows = pledge.requireAllGuardians ? await allGuardiansDone(m, pledge, current, inClasses, ids) : await m.query(
      `SELECT x.class_id AS class_id, COUNT(*) AS students, SUM(x.cur) AS guardian_done, SUM(x.cur_student) AS both_done,
          SUM(CASE WHEN x.cur = 0 AND x.older = 1 THEN 1 ELSE 0 END) AS superseded
        FROM (SELECT s.class_id AS class_id, s.id AS student_id,
            MAX(CASE WHEN p.version_number = ${current} THEN 1 ELSE 0 END) AS cur,
            MAX(CASE WHEN p.version_number = ${current} AND p.has_student_part = 1 THEN 1 ELSE 0 END) AS cur_student,
            MAX(CASE WHEN p.version_number < ${current} THEN 1 ELSE 0 END) AS older
          FROM students s LEFT JOIN pledge_signatures p ON p.pledge_id = ? AND p.student_id = s.id
          WHERE s.school_id = ? AND ${inClasses}
          GROUP BY s.class_id, s.id) x
        GROUP BY x.class_id`,
      [pledge.id, pledge.schoolId, ...ids],
    ) as Record<string, unknown>[];
    for (const r of rows) {
      const cls = byId.get(String(r.class_id));
      if (!cls) continue;
      const students = Number(r.students);
      const signed = Number((studentPartRequired(pledge, cls.gradeNumber) ? r.both_done : r.guardian_done) ?? 0);
      const superseded = Number(r.superseded ?? 0);
      out.set(cls.id, { students, signed, superseded, missing: students - signed - superseded });
    }
  }
  return out;
}

/** Per class, with requireAllGuardians: the children whose every approved guardian signed the current version, and so on. */
async function allGuardiansDone(
  m: EntityManager, pledge: Pick<PledgeEntity, 'id' | 'schoolId'>, current: number, inClasses: string, ids: string[],
): Promise<Record<string, unknown>[]> {
  const sig = (who: string, extra: string) => `EXISTS (SELECT 1 FROM pledge_signatures p WHERE p.pledge_id = ? AND p.student_id = ${who} AND ${extra})`;
  const approved = 'b.student_id = s.id AND b.school_id = ? AND b.status = \'approved\'';
  const guardians = `(EXISTS (SELECT 1 FROM bindings b WHERE ${approved}) AND NOT EXISTS (SELECT 1 FROM bindings b WHERE ${approved}
    AND NOT ${sig('b.student_id', `p.version_number = ${current} AND p.guardian_user_id = b.guardian_user_id`)}))`;
  const g = [pledge.schoolId, pledge.schoolId, pledge.id];
  return m.query(
    `SELECT s.class_id AS class_id, COUNT(*) AS students,
        SUM(CASE WHEN ${guardians} THEN 1 ELSE 0 END) AS guardian_done,
        SUM(CASE WHEN ${guardians} AND ${sig('s.id', `p.version_number = ${current} AND p.has_student_part = 1`)} THEN 1 ELSE 0 END) AS both_done,
        SUM(CASE WHEN NOT ${sig('s.id', `p.version_number = ${current}`)} AND ${sig('s.id', `p.version_number < ${current}`)} THEN 1 ELSE 0 END) AS superseded
      FROM students s WHERE s.school_id = ? AND ${inClasses} GROUP BY s.class_id`,
    [...g, ...g, pledge.id, pledge.id, pledge.id, pledge.schoolId, ...ids],
  );
}

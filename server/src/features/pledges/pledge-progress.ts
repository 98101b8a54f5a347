import { In, type EntityManager } from 'typeorm';
import type { GuardianPledgeStatus, PledgeCounts, PledgeMissingPart, Relation } from '@anxin/shared';
import { BindingEntity } from '../bindings/binding.entity';
import { chunks } from '../notices/notice-views';
import { StudentEntity } from '../tenancy/student.entity';
import { studentPartRequired, type PledgeClass } from './pledge-audience';
import { PledgeSignatureEntity } from './pledge-signature.entity';
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

/**
 * Every child of `classes` (the roster), or only `studentIds` of them, with their approved guardians and the pledge's
 * signatures for them, as childProgress reads them. A few queries per 500 children, whatever the number of versions.
 */
export async function loadProgress(
  m: EntityManager, pledge: Pick<PledgeEntity, 'id' | 'schoolId' | 'currentVersion' | 'requireAllGuardians' | 'studentFromGrade'>, classes: PledgeClass[],
  studentIds?: string[],
): Promise<ChildProgress[]> {
  if (!classes.length) return [];
  const byClass = new Map(classes.map((c) => [c.id, c]));
  const students: Pick<StudentEntity, 'id' | 'name' | 'classId'>[] = [];
  const select = { id: true, name: true, classId: true } as const;
  if (studentIds) {
    for (const ids of chunks([...new Set(studentIds)])) {
      students.push(...(await m.find(StudentEntity, { where: { schoolId: pledge.schoolId, id: In(ids) }, select })).filter((s) => byClass.has(s.classId)));
    }
  } else {
    for (const ids of chunks(classes.map((c) => c.id))) {
      students.push(...await m.find(StudentEntity, { where: { schoolId: pledge.schoolId, classId: In(ids) }, select }));
    }
  }
  const bindings = new Map<string, Pick<BindingEntity, 'guardianUserId' | 'relation'>[]>();
  const signatures = new Map<string, SignatureRef[]>();
  for (const ids of chunks(students.map((s) => s.id))) {
    for (const b of await m.find(BindingEntity, {
      where: { schoolId: pledge.schoolId, status: 'approved', studentId: In(ids) }, select: { guardianUserId: true, relation: true, studentId: true },
    })) bindings.set(b.studentId, [...(bindings.get(b.studentId) ?? []), b]);
    for (const s of await m.find(PledgeSignatureEntity, {
      where: { pledgeId: pledge.id, studentId: In(ids) },
      select: { id: true, studentId: true, guardianUserId: true, versionNumber: true, hasStudentPart: true, signedOn: true, relation: true },
    })) signatures.set(s.studentId, [...(signatures.get(s.studentId) ?? []), s]);
  }
  return students
    .map((s) => childProgress(pledge, s, byClass.get(s.classId)!, (bindings.get(s.id) ?? []).sort((a, b) => a.guardianUserId.localeCompare(b.guardianUserId)), signatures.get(s.id) ?? []))
    .sort((a, b) => classes.indexOf(a.cls) - classes.indexOf(b.cls) || a.studentName.localeCompare(b.studentName, 'zh-Hans-CN') || a.studentId.localeCompare(b.studentId));
}

import { randomUUID } from 'node:crypto';
import type { Pool, PoolConnection } from 'mysql2/promise';

/**
 * The notices benchmark's school, written with raw multi-row INSERTs (mysql2) straight into a migrated database:
 * one grade of `classes` classes, two guardians (mother and father) per student, and one mother in twenty also
 * bound to a child in the next class (a guardian with two children gets one receipt naming both). Tens of seconds
 * for 100,000 guardians, where the API would take hours. The bindings were approved a day before `now`, as a school's
 * are over the weeks before a letter goes out: none falls inside the late-join scan's look-back of a notice published
 * now (all of them did while they were approved at `now`, and each scan looked up 100,000 bindings beside the runs).
 */
export interface SeededSchool {
  gradeId: string;
  classIds: string[];
  /** Every guardian, in no particular order. */
  guardians: string[];
  /** Approved bindings (guardian, student, class, relation). */
  bindings: { guardianUserId: string; studentId: string; classId: string; relation: 'mother' | 'father' }[];
}

const ROWS_PER_INSERT = 2000;

export async function seedSchool(pool: Pool, schoolId: string, guardianCount: number, classes: number, now: Date): Promise<SeededSchool> {
  const perClass = Math.ceil(guardianCount / 2 / classes);
  const gradeId = randomUUID();
  const classIds = Array.from({ length: classes }, () => randomUUID());
  const students: { id: string; classId: string; n: number }[] = [];
  for (let n = 0; students.length * 2 < guardianCount; n++) students.push({ id: randomUUID(), classId: classIds[Math.floor(n / perClass)], n });
  const guardians: string[] = [];
  const bindings: SeededSchool['bindings'] = [];
  for (const s of students) {
    for (const relation of ['mother', 'father'] as const) {
      if (guardians.length >= guardianCount) break;
      const g = randomUUID();
      guardians.push(g);
      bindings.push({ guardianUserId: g, studentId: s.id, classId: s.classId, relation });
    }
  }
  // One mother in twenty has a second child, in the next class.
  const firstChildren = bindings.length;
  for (let i = 0; i + perClass * 2 < firstChildren; i += 40) {
    const sibling = students[Math.floor(i / 2) + perClass];
    bindings.push({ guardianUserId: bindings[i].guardianUserId, studentId: sibling.id, classId: sibling.classId, relation: 'mother' });
  }
  const day = now.toISOString().slice(0, 10);
  const approved = new Date(now.getTime() - 86_400_000);
  await inserts(pool, 'INSERT INTO grades (id, school_id, name, sort) VALUES ?', [[gradeId, schoolId, '基准测试年级', 99]]);
  await inserts(pool, 'INSERT INTO classes (id, school_id, grade_id, name) VALUES ?', classIds.map((id, i) => [id, schoolId, gradeId, `${i + 1}班`]));
  await inserts(pool, 'INSERT INTO students (id, school_id, class_id, name, student_no, gender, created_at, updated_at) VALUES ?',
    students.map((s) => [s.id, schoolId, s.classId, `学生${s.n + 1}`, `B${s.n + 1}`, s.n % 2 ? 'M' : 'F', now, now]));
  await inserts(pool, 'INSERT INTO users (id, openid, unionid, display_name, wx_session_key, is_demo, disabled, created_on) VALUES ?',
    guardians.map((g, i) => [g, `bench:${g}`, null, `家长${i + 1}`, null, 0, 0, day]));
  await inserts(pool, `INSERT INTO bindings (id, guardian_user_id, student_id, class_id, school_id, relation, status, auto_approved, decided_by, decided_at,
      reject_reason, created_at) VALUES ?`,
  bindings.map((b) => [randomUUID(), b.guardianUserId, b.studentId, b.classId, schoolId, b.relation, 'approved', 1, null, approved, null, approved]));
  return { gradeId, classIds, guardians, bindings };
}

/** Multi-row INSERTs of `rows`, ROWS_PER_INSERT at a time (mysql2 expands `VALUES ?`). */
export async function inserts(db: Pool | PoolConnection, sql: string, rows: unknown[][], perInsert = ROWS_PER_INSERT): Promise<void> {
  for (let i = 0; i < rows.length; i += perInsert) await db.query(sql, [rows.slice(i, i + perInsert)]);
}

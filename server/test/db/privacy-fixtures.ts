import { BindingEntity } from '../../src/features/bindings/binding.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import type { TestApp } from '../support/test-app';
import { bind } from './notices-helpers';

/**
 * An approved binding of A's demo guardian to a child of the teacher's class not bound to them yet, for the routes of
 * 我的数据 that change a binding (withdrawing consent suspends it): made last, so no other fixture depends on it.
 */
export async function makePrivacyBindingFixture(t: TestApp, a: DemoSchoolIds): Promise<string> {
  const taken = new Set((await t.ds.getRepository(BindingEntity).findBy({ guardianUserId: a.userIds.guardian })).map((b) => b.studentId));
  const students = await t.ds.getRepository(StudentEntity).find({ where: { classId: a.teacherClassId }, order: { studentNo: 'ASC' } });
  return (await bind(t, a.userIds.guardian, students.reverse().find((s) => !taken.has(s.id))!, 'father')).id;
}

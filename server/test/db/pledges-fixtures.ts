import { PledgeEntity } from '../../src/features/pledges/pledge.entity';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { addDays, signatureDay } from '../../src/features/pledges/pledge-days';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import type { TestApp } from '../support/test-app';
import { bind } from './notices-helpers';
import { openRequest, signBody } from './pledges-helpers';
import { schoolYearLabel, type NewPledgeVersionRequest, type OpenPledgeRequest } from '@anxin/shared';

/** Pledges of school A for the access matrix and the fuzz test, made through the API as staff and guardians make them. */
export interface PledgeFixtures {
  /** The demo pledge of this school year (the whole school), signed by A's demo guardian for their child. */
  current: string;
  /** Next school year's pledge (the whole school), opened by A's principal: routes that publish versions change it. */
  next: string;
  /** A's demo guardian's child in the teacher's class, and the guardian's signature of `current` for it. */
  studentA: string;
  signatureA: string;
  /** A body that opens next year's pledge again (409 once `next` exists) and one that publishes a new version. */
  openBody(): OpenPledgeRequest;
  versionBody(): NewPledgeVersionRequest;
}

export async function makePledgeFixtures(t: TestApp, a: DemoSchoolIds): Promise<PledgeFixtures> {
  const today = signatureDay(t.clock.now());
  const current = await t.ds.getRepository(PledgeEntity).findOneByOrFail({ schoolId: a.schoolId, schoolYear: schoolYearLabel(today) });
  const nextYear = schoolYearLabel(addDays(today, 366));
  const openBody = () => openRequest({ schoolYear: nextYear, deadline: addDays(today, 30) });
  const principal = await t.login('principal', 'a');
  const opened = await t.request('POST', `/schools/${a.schoolId}/pledges`, { token: principal, body: openBody() });
  if (opened.status !== 201) throw new Error(`pledge fixture: ${opened.status} ${JSON.stringify(opened.body)}`);
  // A's demo guardian, bound (approved) to a child of the teacher's class whom nobody signed for yet (the demo seed
  // signed for two children; the notice fixtures may have bound the guardian to one of them).
  const signedFor = new Set((await t.ds.getRepository(PledgeSignatureEntity).findBy({ pledgeId: current.id })).map((s) => s.studentId));
  const mine = await t.ds.getRepository(BindingEntity).findBy({ guardianUserId: a.userIds.guardian, classId: a.teacherClassId, status: 'approved' });
  let binding = mine.find((b) => !signedFor.has(b.studentId));
  if (!binding) {
    const taken = new Set((await t.ds.getRepository(BindingEntity).findBy({ guardianUserId: a.userIds.guardian })).map((b) => b.studentId));
    const students = await t.ds.getRepository(StudentEntity).find({ where: { classId: a.teacherClassId }, order: { studentNo: 'ASC' } });
    binding = await bind(t, a.userIds.guardian, students.find((x) => !signedFor.has(x.id) && !taken.has(x.id))!, 'mother');
  }
  const guardian = await t.login('guardian', 'a');
  const signed = await t.request('POST', `/pledges/${current.id}/signatures`, { token: guardian, body: await signBody(binding.studentId, current.currentVersion) });
  if (signed.status !== 201) throw new Error(`pledge fixture signature: ${signed.status} ${JSON.stringify(signed.body)}`);
  let round = 0;
  return {
    current: current.id, next: opened.body.id, studentA: binding.studentId, signatureA: signed.body.id, openBody,
    versionBody: () => {
      round++;
      const text = openRequest().text;
      return { text: { ...text, school: `${text.school}\n\n（修订 ${round}）` }, changeNote: `矩阵测试：修订 ${round}` };
    },
  };
}

import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import type { TestApp } from '../support/test-app';
import { bind, draft, fanOut, signaturePng } from './notices-helpers';

/** Notices of school A for the access matrix and the fuzz test, made through the API as staff and guardians make them. */
export interface NoticeFixtures {
  /** Published by A's teacher to their class, signed by A's demo guardian (a recipient there). */
  signedA: string;
  receiptA: string;
  /** Published by A's principal to a class the teacher does not teach, also signed by A's demo guardian. */
  otherClass: string;
  receiptOther: string;
  /** Published by A's principal to the whole school. */
  wholeSchool: string;
  /** A fresh notice of A's teacher for a route that changes it: a draft, or (`published`) a published one. */
  fresh(kind: 'draft' | 'published'): Promise<string>;
}

/**
 * Binds A's demo guardian (approved) to a child of the teacher's class and of `otherClassId`, then makes the notices.
 * WeChat's content check is answered `pass` while they are published (the matrix runs with WeChat unreachable).
 */
export async function makeNoticeFixtures(t: TestApp, a: DemoSchoolIds, otherClassId: string): Promise<NoticeFixtures> {
  const check = t.get(NoticeContentCheck);
  const passing = async <T>(work: () => Promise<T>): Promise<T> => {
    const spy = jest.spyOn(check, 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    try {
      return await work();
    } finally {
      spy.mockRestore();
    }
  };
  const teacher = await t.login('teacher', 'a');
  const principal = await t.login('principal', 'a');
  const guardian = await t.login('guardian', 'a');
  const studentOf = async (classId: string) => (await t.ds.getRepository(StudentEntity).find({ where: { classId }, order: { studentNo: 'ASC' } }))[2];
  await bind(t, a.userIds.guardian, await studentOf(a.teacherClassId), 'mother');
  await bind(t, a.userIds.guardian, await studentOf(otherClassId), 'mother');

  const create = async (token: string, body: unknown) => {
    const res = await t.request('POST', `/schools/${a.schoolId}/notices`, { token, body });
    if (res.status !== 201) throw new Error(`notice fixture: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const publish = (token: string, id: string) => passing(async () => {
    const res = await t.request('POST', `/notices/${id}/publish`, { token, body: {} });
    if (res.status !== 200) throw new Error(`notice fixture publish: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  });
  const sign = async (id: string) => {
    const res = await t.request('POST', `/notices/${id}/ack`, { token: guardian, body: { signature: (await signaturePng()).toString('base64') } });
    if (res.status !== 200) throw new Error(`notice fixture signature: ${res.status} ${JSON.stringify(res.body)}`);
    return (await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId: id, guardianUserId: a.userIds.guardian })).id;
  };
  const teacherDraft = () => create(teacher, draft({ confirmMode: 'sign', audience: { scope: 'classes', ids: [a.teacherClassId] } }));
  const signedA = await publish(teacher, await teacherDraft());
  const otherClass = await publish(principal, await create(principal, draft({ confirmMode: 'sign', audience: { scope: 'classes', ids: [otherClassId] } })));
  const wholeSchool = await publish(principal, await create(principal, draft({ confirmMode: 'read' })));
  await fanOut(t);
  const receiptA = await sign(signedA);
  const receiptOther = await sign(otherClass);
  return {
    signedA, receiptA, otherClass, receiptOther, wholeSchool,
    fresh: async (kind) => (kind === 'draft' ? teacherDraft() : publish(teacher, await teacherDraft())),
  };
}

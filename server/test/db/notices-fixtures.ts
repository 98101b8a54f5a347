import sharp from 'sharp';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import type { TestApp } from '../support/test-app';
import { attach, bind, draft, fanOut, PDF, signaturePng } from './notices-helpers';

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
  /** A picture attached to `signedA` before it was published. */
  attachmentA: string;
  /** A draft of A's teacher (uploads in the fuzz test). */
  draftA: string;
  /** A draft of A's principal to the class the teacher does not teach, with a PDF attached. */
  otherClassDraft: { id: string; attachmentId: string };
  /** A fresh draft of A's teacher with a PDF attached, one per `key` (a route that removes the file). */
  draftWithFile(key: string): Promise<{ id: string; attachmentId: string }>;
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
  const signedDraft = await teacherDraft();
  const picture = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a6' } }).png().toBuffer();
  const attachmentA = await attach(t, teacher, signedDraft, picture, 'fixture.png');
  const signedA = await publish(teacher, signedDraft);
  const otherClass = await publish(principal, await create(principal, draft({ confirmMode: 'sign', audience: { scope: 'classes', ids: [otherClassId] } })));
  const wholeSchool = await publish(principal, await create(principal, draft({ confirmMode: 'read' })));
  await fanOut(t);
  const receiptA = await sign(signedA);
  const receiptOther = await sign(otherClass);
  const draftA = await teacherDraft();
  const principalDraft = await create(principal, draft({ audience: { scope: 'classes', ids: [otherClassId] } }));
  const otherClassDraft = { id: principalDraft, attachmentId: await attach(t, principal, principalDraft, PDF, 'fixture.pdf') };
  const withFile = new Map<string, Promise<{ id: string; attachmentId: string }>>();
  const draftWithFile = (key: string) => {
    if (!withFile.has(key)) {
      withFile.set(key, (async () => {
        const id = await teacherDraft();
        return { id, attachmentId: await attach(t, teacher, id, PDF, 'fixture.pdf') };
      })());
    }
    return withFile.get(key)!;
  };
  return {
    signedA, receiptA, otherClass, receiptOther, wholeSchool, attachmentA, draftA, otherClassDraft, draftWithFile,
    fresh: async (kind) => (kind === 'draft' ? teacherDraft() : publish(teacher, await teacherDraft())),
  };
}

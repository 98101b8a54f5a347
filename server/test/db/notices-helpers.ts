import { randomUUID } from 'node:crypto';
import type { NoticeBody, NoticeDraftRequest, Relation } from '@anxin/shared';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { SessionService } from '../../src/features/identity/session.service';
import { UserEntity } from '../../src/features/identity/user.entity';
import { NoticeFanout } from '../../src/features/notices/notice-fanout.service';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import type { TestApp } from '../support/test-app';
import { decodePng } from '../../src/platform/images/png-decode';
import { strokePng } from '../support/stroke-png';

/** 10:00 on a Monday in Shanghai (02:00 UTC): outside the default quiet hours. */
export const SCHOOL_MORNING = new Date('2031-03-03T02:00:00.000Z');

export const BODY: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'heading', text: '期中家长会' },
    { type: 'paragraph', spans: [{ text: '本周五下午三点在各班教室召开家长会，' }, { text: '请准时参加', bold: true }, { text: '。' }] },
  ],
};

export function draft(over: Partial<NoticeDraftRequest> = {}): NoticeDraftRequest {
  return { kind: 'notice', title: '关于召开期中家长会的通知', body: BODY, confirmMode: 'confirm', audience: { scope: 'school' }, ...over };
}

export interface TestGuardian {
  userId: string;
  token: string;
}

/** A guardian user of our own (the demo login has one guardian per school) with a session. */
export async function makeGuardian(t: TestApp, name: string): Promise<TestGuardian> {
  const user = await t.ds.getRepository(UserEntity).save({
    openid: `test:${randomUUID()}`, unionid: null, displayName: name, wxSessionKey: null, isDemo: false, disabled: false, createdAt: t.clock.now(),
  });
  const sessions = t.get(SessionService);
  const { token } = await inTransaction(t.ds, (m) => sessions.create(m, user.id));
  return { userId: user.id, token };
}

export async function student(t: TestApp, classId: string, name: string): Promise<StudentEntity> {
  return t.ds.getRepository(StudentEntity).findOneByOrFail({ classId, name });
}

/**
 * `n` new guardians, each with a new child of their own (named 学生0, 学生1, …) in `classIds` taken in turn, bound
 * as mother and father alternately.
 */
export async function families(t: TestApp, schoolId: string, classIds: string[], n: number): Promise<{ guardian: TestGuardian; child: StudentEntity }[]> {
  const out: { guardian: TestGuardian; child: StudentEntity }[] = [];
  for (let i = 0; i < n; i++) {
    const now = t.clock.now();
    const child = await t.ds.getRepository(StudentEntity).save({
      schoolId, classId: classIds[i % classIds.length], name: `学生${i}`, studentNo: `F${i}`, gender: null, createdAt: now, updatedAt: now,
    });
    const guardian = await makeGuardian(t, `家长${i}`);
    await bind(t, guardian.userId, child, i % 2 ? 'father' : 'mother');
    out.push({ guardian, child });
  }
  return out;
}

/** A binding as the bindings feature leaves it (approved with the time it was decided, or pending). */
export async function bind(t: TestApp, guardianUserId: string, s: StudentEntity, relation: Relation, status: 'approved' | 'pending' = 'approved'): Promise<BindingEntity> {
  const now = t.clock.now();
  return t.ds.getRepository(BindingEntity).save({
    guardianUserId, studentId: s.id, classId: s.classId, schoolId: s.schoolId, relation, status, autoApproved: false, decidedBy: null,
    decidedAt: status === 'approved' ? now : null, rejectReason: null, createdAt: now,
  });
}

/** The worker's fan-out until nothing is left. */
export async function fanOut(t: TestApp): Promise<void> {
  const fanout = t.get(NoticeFanout);
  while ((await fanout.run()) > 0) { /* batches until none is left */ }
}

/** A signature as the app's canvas exports it: a dark stroke on a transparent background, trimmed. */
export function signaturePng(): Promise<Buffer> {
  return strokePng('M12 90 C 70 8, 150 8, 300 60', { width: 320, height: 110, colour: '#123' });
}

/** What the server keeps of a signature PNG it was sent: the picture without its metadata chunks (png-decode.ts). */
export function storedPng(png: Buffer): Buffer {
  return decodePng(png, Number.MAX_SAFE_INTEGER).stripped;
}

/** A minimal PDF that ends as a PDF does. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** A multipart body with one `file` part, as the app's uploadFile sends it. */
export function multipart(file: Buffer, fileName: string, contentType = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----anxinnotice${randomUUID().replace(/-/g, '')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    file, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Attaches `file` to a draft through the API; the attachment's id. */
export async function attach(t: TestApp, token: string, noticeId: string, file: Buffer, fileName: string): Promise<string> {
  const res = await t.request('POST', `/notices/${noticeId}/attachments`, { token, ...multipart(file, fileName) });
  if (res.status !== 201) throw new Error(`attachment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

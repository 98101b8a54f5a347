import ExcelJS from 'exceljs';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeFanout } from '../../src/features/notices/notice-fanout.service';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeReceiptStudentEntity } from '../../src/features/notices/notice-receipt-student.entity';
import { NoticeSignatureEntity } from '../../src/features/notices/notice-signature.entity';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { TeacherClassEntity } from '../../src/features/tenancy/teacher-class.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';
import { bind, draft, fanOut, makeGuardian, SCHOOL_MORNING, signaturePng, storedPng, student, type TestGuardian } from './notices-helpers';

const HOUR = 3600_000;

/**
 * A letter to one class, from the teacher's draft to the guardians' signatures: one receipt per guardian (naming every
 * child of theirs in the class), reading, confirming, signing and answering, the class's counts and who-has-not
 * list, the reminder (once per 12 hours), the export, the signature, recall, and who may see and do what.
 */
describe('notices: publish to a class, receipts, stats, reminders, recall', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let classG4: string; // 四年级1班: the test teacher's class (the demo teacher also heads 三年级1班)
  let classOther: string; // 三年级2班: a class the teacher does not teach
  let mother: TestGuardian; // two children in 四年级1班
  let father: TestGuardian;
  let grandma: TestGuardian;
  let outsider: TestGuardian; // a guardian of 三年级2班 only
  let noticeId: string;
  const q = { kind: 'single' as const, prompt: '您是否参加周五的家长会？', options: ['参加', '不参加'] };

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'admin', 'contact'] as const) tok[role] = await t.login(role, 'a');
    tok.adminB = await t.login('admin', 'b');
    tok.teacherB = await t.login('teacher', 'b');
    [, classOther, classG4] = ids.a.classIds;
    await t.ds.getRepository(TeacherClassEntity).save({ userId: ids.a.userIds.teacher, classId: classG4, schoolId: ids.a.schoolId, isHead: true });
    mother = await makeGuardian(t, '胡女士');
    father = await makeGuardian(t, '何先生');
    grandma = await makeGuardian(t, '高奶奶');
    outsider = await makeGuardian(t, '徐女士');
    await bind(t, mother.userId, await student(t, classG4, '胡梦琪'), 'mother');
    await bind(t, mother.userId, await student(t, classG4, '郭子墨'), 'mother');
    await bind(t, father.userId, await student(t, classG4, '何雨桐'), 'father');
    await bind(t, grandma.userId, await student(t, classG4, '高铭轩'), 'grandparent');
    await bind(t, outsider.userId, await student(t, classOther, '徐可馨'), 'mother');
    // A pending request is no recipient.
    await bind(t, (await makeGuardian(t, '林先生')).userId, await student(t, classG4, '林诗涵'), 'father', 'pending');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const open = (g: TestGuardian, id = noticeId) => t.request('GET', `/me/notices/${id}`, { token: g.token });
  const ack = (g: TestGuardian, body: unknown, id = noticeId) => t.request('POST', `/notices/${id}/ack`, { token: g.token, body });

  it('a class teacher writes a draft for their own class only', async () => {
    const url = `/schools/${ids.a.schoolId}/notices`;
    const composer = await t.request('GET', `${url}/composer`, { token: tok.teacher });
    expect(composer.status).toBe(200);
    expect(composer.body.schoolWide).toBe(false);
    expect(composer.body.grades.flatMap((g: any) => g.classes.map((c: any) => c.name)).sort()).toEqual(['三年级1班', '四年级1班']);
    expect(composer.body.warningHint).toMatch(/不要写出任何学生的姓名/);

    // Another class, the whole school, a grade: refused for a teacher; another school: does not exist.
    expect((await t.request('POST', url, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classOther] } }) })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.teacher, body: draft() })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.teacherB, body: draft({ audience: { scope: 'classes', ids: [classG4] } }) })).status).toBe(404);
    // Classes of another school, or none at all, are no audience.
    const foreign = await t.request('POST', url, { token: tok.principal, body: draft({ audience: { scope: 'classes', ids: [ids.b.classIds[0]] } }) });
    expect([foreign.status, foreign.body.code]).toEqual([422, 'NOTICE_AUDIENCE_INVALID']);
    // A choice question needs distinct choices; a text question none.
    const noOptions = await t.request('POST', url, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] }, question: { kind: 'single', prompt: '?' } }) });
    expect([noOptions.status, noOptions.body.details?.[0]?.field]).toEqual([400, 'question.options']);
    // Raw HTML is no body.
    const html = await t.request('POST', url, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] }, body: '<p>hi</p>' as any }) });
    expect([html.status, html.body.details?.[0]?.field]).toEqual([400, 'body']);

    const created = await t.request('POST', url, {
      token: tok.teacher,
      body: draft({ kind: 'letter', title: '致四年级1班家长的一封信', confirmMode: 'sign', question: q, audience: { scope: 'classes', ids: [classG4] } }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft', kind: 'letter', confirmMode: 'sign', canManage: true, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      audience: { scope: 'classes', ids: [classG4], classes: [{ id: classG4, name: '四年级1班' }] }, progress: { expected: null, sent: 0, done: false },
    });
    noticeId = created.body.id;
    // A draft is replaced whole while it is a draft; its hash follows the content.
    const edited = await t.request('PUT', `/notices/${noticeId}`, {
      token: tok.teacher,
      body: draft({ kind: 'letter', title: '致四年级1班家长的一封信（请签字）', confirmMode: 'sign', question: q, audience: { scope: 'classes', ids: [classG4] } }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.contentHash).not.toBe(created.body.contentHash);
    // Another teacher's draft is not theirs to see; the principal sees every notice of the school.
    expect((await t.request('GET', `/notices/${noticeId}`, { token: tok.principal })).status).toBe(200);
    expect((await t.request('GET', `/notices/${noticeId}`, { token: tok.adminB })).status).toBe(404);
    expect((await t.request('GET', `/notices/${noticeId}`, { token: tok.contact })).status).toBe(403);
  });

  it('publishing returns at once; the worker makes one receipt per guardian, naming both children of a mother of two', async () => {
    const published = await t.request('POST', `/notices/${noticeId}/publish`, { token: tok.teacher, body: {} });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', contentCheck: 'pass', progress: { sent: 0, done: false } });
    expect(await t.ds.getRepository(NoticeReceiptEntity).count({ where: { noticeId } })).toBe(0);
    // Checked by WeChat in the teacher's name before publishing.
    expect((await t.request('POST', `/notices/${noticeId}/publish`, { token: tok.teacher, body: {} })).body.code).toBe('NOTICE_STATE_INVALID');

    await fanOut(t);
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
    expect(receipts.map((r) => r.guardianUserId).sort()).toEqual([mother.userId, father.userId, grandma.userId].sort());
    expect(new Set(receipts.map((r) => r.contentHash))).toEqual(new Set([published.body.contentHash]));
    const motherReceipt = receipts.find((r) => r.guardianUserId === mother.userId)!;
    const named = await t.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { receiptId: motherReceipt.id } });
    expect(named).toHaveLength(2);
    // One message per guardian, with its in-app copy.
    const messages = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'notice.published' } });
    expect(messages.filter((o) => o.dedupeKey.startsWith(`notice:${noticeId}:`)).map((o) => o.recipientUserId).sort()).toEqual(receipts.map((r) => r.guardianUserId).sort());
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: mother.userId } })).toBe(1);
    const detail = await t.request('GET', `/notices/${noticeId}`, { token: tok.teacher });
    expect(detail.body.progress).toEqual({ expected: 3, sent: 3, done: true });
    // No edits after publishing: a clear 409.
    const edit = await t.request('PUT', `/notices/${noticeId}`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] } }) });
    expect([edit.status, edit.body.code]).toEqual([409, 'NOTICE_NOT_EDITABLE']);
    expect(edit.body.message).toMatch(/发布更正/);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: noticeId }, order: { seq: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual(['notice.created', 'notice.updated', 'notice.published']);
  });

  it('the mother sees one notice naming both children; opening it records the read once, with its day', async () => {
    const list = await t.request('GET', '/me/notices', { token: mother.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, unread: 1 });
    expect(list.body.items[0]).toMatchObject({ id: noticeId, read: false, acknowledged: false, pinned: false, schoolName: '阳光实验小学' });
    expect(list.body.items[0].children.map((c: any) => c.name).sort()).toEqual(['胡梦琪', '郭子墨'].sort());
    const byChild = await t.request('GET', `/me/notices?studentId=${(await student(t, classG4, '胡梦琪')).id}`, { token: mother.token });
    expect(byChild.body.total).toBe(1);
    expect((await t.request('GET', `/me/notices?studentId=${(await student(t, classOther, '徐可馨')).id}`, { token: mother.token })).body.total).toBe(0);

    const first = await open(mother);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'published', confirmMode: 'sign', question: q, pending: ['answer', 'sign'] });
    // The day in Shanghai (10:00 on 3 March), never the time of day.
    expect(first.body.receipt.readOn).toBe('2031-03-03');
    const openedAt = t.clock.now();
    t.clock.advance(15 * HOUR); // 01:00 on 4 March in Shanghai
    expect((await open(mother)).body.receipt.readOn).toBe('2031-03-03');
    t.clock.set(new Date(openedAt.getTime() + HOUR));
    expect((await t.request('GET', '/me/notices', { token: mother.token })).body.unread).toBe(0);
    // Nobody else's receipt moved.
    expect((await t.request('GET', '/me/notices', { token: father.token })).body.items[0].read).toBe(false);
  });

  it('a guardian who is not a recipient, and staff, find no such notice on the guardian routes', async () => {
    expect((await open(outsider)).status).toBe(404);
    expect((await ack(outsider, { answer: { choices: [0] } })).status).toBe(404);
    expect((await t.request('GET', '/me/notices', { token: outsider.token })).body.total).toBe(0);
    expect((await t.request('GET', `/me/notices/${noticeId}`, { token: tok.teacher })).status).toBe(404);
  });

  it('sign mode: the answer first, then the signature, each once; a tap or a wrong answer is refused', async () => {
    expect((await ack(mother, {})).body.code).toBe('NOTICE_ACK_INVALID');
    expect((await ack(mother, { confirm: true })).body).toMatchObject({ code: 'NOTICE_ACK_INVALID', message: '这条通知需要签字确认' });
    const png = await signaturePng();
    expect((await ack(mother, { signature: png.toString('base64') })).body.code).toBe('NOTICE_ANSWER_REQUIRED');
    expect((await ack(mother, { answer: { choices: [2] } })).body.code).toBe('NOTICE_ACK_INVALID');
    expect((await ack(mother, { answer: { choices: [0, 1] } })).body.code).toBe('NOTICE_ACK_INVALID');
    expect((await ack(mother, { answer: { text: '参加' } })).body.code).toBe('NOTICE_ACK_INVALID');
    expect((await ack(mother, { signature: Buffer.from('not a png').toString('base64'), answer: { choices: [0] } })).body.code).toBe('NOTICE_SIGNATURE_INVALID');

    const answered = await ack(mother, { answer: { choices: [0] } });
    expect(answered.status).toBe(200);
    expect(answered.body.receipt).toMatchObject({ answer: { choices: [0] }, answeredOn: '2031-03-03', acknowledgedOn: null });
    expect(answered.body.pending).toEqual(['sign']);
    expect((await ack(mother, { answer: { choices: [1] } })).body.code).toBe('NOTICE_ALREADY_ANSWERED');
    const signed = await ack(mother, { signature: png.toString('base64') });
    expect(signed.status).toBe(200);
    expect(signed.body.receipt).toMatchObject({ signedOn: '2031-03-03', acknowledgedOn: '2031-03-03' });
    expect(signed.body.pending).toEqual([]);
    expect((await ack(mother, { signature: png.toString('base64') })).body.code).toBe('NOTICE_ALREADY_SIGNED');
    // Kept encrypted, bound to the receipt.
    const stored = await t.ds.getRepository(NoticeSignatureEntity).findOneByOrFail({ noticeId });
    expect(stored.data.includes(png.subarray(0, 64))).toBe(false);
    expect(stored.size).toBe(storedPng(png).length);
  });

  it('the teacher sees the class counts, answers tallied, and a who-has-not list that shrinks', async () => {
    const stats = await t.request('GET', `/notices/${noticeId}/stats`, { token: tok.teacher });
    expect(stats.status).toBe(200);
    expect(stats.body.classes).toEqual([{
      classId: classG4, className: '四年级1班', recipients: 3, delivered: 1, read: 1, confirmed: 0, signed: 1, answered: 1, acknowledged: 1, answers: [1, 0],
    }]);
    expect(stats.body.totals).toMatchObject({ recipients: 3, signed: 1, answers: [1, 0] });

    const pendingUrl = `/notices/${noticeId}/classes/${classG4}/pending`;
    let pending = await t.request('GET', pendingUrl, { token: tok.teacher });
    expect(pending.body.entries.map((e: any) => `${e.studentName}的${e.relationLabel}`).sort()).toEqual(['何雨桐的父亲', '高铭轩的祖父母/外祖父母'].sort());
    expect(pending.body).toMatchObject({ className: '四年级1班', lastRemindedAt: null, nextRemindAt: null });

    await open(father);
    await ack(father, { answer: { choices: [1] }, signature: (await signaturePng()).toString('base64') });
    pending = await t.request('GET', pendingUrl, { token: tok.teacher });
    expect(pending.body.entries.map((e: any) => e.studentName)).toEqual(['高铭轩']);
    expect((await t.request('GET', `/notices/${noticeId}/stats`, { token: tok.teacher })).body.classes[0].answers).toEqual([1, 1]);
  });

  it('a teacher cannot read the stats of another class; other schools find nothing', async () => {
    const url = `/schools/${ids.a.schoolId}/notices`;
    const other = await t.request('POST', url, { token: tok.principal, body: draft({ audience: { scope: 'classes', ids: [classOther] } }) });
    await t.request('POST', `/notices/${other.body.id}/publish`, { token: tok.principal, body: {} });
    expect((await t.request('GET', `/notices/${other.body.id}/stats`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('GET', `/notices/${other.body.id}/classes/${classOther}/pending`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('POST', `/notices/${other.body.id}/publish`, { token: tok.teacher, body: {} })).status).toBe(403);
    expect((await t.request('POST', `/notices/${other.body.id}/recall`, { token: tok.teacher, body: { reason: '误发' } })).status).toBe(403);
    expect((await t.request('GET', `/notices/${noticeId}/stats`, { token: tok.adminB })).status).toBe(404);
    // A class the notice does not reach: 404; the principal sees every class of every notice.
    expect((await t.request('GET', `/notices/${noticeId}/classes/${classOther}/pending`, { token: tok.principal })).status).toBe(404);
    expect((await t.request('GET', `/notices/${other.body.id}/stats`, { token: tok.principal })).status).toBe(200);
    // The teacher's list holds their own notices, the principal's all.
    const mine = (await t.request('GET', url, { token: tok.teacher })).body.items.map((n: any) => n.id);
    expect(mine).toContain(noticeId);
    expect(mine).not.toContain(other.body.id);
    expect((await t.request('GET', url, { token: tok.principal })).body.items.map((n: any) => n.id)).toEqual(expect.arrayContaining([noticeId, other.body.id]));
  });

  it('one tap reminds only those not done, through the outbox; a second tap within 12 hours is refused', async () => {
    const remind = () => t.request('POST', `/notices/${noticeId}/classes/${classG4}/remind`, { token: tok.teacher });
    const first = await remind();
    expect(first.status).toBe(200);
    expect(first.body.reminded).toBe(1);
    const reminders = (await t.ds.getRepository(OutboxEntity).find()).filter((o) => o.dedupeKey.startsWith(`notice:${noticeId}:remind:`));
    expect(reminders.map((o) => o.recipientUserId)).toEqual([grandma.userId]);
    expect(reminders[0].title).toMatch(/^提醒：/);

    t.clock.advance(11 * HOUR);
    const again = await remind();
    expect([again.status, again.body.code]).toEqual([429, 'NOTICE_REMIND_TOO_SOON']);
    const state = (await t.request('GET', `/notices/${noticeId}/classes/${classG4}/pending`, { token: tok.teacher })).body;
    expect(state.nextRemindAt).toBe(again.body.details.nextRemindAt);
    expect(new Date(state.nextRemindAt).getTime() - new Date(state.lastRemindedAt).getTime()).toBe(12 * HOUR);
    expect(new Date(state.nextRemindAt).getTime() - t.clock.now().getTime()).toBeGreaterThan(HOUR - 60_000);
    t.clock.advance(HOUR);
    expect((await remind()).body.reminded).toBe(1);
    expect((await t.ds.getRepository(OutboxEntity).find()).filter((o) => o.dedupeKey.startsWith(`notice:${noticeId}:remind:`))).toHaveLength(2);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: noticeId, action: 'notice.reminded' } });
    expect(audit.map((a) => a.details)).toEqual([{ classId: classG4, guardians: 1, round: 1 }, { classId: classG4, guardians: 1, round: 2 }]);
  });

  it('exports the receipts (class, child, relation, read, confirmed, signed, answer) and shows a signature, audited', async () => {
    const res = await t.request('GET', `/notices/${noticeId}/receipts.xlsx`, { token: tok.teacher });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    const rows = wb.worksheets[0].getSheetValues().slice(4).map((r: any) => r.slice(1, 11));
    expect(rows.map((r: any[]) => [r[0], r[1], r[2], r[6], r[8], r[9]]).sort()).toEqual([
      ['四年级1班', '何雨桐', '父亲', '是', '不参加', '是'],
      ['四年级1班', '胡梦琪', '母亲', '是', '参加', '是'],
      ['四年级1班', '郭子墨', '母亲', '是', '参加', '是'],
      ['四年级1班', '高铭轩', '祖父母/外祖父母', '否', '', '否'],
    ].sort());
    const motherRow = rows.find((r: any[]) => r[1] === '胡梦琪');
    expect([motherRow[4], motherRow[7]]).toEqual(['2031-03-03', '2031-03-03']); // the days read and signed, no time of day
    expect(wb.worksheets[0].getRow(3).values).toEqual(expect.arrayContaining(['阅读日期', '确认日期', '签字日期']));

    // Every receipt of the class, for the stats page: the days, the answer, and which signatures exist.
    const classReceipts = await t.request('GET', `/notices/${noticeId}/classes/${classG4}/receipts`, { token: tok.teacher });
    expect(classReceipts.status).toBe(200);
    expect(classReceipts.body.entries.map((e: any) => [e.studentName, e.relationLabel, e.signedOn, e.answer, e.acknowledged, e.hasSignature])).toEqual([
      ['何雨桐', '父亲', '2031-03-03', '不参加', true, true],
      ['胡梦琪', '母亲', '2031-03-03', '参加', true, true],
      ['郭子墨', '母亲', '2031-03-03', '参加', true, true],
      ['高铭轩', '祖父母/外祖父母', null, null, false, false],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh-Hans-CN')));
    expect((await t.request('GET', `/notices/${noticeId}/classes/${classOther}/receipts`, { token: tok.principal })).status).toBe(404);

    const receipt = await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId, guardianUserId: mother.userId });
    const sig = await t.request('GET', `/notices/${noticeId}/receipts/${receipt.id}/signature`, { token: tok.teacher });
    expect(sig.status).toBe(200);
    expect(sig.headers['content-type']).toBe('image/png');
    expect(sig.raw.equals(storedPng(await signaturePng()))).toBe(true);
    expect((await t.request('GET', `/notices/${noticeId}/receipts/${receipt.id}/signature`, { token: mother.token })).status).toBe(403);
    const grandmaReceipt = await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId, guardianUserId: grandma.userId });
    expect((await t.request('GET', `/notices/${noticeId}/receipts/${grandmaReceipt.id}/signature`, { token: tok.teacher })).status).toBe(404);
    const audit = (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: noticeId } })).map((a) => a.action);
    expect(audit).toContain('notice.receipts_exported');
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { targetId: receipt.id, action: 'notice.signature_viewed' } })).toBe(1);
  });

  it('recall: guardians then see the reason instead of the content, and can no longer confirm', async () => {
    expect((await t.request('POST', `/notices/${noticeId}/recall`, { token: tok.teacher, body: {} })).status).toBe(400);
    const recalled = await t.request('POST', `/notices/${noticeId}/recall`, { token: tok.teacher, body: { reason: '家长会改期，将另行通知' } });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', recallReason: '家长会改期，将另行通知' });
    const seen = await open(grandma);
    expect(seen.body).toMatchObject({ status: 'recalled', body: null, question: null, recall: { reason: '家长会改期，将另行通知' }, pending: [] });
    // Opening a recalled notice is no read of its content.
    expect(seen.body.receipt.readOn).toBeNull();
    expect((await ack(grandma, { answer: { choices: [0] } })).body.code).toBe('NOTICE_RECALLED');
    expect((await t.request('POST', `/notices/${noticeId}/recall`, { token: tok.teacher, body: { reason: '再撤一次' } })).body.code).toBe('NOTICE_STATE_INVALID');
    expect((await t.request('POST', `/notices/${noticeId}/classes/${classG4}/remind`, { token: tok.teacher })).body.code).toBe('NOTICE_STATE_INVALID');
    const entry = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ targetId: noticeId, action: 'notice.recalled' });
    expect(entry.details).toMatchObject({ reason: '家长会改期，将另行通知', previousStatus: 'published' });
  });

  it('the demo school has a sample letter already sent, read by some guardians and not by others', async () => {
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/notices?status=published`, { token: tok.principal });
    const letter = list.body.items.find((n: any) => n.title === '致家长的一封信：携手预防校园欺凌');
    expect(letter).toMatchObject({ kind: 'letter', recipients: 5, acknowledged: 2 });
    const stats = await t.request('GET', `/notices/${letter.id}/stats`, { token: tok.principal });
    expect(stats.body.totals).toMatchObject({ recipients: 5, read: 3, confirmed: 2, answered: 2, answers: [1, 1] });
    expect(stats.body.classes.map((c: any) => c.className)).toEqual(['三年级1班', '三年级2班']);

    // The demo guardian binds to 王小明 with the roster phone (approved at once) and finds the letter.
    const guardian = await t.login('guardian', 'a');
    const wang = await student(t, ids.a.teacherClassId, '王小明');
    const bound = await t.request('POST', '/bindings', {
      token: guardian, body: { inviteCode: 'DEMO3A01', studentId: wang.id, studentName: '王小明', relation: 'mother', phone: '13800000001', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(bound.body.status).toBe('approved');
    t.clock.advance(60_000);
    await t.get(NoticeFanout).addLateJoiners();
    const mine = await t.request('GET', '/me/notices', { token: guardian });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: letter.id, read: false, children: [expect.objectContaining({ name: '王小明', className: '三年级1班' })] })]);
  });

  it('the principal sees every class of the notice, one with no receipt at all as zeros', async () => {
    const g4 = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: classG4 });
    const empty = (await t.ds.getRepository(ClassEntity).save({ schoolId: ids.a.schoolId, gradeId: g4.gradeId, name: '99班' })).id;
    const q = { kind: 'single' as const, prompt: '您能否参加？', options: ['能参加', '不能参加'] };
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.principal, body: draft({ question: q, audience: { scope: 'classes', ids: [empty, classG4] } }) });
    await t.request('POST', `/notices/${created.body.id}/publish`, { token: tok.principal, body: {} });
    await fanOut(t);
    const stats = (await t.request('GET', `/notices/${created.body.id}/stats`, { token: tok.principal })).body;
    expect(stats.classes).toEqual([
      expect.objectContaining({ classId: classG4, className: '四年级1班', recipients: 3, answers: [0, 0] }),
      { classId: empty, className: '四年级99班', recipients: 0, delivered: 0, read: 0, confirmed: 0, signed: 0, answered: 0, acknowledged: 0, answers: [0, 0] },
    ]);
    expect(stats.totals).toMatchObject({ recipients: 3, answers: [0, 0] });
  });
});

import { validateNoticeBody, type NoticeBody } from '@anxin/shared';
import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeSignatureEntity } from '../../src/features/notices/notice-signature.entity';
import { NoticeEntity } from '../../src/features/notices/notice.entity';
import { TeacherClassEntity } from '../../src/features/tenancy/teacher-class.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';
import { bind, draft, fanOut, makeGuardian, SCHOOL_MORNING, signaturePng, student, type TestGuardian } from './notices-helpers';

const MINUTE = 60_000;

const CORRECTED: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'heading', text: '期中家长会（时间更正）' },
    { type: 'paragraph', spans: [{ text: '家长会改在' }, { text: '本周六上午九点', bold: true }, { text: '，地点仍在各班教室。' }] },
  ],
};

/**
 * Corrections (更正) of published notices, and the principal's review mark: a correction is a new notice to the same
 * classes linked both ways to the one it corrects; every guardian confirms it anew while their old receipt (and its
 * signature and content hash) stays; the guardian's list shows the correction instead of two items; a correction of
 * a correction corrects the chain's latest; recalled notices, drafts and risky text are refused; another class's
 * teacher and another school get 403/404. Then the principal keeps or recalls a notice marked for review, and nobody
 * else may; and the templates a notice starts from.
 */
describe('notices: corrections, the principal\'s review, templates', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let classG4: string; // the test teacher's class
  let classOther: string; // a class the teacher does not teach
  let mother: TestGuardian; // two children in 四年级1班; signs the original
  let father: TestGuardian; // only reads it
  let outsider: TestGuardian; // a guardian of 三年级2班 only
  let original: string;
  let correction: string;
  const q = { kind: 'single' as const, prompt: '您是否参加家长会？', options: ['参加', '不参加'] };
  const g4 = () => ({ scope: 'classes' as const, ids: [classG4] });

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'admin', 'contact', 'guardian'] as const) tok[role] = await t.login(role, 'a');
    tok.teacherB = await t.login('teacher', 'b');
    tok.principalB = await t.login('principal', 'b');
    [, classOther, classG4] = ids.a.classIds;
    await t.ds.getRepository(TeacherClassEntity).save({ userId: ids.a.userIds.teacher, classId: classG4, schoolId: ids.a.schoolId, isHead: true });
    mother = await makeGuardian(t, '胡女士');
    father = await makeGuardian(t, '何先生');
    outsider = await makeGuardian(t, '徐女士');
    await bind(t, mother.userId, await student(t, classG4, '胡梦琪'), 'mother');
    await bind(t, mother.userId, await student(t, classG4, '郭子墨'), 'mother');
    await bind(t, father.userId, await student(t, classG4, '何雨桐'), 'father');
    await bind(t, outsider.userId, await student(t, classOther, '徐可馨'), 'mother');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  async function publish(body = draft({ audience: g4() }), token = tok.teacher): Promise<string> {
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token, body });
    expect(created.status).toBe(201);
    const res = await t.request('POST', `/notices/${created.body.id}/publish`, { token, body: {} });
    expect(res.status).toBe(200);
    return created.body.id;
  }
  const correct = (id: string, over: Record<string, unknown> = {}, token = tok.teacher) => t.request('POST', `/notices/${id}/corrections`, {
    token, body: { title: '期中家长会通知', body: CORRECTED, confirmMode: 'sign', question: q, note: '家长会由周五下午改为周六上午九点', ...over },
  });
  const receipt = (noticeId: string, g: TestGuardian) => t.ds.getRepository(NoticeReceiptEntity).findOneBy({ noticeId, guardianUserId: g.userId });
  const messages = async (noticeId: string) => (await t.ds.getRepository(OutboxEntity).find()).filter((o) => o.dedupeKey.startsWith(`notice:${noticeId}:`) && !o.dedupeKey.includes(':remind:'));

  it('a teacher corrects their published letter: a new notice to the same class, linked both ways, audited', async () => {
    original = await publish(draft({ kind: 'letter', title: '期中家长会通知', confirmMode: 'sign', question: q, audience: g4() }));
    await fanOut(t);
    // The mother answers and signs the original; the father only opens it.
    expect((await t.request('POST', `/notices/${original}/ack`, { token: mother.token, body: { answer: { choices: [0] }, signature: (await signaturePng()).toString('base64') } })).status).toBe(200);
    expect((await t.request('GET', `/me/notices/${original}`, { token: father.token })).status).toBe(200);
    const before = await t.request('GET', `/notices/${original}`, { token: tok.teacher });

    // No silent edits: the 409 points at the correction.
    const edit = await t.request('PUT', `/notices/${original}`, { token: tok.teacher, body: draft({ audience: g4() }) });
    expect([edit.status, edit.body.code]).toEqual([409, 'NOTICE_NOT_EDITABLE']);
    expect(edit.body.message).toMatch(/发布更正/);

    const res = await correct(original);
    expect(res.status).toBe(201);
    correction = res.body.id;
    expect(res.body).toMatchObject({
      kind: 'letter', title: '【更正】期中家长会通知', status: 'published', contentCheck: 'pass', needsPrincipalReview: false, confirmMode: 'sign', question: q,
      audience: { scope: 'classes', ids: [classG4], classes: [{ id: classG4, name: '四年级1班' }] },
      correctionOf: { id: original, title: '期中家长会通知' }, correctionNote: '家长会由周五下午改为周六上午九点', correctedBy: null, review: null,
    });
    expect(res.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.contentHash).not.toBe(before.body.contentHash);
    const after = await t.request('GET', `/notices/${original}`, { token: tok.teacher });
    // The original keeps everything it had (status, content, hash) and says it was corrected.
    expect(after.body).toMatchObject({ status: 'published', contentHash: before.body.contentHash, body: before.body.body, correctedBy: { id: correction, title: '【更正】期中家长会通知' } });
    const list = (await t.request('GET', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher })).body.items;
    expect(list.find((n: any) => n.id === original)).toMatchObject({ correctedBy: correction, correctionOf: null });
    expect(list.find((n: any) => n.id === correction)).toMatchObject({ correctionOf: original, correctedBy: null });

    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: original }, order: { seq: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual(['notice.created', 'notice.published', 'notice.corrected']);
    expect(audit[2].details).toMatchObject({ correctionId: correction, note: '家长会由周五下午改为周六上午九点', contentHash: before.body.contentHash, correctionContentHash: res.body.contentHash });
    const published = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ targetId: correction, action: 'notice.published' });
    expect(published.details).toMatchObject({ correctionOf: original, contentHash: res.body.contentHash });
  });

  it('every guardian confirms the correction anew; their receipts of the original stay as they were', async () => {
    // Before the fan-out reaches her, the mother still finds the original, marked as corrected.
    const early = await t.request('GET', '/me/notices', { token: mother.token });
    expect(early.body.items).toHaveLength(1);
    expect(early.body.items[0]).toMatchObject({ id: original, corrected: true });
    await fanOut(t);
    const correctionHash = (await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id: correction })).contentHash;
    for (const g of [mother, father]) {
      const r = (await receipt(correction, g))!;
      expect(r).toMatchObject({ readOn: null, confirmedOn: null, signedOn: null, answeredOn: null, acknowledgedOn: null, contentHash: correctionHash });
    }
    expect(await receipt(correction, outsider)).toBeNull();
    const old = (await receipt(original, mother))!;
    expect(old).toMatchObject({ signedOn: '2031-03-03', answeredOn: '2031-03-03', acknowledgedOn: '2031-03-03', answerChoices: ',0,' });
    expect(old.contentHash).not.toBe(correctionHash);
    expect(await t.ds.getRepository(NoticeSignatureEntity).count({ where: { receiptId: old.id } })).toBe(1);
    // One message each, asking again.
    const sent = await messages(correction);
    expect(sent.map((o) => o.recipientUserId).sort()).toEqual([mother.userId, father.userId].sort());
    for (const o of sent) {
      expect(o.template).toBe('notice.published');
      expect(o.title).toBe('【更正】期中家长会通知');
      expect(o.body).toMatch(/更正了.*重新确认/);
    }

    // The list shows the correction only, unread.
    const list = await t.request('GET', '/me/notices', { token: mother.token });
    expect(list.body).toMatchObject({ total: 1, unread: 1 });
    expect(list.body.items[0]).toMatchObject({ id: correction, correctionOf: original, corrected: false, acknowledged: false });

    // The original still opens (it is on record), asks for nothing, and leads to the correction.
    const opened = await t.request('GET', `/me/notices/${original}`, { token: mother.token });
    expect(opened.body).toMatchObject({ corrected: true, correctedBy: correction, pending: [], correctionNote: null });
    expect(opened.body.body).not.toBeNull();
    expect(opened.body.receipt).toMatchObject({ signedOn: '2031-03-03', contentHash: old.contentHash });
    const ackOld = await t.request('POST', `/notices/${original}/ack`, { token: father.token, body: { answer: { choices: [1] }, signature: (await signaturePng()).toString('base64') } });
    expect([ackOld.status, ackOld.body.code, ackOld.body.details]).toEqual([409, 'NOTICE_CORRECTED', { correctionId: correction }]);
    // A reminder of the original would ask for the wrong thing.
    const remind = await t.request('POST', `/notices/${original}/classes/${classG4}/remind`, { token: tok.teacher });
    expect([remind.status, remind.body.code]).toEqual([409, 'NOTICE_CORRECTED']);

    // The correction asks for everything again, with the note of what changed.
    const fresh = await t.request('GET', `/me/notices/${correction}`, { token: mother.token });
    expect(fresh.body).toMatchObject({ correctionNote: '家长会由周五下午改为周六上午九点', correctionOf: original, corrected: false, correctedBy: null, pending: ['answer', 'sign'] });
    const signed = await t.request('POST', `/notices/${correction}/ack`, { token: mother.token, body: { answer: { choices: [1] }, signature: (await signaturePng()).toString('base64') } });
    expect(signed.status).toBe(200);
    expect(signed.body.receipt).toMatchObject({ answer: { choices: [1] }, acknowledgedOn: '2031-03-03', contentHash: correctionHash });
    expect((await receipt(original, mother))!.answerChoices).toBe(',0,');
  });

  it('correcting a corrected notice corrects its latest correction; the title says 【更正】 once', async () => {
    t.clock.advance(MINUTE);
    const res = await correct(original, { title: '【更正】期中家长会通知', note: '地点改在学校礼堂', confirmMode: 'confirm', question: undefined });
    expect(res.status).toBe(201);
    const second = res.body.id;
    expect(res.body).toMatchObject({ title: '【更正】期中家长会通知', correctionOf: { id: correction }, confirmMode: 'confirm', question: null });
    expect((await t.request('GET', `/notices/${correction}`, { token: tok.teacher })).body.correctedBy).toMatchObject({ id: second });
    expect((await t.request('GET', `/notices/${original}`, { token: tok.teacher })).body.correctedBy).toMatchObject({ id: correction });
    await fanOut(t);
    const list = await t.request('GET', '/me/notices', { token: mother.token });
    expect(list.body.items.map((n: any) => n.id)).toEqual([second]);
    // From the first notice, the guardian is led to the newest correction they hold.
    expect((await t.request('GET', `/me/notices/${original}`, { token: mother.token })).body.correctedBy).toBe(second);
    // The database keeps one correction per notice: a second one of the original is refused by the unique key.
    await expect(t.ds.getRepository(NoticeEntity).update({ id: second }, { correctionOf: original })).rejects.toThrow();
  });

  it('refused: drafts, scheduled and recalled notices, risky text, a bad note; a late recall of the chain', async () => {
    const url = `/schools/${ids.a.schoolId}/notices`;
    const aDraft = (await t.request('POST', url, { token: tok.teacher, body: draft({ audience: g4() }) })).body.id;
    expect((await correct(aDraft)).body.code).toBe('NOTICE_STATE_INVALID');
    const scheduled = (await t.request('POST', url, { token: tok.teacher, body: draft({ audience: g4() }) })).body.id;
    await t.request('POST', `/notices/${scheduled}/publish`, { token: tok.teacher, body: { at: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString() } });
    const sch = await correct(scheduled);
    expect([sch.status, sch.body.code]).toEqual([409, 'NOTICE_STATE_INVALID']);

    const recalled = await publish();
    await t.request('POST', `/notices/${recalled}/recall`, { token: tok.teacher, body: { reason: '发错了' } });
    const res = await correct(recalled);
    expect([res.status, res.body.code]).toEqual([409, 'NOTICE_RECALLED']);

    const target = await publish();
    expect((await correct(target, { note: '' })).status).toBe(400);
    expect((await correct(target, { note: undefined })).status).toBe(400);
    expect((await correct(target, { note: '说'.repeat(201) })).status).toBe(400);
    expect((await correct(target, { body: '<p>hi</p>' })).status).toBe(400);
    const pastDeadline = await correct(target, { confirmDeadline: new Date(t.clock.now().getTime() - MINUTE).toISOString() });
    expect(pastDeadline.body.code).toBe('NOTICE_TIME_INVALID');
    // WeChat's content check refuses: nothing is published, the attempt is on record.
    const risky = await correct(target, { body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '网络赌博的危害' }] }] } });
    expect([risky.status, risky.body.code]).toEqual([422, 'NOTICE_CONTENT_RISKY']);
    expect((await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id: target })).correctedBy).toBeNull();
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { targetId: target, action: 'notice.publish_blocked' } })).toBe(1);

    // The chain's latest recalled: the chain is not corrected again.
    const head = await publish();
    const first = (await correct(head)).body.id;
    await t.request('POST', `/notices/${first}/recall`, { token: tok.teacher, body: { reason: '更正有误，将另行通知' } });
    expect((await correct(head)).body.code).toBe('NOTICE_RECALLED');
  });

  it('only who may manage the notice corrects it: not the teacher of another class, not another school', async () => {
    const principals = await publish(draft({ audience: { scope: 'classes', ids: [classOther] } }), tok.principal);
    expect((await correct(principals)).status).toBe(403);
    const wholeSchool = await publish(draft({ audience: { scope: 'school' } }), tok.principal);
    expect((await correct(wholeSchool)).status).toBe(403);
    const mine = await publish();
    expect((await correct(mine, {}, tok.teacherB)).status).toBe(404);
    expect((await correct(mine, {}, tok.principalB)).status).toBe(404);
    expect((await correct(mine, {}, tok.contact)).status).toBe(403);
    expect((await correct(mine, {}, tok.guardian)).status).toBe(403);
    // The principal corrects a whole-school notice; the school's classes of today get it.
    const ok = await correct(wholeSchool, {}, tok.principal);
    expect(ok.status).toBe(201);
    expect(ok.body.audience.scope).toBe('school');
    expect(ok.body.audience.classes.length).toBe(ids.a.classIds.length);
  });

  it('quiet hours hold a corrected letter until 07:00; a corrected warning goes at once', async () => {
    t.clock.set(SCHOOL_MORNING);
    const letter = await publish(draft({ kind: 'letter', audience: g4() }));
    const warning = await publish(draft({ kind: 'warning', title: '关于近期校外安全的紧急提醒', audience: g4() }));
    await fanOut(t);
    t.clock.set(new Date('2031-03-03T14:30:00.000Z')); // 22:30 in Shanghai
    const fixedLetter = (await correct(letter, { confirmMode: 'confirm', question: undefined })).body.id;
    const fixedWarning = (await correct(warning, { confirmMode: 'confirm', question: undefined, title: '关于近期校外安全的紧急提醒' })).body.id;
    await fanOut(t);
    const letters = await messages(fixedLetter);
    expect(letters.length).toBe(2);
    for (const o of letters) expect(o.nextAttemptAt.toISOString()).toBe('2031-03-03T23:00:00.000Z');
    const warnings = await messages(fixedWarning);
    expect(warnings.length).toBe(2);
    for (const o of warnings) {
      expect(o.template).toBe('notice.warning');
      expect(Math.abs(o.nextAttemptAt.getTime() - t.clock.now().getTime())).toBeLessThan(MINUTE);
    }
    // The corrected warning is no longer pinned; its correction is, until confirmed.
    const home = (await t.request('GET', '/me/notices', { token: father.token })).body.items;
    expect(home.filter((n: any) => n.pinned).map((n: any) => n.id)).toEqual([fixedWarning]);
    t.clock.set(SCHOOL_MORNING);
  });

  it("the principal keeps or recalls a notice the content check marked for review; nobody else may", async () => {
    const doubtful = (text: string) => publish(draft({ body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text }] }] }, audience: g4() }));
    const kept = await doubtful('此段内容待人工复核：周五放学时间调整。');
    const marked = await t.request('GET', `/notices/${kept}`, { token: tok.principal });
    expect(marked.body).toMatchObject({ contentCheck: 'review', needsPrincipalReview: true, review: null });
    const review = (id: string, body: unknown, token = tok.principal) => t.request('POST', `/notices/${id}/review`, { token, body });

    expect((await review(kept, { decision: 'keep' }, tok.teacher)).status).toBe(403);
    expect((await review(kept, { decision: 'keep' }, tok.admin)).status).toBe(403);
    expect((await review(kept, { decision: 'keep' }, tok.principalB)).status).toBe(404);
    expect((await review(kept, { decision: 'delete' })).status).toBe(400);
    const noReason = await review(kept, { decision: 'recall' });
    expect([noReason.status, noReason.body.details?.[0]?.field]).toEqual([400, 'note']);

    const ok = await review(kept, { decision: 'keep', note: '内容无误' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'published', contentCheck: 'review', needsPrincipalReview: false,
      review: { decision: 'keep', note: '内容无误', by: { id: ids.a.userIds.principal } },
    });
    expect(Math.abs(new Date(ok.body.review.at).getTime() - t.clock.now().getTime())).toBeLessThan(MINUTE);
    const listed = (await t.request('GET', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher })).body.items.find((n: any) => n.id === kept);
    expect(listed).toMatchObject({ needsPrincipalReview: false, reviewDecision: 'keep' });
    expect((await review(kept, { decision: 'recall', note: '再想想' })).body.code).toBe('NOTICE_STATE_INVALID');
    const audited = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ targetId: kept, action: 'notice.reviewed' });
    expect(audited.details).toMatchObject({ decision: 'keep', note: '内容无误' });
    expect(audited.actorUserId).toBe(ids.a.userIds.principal);

    // Recall: guardians see the principal's note as the reason.
    const recalled = await doubtful('此段内容待人工复核：请家长转账缴纳资料费。');
    await fanOut(t);
    const gone = await review(recalled, { decision: 'recall', note: '内容有误，学校不收取任何资料费' });
    expect(gone.body).toMatchObject({ status: 'recalled', recallReason: '内容有误，学校不收取任何资料费', needsPrincipalReview: false, review: { decision: 'recall' } });
    const seen = await t.request('GET', `/me/notices/${recalled}`, { token: father.token });
    expect(seen.body).toMatchObject({ body: null, recall: { reason: '内容有误，学校不收取任何资料费' }, pending: [] });
    const actions = (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: recalled }, order: { seq: 'ASC' } })).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(['notice.reviewed', 'notice.recalled']);

    // A notice without the mark has nothing to review.
    const plain = await publish();
    expect((await review(plain, { decision: 'keep' })).body.code).toBe('NOTICE_STATE_INVALID');
    // A correction goes through the same check: marked, and the principal is asked.
    const inboxBefore = await t.ds.getRepository(InboxItemEntity).count({ where: { userId: ids.a.userIds.principal, template: 'notice.review' } });
    const fixed = await correct(plain, { body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '此段内容待人工复核。' }] }] } });
    expect(fixed.body).toMatchObject({ contentCheck: 'review', needsPrincipalReview: true });
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: ids.a.userIds.principal, template: 'notice.review' } })).toBe(inboxBefore + 1);
  });

  it('templates: letters for both semesters (this one first) and a warning; each makes a draft the server accepts', async () => {
    expect((await t.request('GET', '/notice-templates', { token: tok.contact })).status).toBe(403);
    expect((await t.request('GET', '/notice-templates', { token: tok.guardian })).status).toBe(403);
    const res = await t.request('GET', '/notice-templates', { token: tok.teacher });
    expect(res.status).toBe(200);
    // 3 March: the spring semester.
    expect(res.body.items.map((x: any) => [x.id, x.current])).toEqual([['letter-spring', true], ['warning-bullying', false], ['letter-autumn', false]]);
    for (const tpl of res.body.items) {
      expect(validateNoticeBody(tpl.body)).toEqual([]);
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
        token: tok.teacher, body: { kind: tpl.kind, title: tpl.title, body: tpl.body, confirmMode: tpl.confirmMode, audience: g4() },
      });
      expect(created.status).toBe(201);
    }
  });
});

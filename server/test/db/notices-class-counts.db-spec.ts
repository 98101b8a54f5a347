import type { NoticeDraftRequest, NoticeQuestion } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { UserEntity } from '../../src/features/identity/user.entity';
import { NoticeFanout } from '../../src/features/notices/notice-fanout.service';
import { NoticeReceiptStudentEntity } from '../../src/features/notices/notice-receipt-student.entity';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { ReceiptTallies } from '../../src/features/notices/notice-receipt-tallies';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TeacherClassEntity } from '../../src/features/tenancy/teacher-class.entity';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { PeriodicJobs } from '../../src/platform/worker/periodic-jobs';
import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';
import { bind, draft, fanOut, makeGuardian, SCHOOL_MORNING, signaturePng, type TestGuardian } from './notices-helpers';

const MINUTE = 60_000;
const FIGURES = ['recipients', 'delivered', 'read_count', 'confirmed', 'signed', 'answered', 'acknowledged', ...Array.from({ length: 10 }, (_, i) => `a${i}`)];
type Row = Record<string, number>;

/**
 * The per-class summary of a notice's receipts (`notice_class_counts`) against a recount made here, in the test, from
 * the receipts, the children they name and the outbox rows (delivered: WeChat accepted the message, or the guardian
 * opened the notice). A notice is driven through every change that moves a figure — fan-out, WeChat's delivery,
 * reading, answering and confirming (also many guardians at once), signing, a late joiner, a second child of a
 * guardian who already had a receipt, a correction and a recall — and after each the stored rows must equal the
 * recount, and the stats the principal and a teacher read must say the same.
 */
describe('notices: class counts kept with the receipts', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let classX: string;
  let classY: string;
  const g: TestGuardian[] = [];

  const kids = async (classId: string) => t.ds.getRepository(StudentEntity).find({ where: { classId }, order: { studentNo: 'ASC' } });

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal'] as const) tok[role] = await t.login(role, 'a');
    // X: 四年级1班; Y: 三年级2班, where two guardians of the demo's seeded letter are bound too (recipients, idle).
    classX = ids.a.classIds[2];
    classY = ids.a.classIds[1];
    // The teacher teaches X only (a partial view); the principal sees both.
    await t.ds.getRepository(TeacherClassEntity).save({ userId: ids.a.userIds.teacher, classId: classX, schoolId: ids.a.schoolId, isHead: true });
    const [x, y] = [await kids(classX), await kids(classY)];
    // g0, g1: one child in X; g2: one in Y; g3: two children in X; g4: a child in X and one in Y.
    for (let i = 0; i < 5; i++) g.push(await makeGuardian(t, `家长${i}`));
    await bind(t, g[0].userId, x[0], 'mother');
    await bind(t, g[1].userId, x[1], 'father');
    await bind(t, g[2].userId, y[2], 'mother');
    await bind(t, g[3].userId, x[2], 'mother');
    await bind(t, g[3].userId, x[3], 'mother');
    await bind(t, g[4].userId, x[4], 'father');
    await bind(t, g[4].userId, y[3], 'father');
    // WeChat knows g0, g2 and g4 and they allowed the notice message; the others get it in the app only.
    for (const i of [0, 2, 4]) {
      const user = await t.ds.getRepository(UserEntity).findOneByOrFail({ id: g[i].userId });
      fake.registerOpenid(user.openid);
      await allowWechat(t, fake, { token: g[i].token }, ['notice.published', 'notice.warning'], 2);
    }
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  /** The recount: each class's receipts (a receipt once per class, however many of its children are there) and all. */
  async function recount(noticeId: string): Promise<Map<string, Row>> {
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
    const links = await t.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { noticeId } });
    const sent = new Set((await t.ds.getRepository(OutboxEntity).find({ where: { status: 'sent' }, select: { dedupeKey: true } })).map((o) => o.dedupeKey));
    const figures = (rs: NoticeReceiptEntity[]): Row => {
      const row: Row = {
        recipients: rs.length, delivered: rs.filter((r) => r.readOn !== null || sent.has(r.messageKey)).length,
        read_count: rs.filter((r) => r.readOn !== null).length, confirmed: rs.filter((r) => r.confirmedOn !== null).length,
        signed: rs.filter((r) => r.signedOn !== null).length, answered: rs.filter((r) => r.answeredOn !== null).length,
        acknowledged: rs.filter((r) => r.acknowledgedOn !== null).length,
      };
      for (let i = 0; i < 10; i++) row[`a${i}`] = rs.filter((r) => (r.answerChoices ?? '').split(',').includes(String(i))).length;
      return row;
    };
    const out = new Map<string, Row>([['', figures(receipts)]]);
    for (const classId of new Set(links.map((l) => l.classId))) {
      const mine = new Set(links.filter((l) => l.classId === classId).map((l) => l.receiptId));
      out.set(classId, figures(receipts.filter((r) => mine.has(r.id))));
    }
    return out;
  }

  async function stored(noticeId: string): Promise<Map<string, Row>> {
    const rows: Record<string, unknown>[] = await t.ds.query('SELECT * FROM notice_class_counts WHERE notice_id = ?', [noticeId]);
    return new Map(rows.map((r) => [String(r.class_id), Object.fromEntries(FIGURES.map((f) => [f, Number(r[f])]))]));
  }

  const api = (row: Row, options: number) => ({
    recipients: row.recipients, delivered: row.delivered, read: row.read_count, confirmed: row.confirmed, signed: row.signed,
    answered: row.answered, acknowledged: row.acknowledged, answers: options ? Array.from({ length: options }, (_, i) => row[`a${i}`]) : null,
  });

  /** The summary equals the recount, and so do the principal's stats (every class) and the teacher's (class X). */
  async function check(noticeId: string, options: number): Promise<Map<string, Row>> {
    // The stats tally what guardians did before reading the counts (their tallies follow their requests).
    const principal = await t.request('GET', `/notices/${noticeId}/stats`, { token: tok.principal });
    const expected = await recount(noticeId);
    expect(await stored(noticeId)).toEqual(expected);
    const zero = Object.fromEntries(FIGURES.map((f) => [f, 0])) as Row;
    expect(principal.status).toBe(200);
    expect(principal.body.totals).toEqual(api(expected.get('')!, options));
    for (const c of principal.body.classes) expect(c).toMatchObject(api(expected.get(c.classId) ?? zero, options));
    const teacher = await t.request('GET', `/notices/${noticeId}/stats`, { token: tok.teacher });
    expect(teacher.status).toBe(200);
    expect(teacher.body.classes.map((c: { classId: string }) => c.classId)).toEqual([classX]);
    // Only X is seen: the totals are X's receipts.
    expect(teacher.body.totals).toEqual(api(expected.get(classX) ?? zero, options));
    return expected;
  }

  const ack = (who: TestGuardian, id: string, body: Record<string, unknown>) => t.request('POST', `/notices/${id}/ack`, { token: who.token, body });

  async function publish(body: NoticeDraftRequest): Promise<string> {
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.principal, body });
    expect([created.status, created.body.details]).toEqual([201, undefined]);
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: tok.principal, body: {} })).status).toBe(200);
    return created.body.id;
  }

  const question: NoticeQuestion = { kind: 'multiple', prompt: '您方便参加哪些场次？', options: ['周五下午', '周六上午', '周六下午'] };
  let confirmId: string;

  it('fan-out, delivery, reading, answering, confirming (many at once), a late joiner and a second child', async () => {
    confirmId = await publish(draft({ audience: { scope: 'classes', ids: [classX, classY] }, question }));
    await fanOut(t);
    let now = await check(confirmId, 3);
    expect(now.get('')!.recipients).toBe(7);
    expect(now.get(classX)!.recipients).toBe(4);
    expect(now.get(classY)!.recipients).toBe(4);

    // WeChat accepts the messages of the guardians who allowed them (the outbox's sent hook).
    await t.get(OutboxDispatcher).drain();
    now = await check(confirmId, 3);
    expect(now.get('')!.delivered).toBe(3);

    // g1 opens it (delivered by opening); g0 opens it after WeChat delivered it (no second count).
    expect((await t.request('GET', `/me/notices/${confirmId}`, { token: g[1].token })).status).toBe(200);
    expect((await t.request('GET', `/me/notices/${confirmId}`, { token: g[0].token })).status).toBe(200);
    now = await check(confirmId, 3);
    expect(now.get('')).toMatchObject({ delivered: 4, read_count: 2 });

    // g0 answers and confirms in one request; g2 answers first, confirms later; a refused second answer moves nothing.
    expect((await ack(g[0], confirmId, { answer: { choices: [0, 2] }, confirm: true })).status).toBe(200);
    expect((await ack(g[2], confirmId, { answer: { choices: [1] } })).status).toBe(200);
    await check(confirmId, 3);
    expect((await ack(g[2], confirmId, { answer: { choices: [2] } })).status).toBe(409);
    expect((await ack(g[2], confirmId, { confirm: true })).status).toBe(200);
    now = await check(confirmId, 3);
    expect(now.get('')).toMatchObject({ confirmed: 2, answered: 2, acknowledged: 2, a0: 1, a1: 1, a2: 1 });

    // Three guardians at once (g4 is counted in X and Y, g3 once in X for two children); none lost.
    const res = await Promise.all([g[1], g[3], g[4]].map((who, i) => ack(who, confirmId, { answer: { choices: [i] }, confirm: true })));
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    now = await check(confirmId, 3);
    expect(now.get('')).toMatchObject({ recipients: 7, delivered: 5, read_count: 5, confirmed: 5, acknowledged: 5 });
    expect(now.get(classX)).toMatchObject({ recipients: 4, confirmed: 4 });

    // A late joiner: a new guardian bound to a child of Y, found by the late-join scan.
    const late = await makeGuardian(t, '晚来的家长');
    const y = await kids(classY);
    t.clock.advance(MINUTE);
    await bind(t, late.userId, y[4], 'mother');
    t.clock.advance(MINUTE);
    // (The demo's seeded letter to 三年级 takes this school's new guardians of Y too.)
    expect(await t.get(NoticeFanout).addLateJoiners()).toBeGreaterThanOrEqual(1);
    now = await check(confirmId, 3);
    expect(now.get(classY)!.recipients).toBe(5);

    // g1 (confirmed, in X) is bound to a child of Y too: their receipt now names a child of Y, and counts there as it is.
    t.clock.advance(MINUTE);
    await bind(t, g[1].userId, y[5], 'father');
    t.clock.advance(MINUTE);
    await t.get(NoticeFanout).addLateJoiners();
    now = await check(confirmId, 3);
    expect(now.get(classY)).toMatchObject({ recipients: 6, confirmed: 3 });
    expect(now.get('')!.recipients).toBe(8);
    // Every notice of the school, the demo's seeded letter (its late joiners) included, equals its recount.
    for (const n of await t.ds.query('SELECT id FROM notices WHERE school_id = ?', [ids.a.schoolId]) as { id: string }[]) {
      expect(await stored(n.id)).toEqual(await recount(n.id));
    }
  });

  it('signing, a correction of the notice (its own counts) and a recall (counts kept as they were)', async () => {
    const signId = await publish(draft({ kind: 'letter', confirmMode: 'sign', audience: { scope: 'classes', ids: [classX] } }));
    await fanOut(t);
    await check(signId, 0);
    const png = (await signaturePng()).toString('base64');
    expect((await ack(g[3], signId, { signature: png })).status).toBe(200);
    expect((await ack(g[3], signId, { signature: png })).status).toBe(409);
    const now = await check(signId, 0);
    expect(now.get('')).toMatchObject({ read_count: 1, delivered: 1, signed: 1, acknowledged: 1, confirmed: 0 });

    // A correction of the confirm notice: a notice of its own, fanned out to the same classes; the original's counts stay.
    const before = await stored(confirmId);
    const corrected = await t.request('POST', `/notices/${confirmId}/corrections`, {
      token: tok.principal, body: { title: '更正：家长会场次', body: draft().body, confirmMode: 'confirm', question, note: '场次有调整' },
    });
    expect(corrected.status).toBe(201);
    await fanOut(t);
    expect(await stored(confirmId)).toEqual(before);
    await check(corrected.body.id, 3);
    await t.get(OutboxDispatcher).drain();
    expect((await ack(g[0], corrected.body.id, { answer: { choices: [1] }, confirm: true })).status).toBe(200);
    await check(corrected.body.id, 3);

    // Recalled: nothing more is recorded, and the counts are what they were.
    const recalled = await t.request('POST', `/notices/${signId}/recall`, { token: tok.principal, body: { reason: '发错了' } });
    expect(recalled.status).toBe(200);
    expect((await t.request('GET', `/me/notices/${signId}`, { token: g[0].token })).status).toBe(200);
    const after = await check(signId, 0);
    expect(after.get('')).toMatchObject({ read_count: 1, signed: 1 });
  });

  it('a guardian\'s change left untallied (its process stopped first) stays exact beside the sent hook and a late join\'s recount, until a worker tallies it', async () => {
    const id = await publish(draft({ audience: { scope: 'classes', ids: [classX, classY] }, question }));
    await fanOut(t);
    const admin = await t.login('admin', 'a');
    const verify = async () => {
      const res = await t.request('GET', `/schools/${ids.a.schoolId}/audit/verify`, { token: admin });
      expect(res.status).toBe(200);
      return res.body.seals;
    };
    // The process stops between the confirmation's commit and its tally: nothing queued is ever tallied by it.
    const queue = jest.spyOn(t.get(ReceiptTallies), 'queue').mockImplementation(() => undefined);
    try {
      expect((await ack(g[2], id, { answer: { choices: [1] }, confirm: true })).status).toBe(200);
    } finally {
      queue.mockRestore();
    }
    const receipt = await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId: id, guardianUserId: g[2].userId });
    expect([receipt.tallyDue, receipt.tallied]).toEqual([true, 0]);
    expect((await stored(id)).get('')).toMatchObject({ read_count: 0, confirmed: 0 });
    // Its seal leaf is still the fan-out's: the verifier says so, and does not call the row changed.
    expect(await verify()).toMatchObject({ behind: 1, problemCount: 0 });

    // Beside it: WeChat accepts the messages (the sent hook counts delivered; g2's receipt is delivered by the opening
    // already), and g2 is bound to a child of X, so the late join links the receipt to X and recounts X.
    await t.get(OutboxDispatcher).drain();
    const x = await kids(classX);
    t.clock.advance(MINUTE);
    await bind(t, g[2].userId, x[5], 'mother');
    t.clock.advance(MINUTE);
    await t.get(NoticeFanout).addLateJoiners();
    expect((await stored(id)).get(classX)).toMatchObject({ confirmed: 0 });

    // A worker's catch-up job tallies it: every row equals the recount, g2 counted once in X, once in Y, once in all.
    const jobs = t.get(PeriodicJobs);
    jobs.attachWorker('notices-tallies-spec');
    try {
      expect(await jobs.runNow('notices.tallies.catch-up')).toBe(true);
    } finally {
      jobs.attachWorker(null);
    }
    const now = await stored(id);
    expect(now).toEqual(await recount(id));
    expect(now.get('')).toMatchObject({ confirmed: 1, answered: 1, a1: 1 });
    expect(now.get(classX)).toMatchObject({ confirmed: 1 });
    expect(now.get(classY)).toMatchObject({ confirmed: 1 });
    expect(await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ id: receipt.id })).toMatchObject({ tallyDue: false });
    expect(await verify()).toMatchObject({ behind: 0, problemCount: 0 });
    await check(id, 3);
  });
});

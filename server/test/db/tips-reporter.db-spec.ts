import { TipEntity } from '../../src/features/tips/tip.entity';
import { TipSubmissionEntity } from '../../src/features/tips/tip-submission.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TestApp } from '../support/test-app';
import { followupToken, submitTip, tipBody, pinClockToFreshWindow } from './tips-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('tip reporter side: receipts, follow-up, idempotent retry, rate limits, teacher filing (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
  });
  afterAll(() => t?.stop());
  beforeEach(() => pinClockToFreshWindow(t));

  const followup = (schoolId: string, receipt: string, remoteAddress: string) =>
    t.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/api/v1/tips/followup', payload: { schoolId, receipt }, remoteAddress })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));

  it('refuses a receipt guesser: 10 wrong tries answered "wrong", then 429 — while the right receipt still gets in, from anywhere', async () => {
    const schoolId = ids.a.schoolId;
    const { body } = await submitTip(t, tipBody(schoolId), { remoteAddress: '10.0.0.1' });
    const receipt: string = body.receipt;
    const wrong = (i: number) => String((BigInt(receipt) + BigInt(i + 1)) % 10n ** 16n).padStart(16, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await followup(schoolId, wrong(i), '10.6.6.6');
      statuses.push(r.status);
      if (r.status === 401) expect(r.body.code).toBe('TIP_RECEIPT_INVALID');
      if (r.status === 429) expect(r.body.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
    // The guesser stays limited for wrong receipts; another client's wrong receipt is answered as usual.
    expect((await followup(schoolId, wrong(99), '10.6.6.6')).status).toBe(429);
    expect((await followup(schoolId, wrong(98), '10.7.7.7')).status).toBe(401);
    // The right receipt is never refused for failures: not from another client, not from the guesser's own address
    // (which, behind a proxy the server was not told about, is every reporter's address).
    expect((await followup(schoolId, receipt, '10.7.7.7')).status).toBe(201);
    expect((await followup(schoolId, receipt, '10.6.6.6')).status).toBe(201);
    t.clock.advance(16 * MINUTE);
    expect((await followup(schoolId, wrong(97), '10.6.6.6')).status).toBe(401);
    // A receipt is valid only with its own school.
    expect((await followup(ids.b.schoolId, receipt, '10.8.8.8')).status).toBe(401);
  });

  it('a follow-up token is short-lived and only opens its own tip', async () => {
    const schoolId = ids.a.schoolId;
    const one = (await submitTip(t, tipBody(schoolId, { description: '第一条：被抢零花钱', category: 'property' }), { remoteAddress: '10.1.0.1' })).body.receipt;
    const two = (await submitTip(t, tipBody(schoolId, { description: '第二条：被孤立', category: 'social' }), { remoteAddress: '10.1.0.2' })).body.receipt;
    const tok1 = await followupToken(t, schoolId, one, '10.1.0.3');
    const tok2 = await followupToken(t, schoolId, two, '10.1.0.3');
    const th1 = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': tok1 } });
    const th2 = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': tok2 } });
    expect([th1.body.category, th2.body.category]).toEqual(['property', 'social']);
    expect((await t.request('GET', '/tips/followup/thread')).status).toBe(401);
    expect((await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': 'x'.repeat(43) } })).body.code).toBe('TIP_FOLLOWUP_TOKEN_INVALID');
    t.clock.advance(31 * MINUTE);
    const expired = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': tok1 } });
    expect(expired.status).toBe(401);
    expect((await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': tok1 }, body: { body: '还在吗' } })).status).toBe(401);
  });

  it('a retry with the same client key never makes a second tip — also when the copies race — and shows the receipt again only for 24 h', async () => {
    const schoolId = ids.b.schoolId;
    const body = tipBody(schoolId);
    const results = await Promise.all(Array.from({ length: 5 }, () => submitTip(t, body, { remoteAddress: '10.2.0.1' })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const receipts = new Set(results.map((r) => r.body.receipt));
    expect(receipts.size).toBe(1);
    expect(results.filter((r) => r.body.replayed === false)).toHaveLength(1);
    const tipsNow = await t.ds.getRepository(TipEntity).count({ where: { schoolId } });
    expect(await t.ds.getRepository(TipSubmissionEntity).count({ where: { schoolId } })).toBe(tipsNow);

    // After 24 h the replayable copy is purged by the scheduler; a retry is told the tip is safe.
    t.clock.advance(24 * HOUR + MINUTE);
    await t.get<WorkerService>(WorkerService).drain();
    const sub = (await t.ds.getRepository(TipSubmissionEntity).find({ where: { schoolId } }));
    expect(sub.every((s) => s.receiptEnc === null)).toBe(true);
    const late = await submitTip(t, body, { remoteAddress: '10.2.0.1' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TIP_ALREADY_SUBMITTED');
    expect(await t.ds.getRepository(TipEntity).count({ where: { schoolId } })).toBe(tipsNow);
    // The receipt itself still works for follow-up.
    expect((await followup(schoolId, [...receipts][0], '10.2.0.9')).status).toBe(201);
  });

  it('limits submissions to 5 an hour per logged-in user (whatever their address) and per address when anonymous', async () => {
    const schoolId = ids.a.schoolId;
    const guardian = await t.login('guardian');
    const byUser = [];
    for (let i = 0; i < 6; i++) byUser.push((await submitTip(t, tipBody(schoolId), { token: guardian, remoteAddress: `10.3.0.${i}` })).status);
    expect(byUser).toEqual([201, 201, 201, 201, 201, 429]);
    // Someone else, same address as the last attempt: unaffected.
    expect((await submitTip(t, tipBody(schoolId), { remoteAddress: '10.3.0.5' })).status).toBe(201);
    const anon = [];
    for (let i = 0; i < 6; i++) anon.push((await submitTip(t, tipBody(schoolId), { remoteAddress: '10.4.4.4' })).status);
    expect(anon).toEqual([201, 201, 201, 201, 201, 429]);
    t.clock.advance(HOUR);
    expect((await submitTip(t, tipBody(schoolId), { token: guardian, remoteAddress: '10.3.0.1' })).status).toBe(201);
    expect((await submitTip(t, tipBody(schoolId), { remoteAddress: '10.4.4.4' })).status).toBe(201);
  });

  it('教师转报: a teacher files with their name; only staff of that school can; the teacher then sees the tips they filed', async () => {
    const schoolId = ids.a.schoolId;
    const teacher = await t.login('teacher');
    const student = await t.login('student');
    const filed = await submitTip(t, tipBody(schoolId, { filedByTeacher: true, reporterRole: 'witness', description: '学生课后告诉我：小刚被高年级同学勒索' }), { token: teacher, remoteAddress: '10.5.0.1' });
    expect(filed.status).toBe(201);
    expect((await submitTip(t, tipBody(schoolId, { filedByTeacher: true }), { token: student, remoteAddress: '10.5.0.2' })).status).toBe(403);
    expect((await submitTip(t, tipBody(schoolId, { filedByTeacher: true }), { remoteAddress: '10.5.0.3' })).status).toBe(401);
    expect((await submitTip(t, tipBody(ids.b.schoolId, { filedByTeacher: true }), { token: teacher, remoteAddress: '10.5.0.4' })).status).toBe(403);
    const mine = await t.request('GET', `/schools/${schoolId}/tips`, { token: teacher });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].source).toBe('teacher');
    const detail = await t.request('GET', `/tips/${mine.body.items[0].id}`, { token: teacher });
    expect(detail.status).toBe(200);
    expect(detail.body.filedBy.name).toBe('陈老师');
    // The teacher files; they do not run the case.
    expect((await t.request('POST', `/tips/${mine.body.items[0].id}/ack`, { token: teacher, body: {} })).status).toBe(403);
  });

  it('validates the form: category, school, client key, attachments', async () => {
    const schoolId = ids.a.schoolId;
    expect((await submitTip(t, { ...tipBody(schoolId), category: 'gossip' as any }, { remoteAddress: '10.9.0.1' })).status).toBe(400);
    expect((await submitTip(t, { ...tipBody(schoolId), clientKey: 'short' }, { remoteAddress: '10.9.0.1' })).status).toBe(400);
    expect((await submitTip(t, { ...tipBody(schoolId), description: '' }, { remoteAddress: '10.9.0.1' })).status).toBe(400);
    expect((await submitTip(t, tipBody('00000000-0000-4000-8000-000000000000'), { remoteAddress: '10.9.0.1' })).status).toBe(404);
    const bad = await submitTip(t, tipBody(schoolId, { attachmentIds: ['00000000-0000-4000-8000-000000000001'] }), { remoteAddress: '10.9.0.2' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('TIP_ATTACHMENT_INVALID');
  });
  it('1,000 wrong receipts from many addresses never stop the right one; the school cap only spares the server scrypt work', async () => {
    t.clock.advance(2 * HOUR); // fresh windows
    const schoolId = ids.b.schoolId;
    const { body } = await submitTip(t, tipBody(schoolId), { remoteAddress: '10.0.9.1' });
    const wrong = (i: number) => String((BigInt(body.receipt) + BigInt(i + 1)) % 10n ** 16n).padStart(16, '0');
    // 500 addresses × 2 wrong tries (no address near its own limit): the first 200 are checked and answered 401,
    // after that the school's hourly cap answers 429 without running scrypt.
    const results = await Promise.all(Array.from({ length: 500 }, async (_, a) => {
      const out: number[] = [];
      for (let i = 0; i < 2; i++) out.push((await followup(schoolId, wrong(a * 2 + i), `10.11.${a >> 8}.${a & 255}`)).status);
      return out;
    }));
    const statuses = results.flat();
    expect({ wrong: statuses.filter((s) => s === 401).length, limited: statuses.filter((s) => s === 429).length, other: statuses.filter((s) => s !== 401 && s !== 429) })
      .toEqual({ wrong: 200, limited: 800, other: [] });
    expect((await followup(schoolId, wrong(5000), '10.12.0.9')).status).toBe(429);
    // The right receipt works at once: from a new address and from one of the flooding ones.
    for (const address of ['10.12.0.1', '10.11.0.7']) {
      const right = await followup(schoolId, body.receipt, address);
      expect(right.status).toBe(201);
      const thread = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': right.body.token } });
      expect(thread.status).toBe(200);
    }
    // Another school is unaffected by this school's cap.
    const other = (await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.0.9.2' })).body.receipt;
    expect((await followup(ids.a.schoolId, other, '10.12.0.2')).status).toBe(201);
    t.clock.advance(HOUR);
    expect((await followup(schoolId, wrong(5001), '10.12.0.1')).status).toBe(401);
  }, 120_000);

  it('1,000 wrong receipts through one proxy the server was not told about (one client address for everyone): the right receipt still works', async () => {
    t.clock.advance(2 * HOUR);
    const schoolId = ids.a.schoolId;
    const { body } = await submitTip(t, tipBody(schoolId), { remoteAddress: '10.0.10.1' });
    const wrong = (i: number) => String((BigInt(body.receipt) + BigInt(i + 1)) % 10n ** 16n).padStart(16, '0');
    const proxy = '10.20.0.1'; // TRUST_PROXY is not set: X-Forwarded-For is ignored and every request is this address
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      statuses.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) =>
        t.app.getHttpAdapter().getInstance().inject({
          method: 'POST', url: '/api/v1/tips/followup', payload: { schoolId, receipt: wrong(batch * 100 + i) }, remoteAddress: proxy,
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        }).then((r) => r.statusCode)))));
    }
    // Counted before any scrypt runs, so 100 at once still get exactly 10 "wrong" answers between them.
    expect({ wrong: statuses.filter((s) => s === 401).length, limited: statuses.filter((s) => s === 429).length }).toEqual({ wrong: 10, limited: 990 });
    const right = await t.app.getHttpAdapter().getInstance().inject({
      method: 'POST', url: '/api/v1/tips/followup', payload: { schoolId, receipt: body.receipt }, remoteAddress: proxy, headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(right.statusCode).toBe(201);
    expect(JSON.parse(right.body).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }, 120_000);
});

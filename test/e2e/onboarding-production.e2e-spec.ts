import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { productionEnv } from '../../server/test/support/production-env';
import { FakeWechat as FakeWechatServer } from '../fakes/wechat/fake-wechat';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { createTestDatabase, DeliveryDb, type TestDatabase } from './support/delivery-db';
import { apiExpect, apiRequest, type ApiOptions } from './support/http';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

const ROOT = resolve(__dirname, '../..');

/** Runs an npm script from the repository root, as the bureau's IT person would, and collects what it prints. */
function npmRun(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const proc = spawn('npm', ['run', '--silent', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.once('exit', (code) => done({ code, out, err }));
  });
}

/**
 * A real deployment coming into being, over HTTP against a fresh production-mode server (NODE_ENV=production: no demo
 * login, no demo data, WeChat login through the fake WeChat server): `npm run admin -- create-district` → the
 * officer redeems the invite → adds a school → invites its first administrator, who redeems it → the officer appoints
 * the principal, the administrator invites a teacher → the principal names the teacher the contact → an anonymous tip
 * reaches the contact in WeChat and is acknowledged → the district console and `npm run audit:verify` agree. Then the
 * district dashboard: counts only, the repeat-bullying flag raised at the second case found to be bullying, none of
 * it open to another district, and the principal seeing the school's dashboard but not the district's.
 */
describeOnEngines(['sqlite', 'mariadb'], 'onboarding a production deployment over HTTP', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let server: ServerProcess;
  let env: Record<string, string>;
  type Person = { token: string; userId: string; openid: string };
  /** What the first story leaves for the blocks after it. */
  let story: { districtId: string; schoolId: string; officer: Person; principal: Person; teacher: Person; tipId: string; tipVersion: number };

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    env = {
      ...productionEnv(db.dataDir),
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_WORKER_POLL_MS: '50',
    };
    server = await startServer({ env });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await fake?.close();
  });

  const call = (method: string, path: string, opts: ApiOptions = {}) => apiRequest(server.url!, method, path, opts);
  /** Fails with the server's answer when the status is not the expected one (so a failure says what happened). */
  const ok = (expected: number, method: string, path: string, opts: ApiOptions = {}) => apiExpect(expected, server.url!, method, path, opts);
  let codes = 0;
  const login = async (person: string) => {
    const code = `code-${person}.${++codes}`;
    const body = await ok(200, 'POST', '/auth/wechat', { body: { code } });
    return { token: body.token as string, userId: body.user.id as string, openid: FakeWechatServer.openidForCode(code)! };
  };

  it('from nothing to an acknowledged tip, with every district step in a verifiable audit chain', async () => {
    // Nothing exists at first, and there is no demo login.
    const data = await DeliveryDb.open(db.url);
    try {
      expect(await data.ds.query('SELECT COUNT(*) AS n FROM districts')).toEqual([{ n: 0 }]);
    } finally {
      await data.close();
    }
    expect((await call('POST', '/auth/dev', { body: { role: 'district' } })).status).toBe(404);

    const created = await npmRun(['admin', '--', 'create-district', '--name', '深圳市南山区教育局', '--region-code', '440305'], env);
    expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
    const officerCode = /code:\s+([A-Z0-9-]+)/.exec(created.out)![1];

    const officer = await login('officer');
    const asOfficer = await ok(200, 'POST', '/onboarding/redeem', { token: officer.token, body: { code: officerCode, name: '许文' } });
    expect(asOfficer).toMatchObject({ role: 'district_officer', districtName: '深圳市南山区教育局' });
    const districtId: string = asOfficer.districtId;
    // an invite works once
    expect((await call('POST', '/onboarding/redeem', { token: (await login('stranger')).token, body: { code: officerCode } })).status).toBe(409);

    const school = await ok(201, 'POST', `/districts/${districtId}/schools`, {
      token: officer.token, body: { name: '南山实验学校', stage: 'nine_year', address: '深圳市南山区南海大道 1 号', nationalCode: '2144030501' },
    });
    const adminInvite = await ok(201, 'POST', `/schools/${school.id}/admin-invites`, { token: officer.token });
    const admin = await login('admin');
    expect(await ok(200, 'POST', '/onboarding/redeem', { token: admin.token, body: { code: adminInvite.code, name: '钟老师' } })).toMatchObject({ role: 'admin', schoolId: school.id });

    // The principal is appointed by the district (schools never grant that role); the administrator invites a teacher.
    const principalInvite = await ok(201, 'POST', `/schools/${school.id}/principal-invites`, { token: officer.token });
    const principal = await login('principal');
    await ok(200, 'POST', '/onboarding/redeem', { token: principal.token, body: { code: principalInvite.code, name: '邓校长' } });
    const teacherInvite = await ok(201, 'POST', `/schools/${school.id}/staff-invites`, { token: admin.token, body: { role: 'teacher' } });
    const teacher = await login('teacher');
    await ok(200, 'POST', '/onboarding/redeem', { token: teacher.token, body: { code: teacherInvite.code, name: '梁老师' } });

    // The principal names the contact; the contact turns on new-tip alerts.
    await ok(200, 'PUT', `/schools/${school.id}/contact`, { token: principal.token, body: { userId: teacher.userId, name: '梁老师', phone: '0755-26660000' } });
    // The tap on 允许 in WeChat's dialog (WeChat keeps the consent), then the app's report of it to the server.
    await fake.grantSubscription(teacher.openid, 'dev-tip-new');
    await ok(201, 'POST', '/me/subscriptions', { token: teacher.token, body: { results: [{ templateId: 'dev-tip-new', result: 'accept' }] } });
    const checklist = await ok(200, 'GET', `/schools/${school.id}/setup`, { token: admin.token });
    expect(Object.fromEntries(checklist.items.map((i: { key: string; status: string }) => [i.key, i.status]))).toMatchObject({ contact: 'done', contact_alerts: 'done' });
    expect((await ok(200, 'GET', `/schools/${school.id}/public`)).contact).toEqual({ name: '梁老师', phone: '0755-26660000' });

    // An anonymous tip reaches the contact in WeChat, who acknowledges it.
    const tip = await ok(201, 'POST', '/tips', {
      body: { schoolId: school.id, category: 'verbal', description: '有同学天天在走廊里骂我', place: 'corridor', ongoing: true, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
    });
    expect(tip.receipt).toMatch(/^\d{16}$/);
    const toContact = () => fake.delivered().filter((m) => m.touser === teacher.openid && m.templateId === 'dev-tip-new');
    await waitFor(() => toContact().length > 0, () => `no tip message to the contact; delivered: ${JSON.stringify(fake.delivered().map((m) => [m.touser, m.templateId]))}; server said:\n${server.output().slice(-3000)}`);
    const tipId = /id=([0-9a-f-]{36})/.exec(toContact()[0].page ?? '')![1];
    const acked = await ok(200, 'POST', `/tips/${tipId}/ack`, { token: teacher.token, body: { message: '老师收到了，今天就找你了解情况' } });
    expect(acked.status).toBe('acknowledged');
    story = { districtId, schoolId: school.id, officer, principal, teacher, tipId, tipVersion: acked.version };

    // The district console shows the school with its contact named; the contact's one alert went to this tip, so
    // until they allow another the console says new tips would reach the inbox only.
    const console = await ok(200, 'GET', `/districts/${districtId}/setup`, { token: officer.token });
    expect(console.officers).toEqual([{ displayName: '许文' }]);
    const row = console.schools.find((s: { id: string }) => s.id === school.id);
    expect(row).toMatchObject({ name: '南山实验学校', stage: 'nine_year', nationalCode: '2144030501', hasAdmin: true, hasPrincipal: true });
    expect(Object.fromEntries(row.items.map((i: { key: string; status: string }) => [i.key, i.status]))).toMatchObject({ contact: 'done', contact_alerts: 'todo', roster: 'todo' });

    // The operator's check: the district's chain and the school's chain verify.
    const verified = await npmRun(['audit:verify'], env);
    expect({ code: verified.code, err: verified.err }).toEqual({ code: 0, err: '' });
    expect(verified.out).toMatch(new RegExp(`OK +district ${districtId}: \\d+ entries`));
    expect(verified.out).toMatch(new RegExp(`OK +school ${school.id}: \\d+ entries`));
    expect(verified.out).toContain('1 school(s) and 1 district(s) checked, 0 broken');
  });

  /** Moves an acknowledged case through the contact's workflow to 属实（认定为欺凌）; answers when it was decided. */
  const decideBullying = async (tipId: string, version: number): Promise<string> => {
    const investigating = await ok(200, 'PATCH', `/tips/${tipId}`, { token: story.teacher.token, body: { version, status: 'investigating' } });
    const decided = await ok(200, 'PATCH', `/tips/${tipId}`, { token: story.teacher.token, body: { version: investigating.version, status: 'confirmed' } });
    expect(decided).toMatchObject({ status: 'confirmed', decidedAt: expect.any(String) });
    return decided.decidedAt as string;
  };
  /**
   * The district dashboard as the officer is served it, checked to be computed at or after `since`: it is kept for up
   * to a minute, but a case's finding drops the kept copy, so the one served after a finding counts it.
   */
  const dashboardComputedSince = async (since: string) => {
    const body = await ok(200, 'GET', `/districts/${story.districtId}/dashboard`, { token: story.officer.token });
    expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(Date.parse(since));
    return body;
  };

  it('the district dashboard shows the school with its tip as counts only, and raises the repeat flag at the second bullying case', async () => {
    const { districtId, schoolId } = story;
    const decidedFirst = await decideBullying(story.tipId, story.tipVersion);

    // One case decided as bullying: the school shows its tip as '<3' (counts only: no names, classes or case text),
    // and no supervision flag yet.
    const first = await dashboardComputedSince(decidedFirst);
    expect(first).toMatchObject({ districtId, districtName: '深圳市南山区教育局', totals: { schools: 1, tips: '<3', flagsOpen: 0 }, flags: [] });
    expect(first.schools).toEqual([expect.objectContaining({ schoolId, schoolName: '南山实验学校', tips: '<3', acknowledged: '<3', flagsOpen: 0 })]);
    const text = JSON.stringify(first);
    for (const secret of ['有同学天天在走廊里骂我', '梁老师', '邓校长', story.tipId]) expect(text).not.toContain(secret);

    // A second anonymous tip, found to be bullying too.
    await ok(201, 'POST', '/tips', {
      body: { schoolId, category: 'physical', description: '课间有人在操场推我、抢我的东西', place: 'playground', ongoing: true, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
    });
    const list = await ok(200, 'GET', `/schools/${schoolId}/tips`, { token: story.teacher.token });
    const second = list.items.find((t: { id: string; status: string }) => t.status === 'new');
    expect(second).toBeDefined();
    const acked = await ok(200, 'POST', `/tips/${second.id}/ack`, { token: story.teacher.token, body: {} });
    const decidedSecond = await decideBullying(second.id, acked.version);
    // The dashboard read above was computed after the first decision and before the second: no flag then.
    expect(Date.parse(first.asOf)).toBeLessThan(Date.parse(decidedSecond));

    const after = await dashboardComputedSince(decidedSecond);
    expect(after.flags).toEqual([expect.objectContaining({
      key: `repeat_confirmed.${schoolId}.${after.semester.key}`, rule: 'repeat_confirmed', schoolId, count: '<3', acknowledged: null,
    })]);
    expect(after.totals).toMatchObject({ tips: '<3', flagsOpen: 1 });
    expect(after.schools).toEqual([expect.objectContaining({ schoolId, tips: '<3', flagsOpen: 1 })]);
    expect(JSON.stringify(after)).not.toContain('课间有人在操场推我');
  });

  it("another district sees nothing of this one; the principal sees the school's dashboard but not the district's", async () => {
    const { districtId, schoolId } = story;
    const created = await npmRun(['admin', '--', 'create-district', '--name', '深圳市福田区教育局', '--region-code', '440304'], env);
    expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
    const other = await login('other-officer');
    const asOther = await ok(200, 'POST', '/onboarding/redeem', { token: other.token, body: { code: /code:\s+([A-Z0-9-]+)/.exec(created.out)![1], name: '陈静' } });
    expect(asOther.districtId).not.toBe(districtId);
    // its own dashboard is there, and empty
    expect(await ok(200, 'GET', `/districts/${asOther.districtId}/dashboard`, { token: other.token })).toMatchObject({ totals: { schools: 0 }, schools: [], flags: [] });
    for (const path of [`/districts/${districtId}/dashboard`, `/schools/${schoolId}/dashboard`]) {
      const status = (await call('GET', path, { token: other.token })).status;
      expect({ path, refused: [403, 404].includes(status) }).toEqual({ path, refused: true });
    }

    const own = await ok(200, 'GET', `/schools/${schoolId}/dashboard`, { token: story.principal.token });
    expect(own).toMatchObject({ schoolId, schoolName: '南山实验学校', exact: true });
    expect([403, 404]).toContain((await call('GET', `/districts/${districtId}/dashboard`, { token: story.principal.token })).status);
  });
});

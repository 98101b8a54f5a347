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
 * reaches the contact in WeChat and is acknowledged → the district console and `npm run audit:verify` agree.
 */
describeOnEngines(['sqlite', 'mariadb'], 'onboarding a production deployment over HTTP', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let server: ServerProcess;
  let env: Record<string, string>;

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
});

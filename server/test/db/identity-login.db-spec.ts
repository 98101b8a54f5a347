import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { CryptoService } from '../../src/platform/crypto/crypto.service';
import { SecurityEventEntity } from '../../src/features/identity/security-event.entity';
import { UserEntity } from '../../src/features/identity/user.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { productionEnv } from '../support/production-env';
import { TestApp } from '../support/test-app';

const MASTER_KEY = randomBytes(32).toString('base64');

/** Dev login exists only outside production and without a WeChat app id. */
describe('dev login gating', () => {
  it('works in a dev/test setup without WECHAT_APPID', async () => {
    const t = await TestApp.start();
    try {
      expect(t.config.devLoginEnabled).toBe(true);
      await t.seedDemo();
      const res = await t.request('POST', '/auth/dev', { body: { role: 'admin' } });
      expect(res.status).toBe(200);
      expect(res.body.user.roles[0].role).toBe('admin');
    } finally {
      await t.stop();
    }
  });

  const gated: [string, Record<string, string>][] = [
    // Every variable production requires (productionEnv), with this test's app id, secret and master key.
    ['NODE_ENV=production', productionEnv(join(tmpdir(), 'anxin-identity-login-prod'), { WECHAT_APPID: 'wx-prod-app', WECHAT_SECRET: 'prod-secret', ANXIN_MASTER_KEY: MASTER_KEY })],
    ['WECHAT_APPID set outside production', { NODE_ENV: 'development', WECHAT_APPID: 'wx-dev-app', WECHAT_SECRET: 'dev-secret' }],
  ];
  it.each(gated)('answers 404 when %s, even with the demo users present', async (_, env) => {
    const t = await TestApp.start({ env });
    try {
      expect(t.config.devLoginEnabled).toBe(false);
      await t.seedDemo(); // the demo users exist: the 404 is the gate, not a missing account
      for (const role of ['admin', 'guardian', 'district'] as const) {
        const res = await t.request('POST', '/auth/dev', { body: { role } });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
        expect(res.body.token).toBeUndefined();
      }
      if (env.NODE_ENV === 'production') {
        // the other test-only door: the clock of a running server can be moved only under NODE_ENV=test
        const clock = await t.request('POST', '/__test/clock', { body: { advanceMs: 86_400_000 } });
        expect(clock.status).toBe(404);
      }
    } finally {
      await t.stop();
    }
  });
});

/** A small stand-in for WeChat's code2Session endpoint (the full fake comes with Foundation 3/3). */
function fakeCode2Session(answers: Record<string, object>): Promise<{ server: Server; base: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(url.pathname);
    const code = url.searchParams.get('js_code') ?? '';
    const body = url.pathname === '/sns/jscode2session' ? answers[code] ?? { errcode: 40029, errmsg: 'invalid code' } : { errcode: -1 };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls });
  }));
}

describe('WeChat login (code2Session)', () => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof fakeCode2Session>>;
  const SESSION_KEY = 'c2Vzc2lvbi1rZXktbmV2ZXItbGVhdmVzLXNlcnZlcg==';

  beforeAll(async () => {
    fake = await fakeCode2Session({
      'code-new': { openid: 'o-matrix-openid-1', session_key: SESSION_KEY },
      'code-again': { openid: 'o-matrix-openid-1', session_key: `${SESSION_KEY}2` },
      'code-staff': { openid: 'o-staff-openid', session_key: SESSION_KEY },
      'code-demo-admin': { openid: 'demo:admin', session_key: SESSION_KEY },
    });
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.base } });
  });
  afterAll(async () => {
    await t?.stop();
    fake?.server.close();
  });

  it('creates the user once, returns a session and never the session_key or openid', async () => {
    const first = await t.request('POST', '/auth/wechat', { body: { code: 'code-new' } });
    expect(first.status).toBe(200);
    expect(first.body.token).toEqual(expect.any(String));
    expect(first.raw.toString()).not.toContain(SESSION_KEY);
    expect(first.raw.toString()).not.toContain('o-matrix-openid-1');
    const again = await t.request('POST', '/auth/wechat', { body: { code: 'code-again' } });
    expect(again.status).toBe(200);
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(again.body.token).not.toBe(first.body.token);
    expect(await t.ds.getRepository(UserEntity).count({ where: { openid: 'o-matrix-openid-1' } })).toBe(1);
    // kept on the server (latest one), sealed: never at rest as WeChat gave it
    const [row] = await t.ds.query('SELECT id, wx_session_key FROM users WHERE openid = ?', ['o-matrix-openid-1']);
    expect(row.wx_session_key).not.toContain(SESSION_KEY);
    expect(t.get(CryptoService).openWechatSessionKey(row.id, row.wx_session_key)).toBe(`${SESSION_KEY}2`);
    const me = await t.request('GET', '/me', { token: again.body.token });
    expect(me.status).toBe(200);
    expect(me.raw.toString()).not.toContain(SESSION_KEY);
    expect(me.raw.toString()).not.toContain('o-matrix-openid');
  });

  it('answers 401 WECHAT_LOGIN_FAILED for a code WeChat refuses, and 400 for a malformed code', async () => {
    const bad = await t.request('POST', '/auth/wechat', { body: { code: 'unknown-code' } });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('WECHAT_LOGIN_FAILED');
    const malformed = await t.request('POST', '/auth/wechat', { body: { code: 'has spaces / slashes' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a disabled user', async () => {
    await t.ds.getRepository(UserEntity).update({ openid: 'o-matrix-openid-1' }, { disabled: true });
    const res = await t.request('POST', '/auth/wechat', { body: { code: 'code-new' } });
    expect(res.status).toBe(401);
    expect(res.body.token).toBeUndefined();
    await t.ds.getRepository(UserEntity).update({ openid: 'o-matrix-openid-1' }, { disabled: false });
    expect((await t.request('POST', '/auth/wechat', { body: { code: 'code-new' } })).status).toBe(200);
  });

  it('records a staff login in the operators\' security log (a day and a count), never in a school audit chain; a guardian login nowhere', async () => {
    const ids = await t.seedDemo();
    // make the WeChat user a teacher of school A
    const user = await t.ds.getRepository(UserEntity).save({ openid: 'o-staff-openid', unionid: null, displayName: '新老师', isDemo: false, disabled: false, createdAt: new Date() });
    await t.ds.getRepository(StaffRoleEntity).save({ userId: user.id, schoolId: ids.a.schoolId, districtId: null, role: 'teacher', createdAt: new Date() });
    const auditBefore = await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: ids.a.schoolId } });
    // Logins at the same moment all count (one atomic upsert per login).
    const logins = await Promise.all([1, 2, 3, 4].map(() => t.request('POST', '/auth/wechat', { body: { code: 'code-staff' } })));
    expect(logins.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await t.ds.getRepository(SecurityEventEntity).find({ where: { userId: user.id } }))
      .toEqual([{ userId: user.id, event: 'staff.login', day: t.clock.now().toISOString().slice(0, 10), count: 4 }]);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: ids.a.schoolId } })).toBe(auditBefore);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { action: 'staff.login' } })).toBe(0);
    // Not readable through the school's audit route either.
    const admin = (await t.request('POST', '/auth/wechat', { body: { code: 'code-demo-admin' } })).body.token;
    const audit = await t.request('GET', `/schools/${ids.a.schoolId}/audit`, { token: admin });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain(user.id);
    const guardian = await t.ds.getRepository(UserEntity).findOneByOrFail({ openid: 'o-matrix-openid-1' });
    expect(await t.ds.getRepository(SecurityEventEntity).count({ where: { userId: guardian.id } })).toBe(0);
  });
});

import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { FakeWechat as FakeWechatServer } from '../fakes/wechat/fake-wechat';
import { createTestDatabase, type TestDatabase } from '../../server/test/support/test-database';
import { apiRequest, type ApiOptions } from './support/http';
import { describeOnEngines, startServer, type ServerProcess } from './support/server-process';

/**
 * Identity over HTTP against a real server process and the fake WeChat server: WeChat login (code →
 * code2Session → session), `GET /me`, logout; the session_key never leaves the server; the OpenAPI document and
 * its Swagger UI are served; the demo login does not exist once a WeChat app id is configured.
 */
describeOnEngines(['sqlite', 'mariadb'], 'identity over HTTP', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    server = await startServer({
      env: { DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, ANXIN_DEMO_SEED: 'true', WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await fake?.close();
  });

  const call = (method: string, path: string, opts: ApiOptions = {}) => apiRequest(server.url!, method, path, opts);

  it('logs in with a wx.login code through code2Session, never returns the session_key, and logs out', async () => {
    const login = await call('POST', '/auth/wechat', { body: { code: 'code-parent1.first' } });
    expect(login.status).toBe(200);
    expect(login.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.body.user).toMatchObject({ displayName: '微信用户', roles: [], students: [], isDemo: false });
    expect(login.text).not.toMatch(/session_key|sessionKey/i);
    expect(login.text).not.toContain(FakeWechatServer.openidForCode('code-parent1.first'));

    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(login.body.user.id);

    // The same person logging in again (a new code) is the same user.
    const again = await call('POST', '/auth/wechat', { body: { code: 'code-parent1.second' } });
    expect(again.body.user.id).toBe(login.body.user.id);

    expect((await call('POST', '/auth/logout', { token: login.body.token })).status).toBe(204);
    expect((await call('GET', '/me', { token: login.body.token })).body.code).toBe('SESSION_EXPIRED');
  });

  it('refuses an invalid or reused code with 401 WECHAT_LOGIN_FAILED', async () => {
    expect((await call('POST', '/auth/wechat', { body: { code: 'not-a-code' } })).body).toMatchObject({ code: 'WECHAT_LOGIN_FAILED' });
    expect((await call('POST', '/auth/wechat', { body: { code: 'code-parent2.x' } })).status).toBe(200);
    const reused = await call('POST', '/auth/wechat', { body: { code: 'code-parent2.x' } });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('WECHAT_LOGIN_FAILED');
  });

  it('serves the OpenAPI document and the Swagger UI, and reports health', async () => {
    const doc = await call('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/auth/wechat']).toBeDefined();
    const ui = await fetch(`${server.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    expect((await call('GET', '/api/health')).body).toMatchObject({ status: 'ok', database: true, migrationsCurrent: true });
  });

  it('a server with a WeChat app id has no demo login (404)', async () => {
    const other = await createTestDatabase(engine);
    const withAppId = await startServer({
      env: { DATABASE_URL: other.url, ANXIN_DATA_DIR: other.dataDir, WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url },
    });
    try {
      const res = await fetch(`${withAppId.url}/api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
      expect(res.status).toBe(404);
      // …while this demo server (no app id, not production) has one.
      expect((await call('POST', '/auth/dev', { body: { role: 'admin' } })).status).toBe(200);
    } finally {
      await withAppId.stop();
      await other.drop();
    }
  });
});

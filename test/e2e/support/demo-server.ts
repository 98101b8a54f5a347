import { afterAll, beforeAll } from '@jest/globals';
import { startFakeWechat, type FakeWechat } from '../../fakes/wechat';
import { createTestDatabase, type TestDatabase, type TestEngine } from '../../../server/test/support/test-database';
import { allowWechat } from './consent';
import { apiRequest, devLogin, type ApiAnswer, type ApiOptions } from './http';
import { startServer, type ServerProcess } from './server-process';

/**
 * A demo server as a real process (demo seed, worker on, polling every 50 ms) on a fresh database of `engine`, talking
 * to its own fake WeChat server. Call inside `describe`: it registers the set-up and tear-down hooks; the fields are
 * there once the suite's `beforeAll` hooks have run.
 */
export interface DemoServer {
  readonly fake: FakeWechat;
  readonly db: TestDatabase;
  readonly server: ServerProcess;
  readonly url: string;
  call(method: string, path: string, opts?: ApiOptions): Promise<ApiAnswer>;
  /** A demo-login session of `role` in demo school a. */
  login(role: string): Promise<string>;
  /** The demo user of `role` taps 允许 in WeChat's dialog for these kinds (the fake records it, the app reports it). */
  allow(role: string, kinds: string[], times?: number): Promise<void>;
  /** Moves the server's clock (test mode only). */
  moveClock(advanceMs: number): Promise<ApiAnswer>;
}

export function demoServer(engine: TestEngine, env: Record<string, string> = {}): DemoServer {
  const state: { fake?: FakeWechat; db?: TestDatabase; server?: ServerProcess } = {};
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`demoServer: no ${what} yet (used before beforeAll)`);
    return value;
  };
  beforeAll(async () => {
    state.fake = await startFakeWechat();
    state.db = await createTestDatabase(engine);
    state.server = await startServer({
      env: {
        DATABASE_URL: state.db.url, ANXIN_DATA_DIR: state.db.dataDir, ANXIN_DEMO_SEED: 'true', ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: '50',
        WECHAT_API_BASE: state.fake.url, WECOM_API_BASE: state.fake.url, ...env,
      },
    });
  });
  afterAll(async () => {
    await state.server?.stop();
    await state.db?.drop();
    await state.fake?.close();
  });
  const suite: DemoServer = {
    get fake() { return need(state.fake, 'fake WeChat server'); },
    get db() { return need(state.db, 'database'); },
    get server() { return need(state.server, 'server'); },
    get url() { return need(state.server?.url ?? undefined, 'server'); },
    call: (method, path, opts = {}) => apiRequest(suite.url, method, path, opts),
    login: (role) => devLogin(suite.url, role),
    allow: async (role, kinds, times = 1) => {
      const token = await suite.login(role);
      const me = (await suite.call('GET', '/me', { token })).body;
      await allowWechat(suite.url, suite.fake, [{ id: me.id, openid: `demo:${role}`, token }], kinds, times);
    },
    moveClock: (advanceMs) => apiRequest(suite.url, 'POST', '/__test/clock', { body: { advanceMs } }),
  };
  return suite;
}

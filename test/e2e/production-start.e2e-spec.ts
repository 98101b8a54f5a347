import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { productionEnv } from '../../server/test/support/production-env';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { DeliveryDb } from './support/delivery-db';
import { freePort, SERVER_MAIN, waitFor, waitForHealth } from './support/server-process';

const ROOT = resolve(__dirname, '../..');

interface Run {
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Run {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

/** The answer to `method path` without the headers that differ between two answers (the time). */
async function answer(url: string, method: string, body?: unknown) {
  const res = await fetch(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const headers = Object.fromEntries([...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection'));
  return { status: res.status, headers, body: await res.text() };
}

/** Both suites: one fake WeChat for the file, a fresh data folder per test, the production environment pointing at both. */
let fake: FakeWechat;
let dir: string;
beforeAll(async () => {
  fake = await startFakeWechat();
});
afterAll(() => fake?.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-production-'));
  fake.clearFaults();
  fake.reset();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = async (over: Record<string, string> = {}) => ({
  ...productionEnv(dir),
  HOST: '127.0.0.1',
  PORT: String(await freePort()),
  DATABASE_URL: `sqlite:${join(dir, 'anxin.db')}`,
  ANXIN_DATA_DIR: dir,
  WECHAT_API_BASE: fake.url,
  WECOM_API_BASE: fake.url,
  LOG_LEVEL: 'info',
  ...over,
});

describe('NODE_ENV=production npm start (node scripts/start.js)', () => {
  it('starts the real server: one WeChat token call, no demo login, no demo data, no API docs, no generated key', async () => {
    const e = await env();
    const server = run(['scripts/start.js'], e);
    const base = `http://127.0.0.1:${e.PORT}`;
    try {
      // Up to four minutes: start.js first rebuilds shared/ and server/ when their sources are newer than dist.
      await Promise.race([waitForHealth(base, 240_000), server.exited.then((code) => Promise.reject(new Error(`exited ${code}:\n${server.output()}`)))]);
      expect(fake.stats().stable_token).toBe(1); // the start-up check, before anything else
      for (const [method, body] of [['POST', { role: 'admin', school: 'a' }], ['POST', {}], ['GET', undefined]] as const) {
        const dev = await answer(`${base}/api/v1/auth/dev`, method, body);
        const unknown = await answer(`${base}/api/v1/auth/${randomBytes(6).toString('hex')}`, method, body);
        expect(dev.status).toBe(404);
        expect(dev).toEqual(unknown);
      }
      expect((await fetch(`${base}/api/docs-json`)).status).toBe(404);
      expect((await fetch(`${base}/api/health`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    } finally {
      server.proc.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    // The demo's own lines: its fake WeChat server, its seed, its banner.
    expect(server.output()).not.toMatch(/fake WeChat server at|demo data ready|demo is running/);
    const db = await DeliveryDb.open(e.DATABASE_URL);
    try {
      expect(await db.ds.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 0 }]);
      expect(await db.ds.query('SELECT COUNT(*) AS n FROM schools')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('dev-'))).toEqual([]); // no development keys written
  });

  it.each([
    ['WECHAT_TEMPLATES', { WECHAT_TEMPLATES: '' }],
    ['ANXIN_MASTER_KEY', { ANXIN_MASTER_KEY: '' }],
    ['WECHAT_APPID', { WECHAT_APPID: '' }],
    ['ANXIN_DEMO_SEED', { ANXIN_DEMO_SEED: 'true' }],
  ])('refuses to start without a good %s: exit 78 and a message naming it', async (variable, over) => {
    const server = run(['scripts/start.js'], await env(over));
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain(`Configuration error: ${variable}`);
    expect(server.output()).not.toContain('listening');
    expect(existsSync(join(dir, 'anxin.db'))).toBe(false);
  });
});

/** The start-up WeChat check of server/dist/main.js in production (the same check whichever way it is started). */
describe('production start-up WeChat credentials check', () => {
  it.each([
    ['WECHAT_SECRET', 40125, 'invalid appsecret'],
    ['WECHAT_SECRET', 40001, 'invalid credential, access_token is invalid or not latest'],
    ['WECHAT_APPID', 40013, 'invalid appid'],
    ['WECHAT_APPID', 40164, 'invalid ip 203.0.113.9, not in whitelist'],
  ])('a refused credential stops the start: exit 78 naming %s and WeChat\'s errmsg (%s)', async (variable, errcode, errmsg) => {
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'errcode', errcode, errmsg }, forMs: 120_000 });
    const server = run([SERVER_MAIN], await env());
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain(`Configuration error: ${variable} was refused by WeChat at start-up (${errcode} ${errmsg}`);
    expect(server.output()).not.toContain('listening');
    expect(fake.stats().stable_token).toBe(1);
  });

  it('WeChat unreachable is not a configuration error: the server starts, and says so at error level', async () => {
    const closed = await freePort();
    const e = await env({ WECHAT_API_BASE: `http://127.0.0.1:${closed}` });
    const server = run([SERVER_MAIN], e);
    try {
      // Listening is the point here (what /api/health says about delivery while WeChat is down is another matter).
      await Promise.race([
        waitFor(() => server.output().includes('Anxin server listening'), () => server.output(), 60_000),
        server.exited.then((code) => Promise.reject(new Error(`exited ${code}:\n${server.output()}`))),
      ]);
      const lines = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      expect(lines.find((l) => /access token call failed at start-up/.test(l.msg))).toMatchObject({ level: 'error', errcode: -1001 });
    } finally {
      server.proc.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});

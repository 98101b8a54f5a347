import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionEnv } from '../support/production-env';
import { TestApp, type InjectResult } from '../support/test-app';

/** A complete production configuration (TestApp does not make the start-up WeChat call; main.ts does). */
const prodDir = mkdtempSync(join(tmpdir(), 'anxin-prod-'));
const production = (over: Record<string, string> = {}) => productionEnv(prodDir, over);
afterAll(() => rmSync(prodDir, { recursive: true, force: true }));

/** Headers that legitimately differ between two answers (the time). */
const withoutDate = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'date'));

function cspOf(res: InjectResult): Record<string, string> {
  return Object.fromEntries(String(res.headers['content-security-policy'] ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name, values.join(' ')];
  }));
}

function expectSecurityHeaders(res: InjectResult) {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-frame-options']).toBe('DENY');
  const csp = cspOf(res);
  expect(csp['frame-ancestors']).toBe("'none'");
  expect(csp['default-src']).toBe("'self'");
  expect(csp['script-src']).toBe("'self'");
  expect(csp['object-src']).toBe("'none'");
}

describe('security headers (helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => t?.stop());

  it('are on API answers, error answers and unknown routes alike', async () => {
    const ok = await t.request('GET', '/api/health');
    expectSecurityHeaders(ok);
    const unauthenticated = await t.request('GET', '/me');
    expect(unauthenticated.status).toBe(401);
    expectSecurityHeaders(unauthenticated);
    const unknown = await t.request('GET', `/api/v1/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expectSecurityHeaders(unknown);
  });

  it('HSTS only when the request came over TLS (here: a trusted proxy says X-Forwarded-Proto: https)', async () => {
    expect((await t.request('GET', '/api/health')).headers['strict-transport-security']).toBeUndefined();
    expect((await t.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
    const tls = await t.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('the API documentation is served outside production (the suites read OpenAPI from it)', async () => {
    const doc = await t.request('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/auth/dev']).toBeDefined();
  });
});

describe('HSTS without a trusted proxy', () => {
  it('a client cannot switch HSTS on by sending X-Forwarded-Proto itself', async () => {
    const t = await TestApp.start();
    try {
      expect((await t.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.stop();
    }
  });
});

describe('production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ env: production() });
  });
  afterAll(() => t?.stop());

  /** The answer to the same request on a path that never existed. */
  const unknownTwin = (method: string, body?: unknown) => t.request(method, `/api/v1/auth/${randomBytes(6).toString('hex')}`, body === undefined ? {} : { body });

  it.each([
    ['a valid demo login', 'POST', { role: 'admin', school: 'a' }],
    ['an invalid body (no validation error may betray the route)', 'POST', { role: 'nobody', extra: 1 }],
    ['no body', 'POST', undefined],
    ['another method', 'GET', undefined],
  ])('the dev login answers %s exactly like an unknown route (status, headers, body)', async (_, method, body) => {
    await t.seedDemo(); // the demo users exist: the answer is the missing route, not a missing account
    const dev = await t.request(method, '/auth/dev', body === undefined ? {} : { body });
    const twin = await unknownTwin(method, body);
    expect(dev.status).toBe(404);
    expect({ status: dev.status, headers: withoutDate(dev.headers), body: dev.body }).toEqual({ status: twin.status, headers: withoutDate(twin.headers), body: twin.body });
    expect(dev.raw.equals(twin.raw)).toBe(true);
  });

  it('/api/docs and /api/docs-json do not exist (same answer as an unknown path)', async () => {
    for (const path of ['/api/docs-json', '/api/docs']) {
      const res = await t.request('GET', path);
      const twin = await t.request('GET', `/api/${randomBytes(6).toString('hex')}`);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 404, body: twin.body });
    }
  });

  it('security headers are on in production too', async () => {
    expectSecurityHeaders(await t.request('GET', '/api/health'));
  });
});

describe('production with ANXIN_API_DOCS=true', () => {
  it('serves the OpenAPI document (without the dev login, which does not exist)', async () => {
    const t = await TestApp.start({ env: production({ ANXIN_API_DOCS: 'true' }) });
    try {
      const doc = await t.request('GET', '/api/docs-json');
      expect(doc.status).toBe(200);
      expect(doc.body.paths['/api/v1/auth/wechat']).toBeDefined();
      expect(doc.body.paths['/api/v1/auth/dev']).toBeUndefined();
    } finally {
      await t.stop();
    }
  });
});

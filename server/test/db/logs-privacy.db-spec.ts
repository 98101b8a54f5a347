import { TestApp } from '../support/test-app';

/**
 * Request logs carry method, route template, status and duration only: no Authorization header or token,
 * no query strings, no ids from the path, no IPs or user agents.
 */
describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l));

  beforeAll(async () => {
    t = await TestApp.start({
      env: { LOG_LEVEL: 'info', WECHAT_API_BASE: 'http://localhost:9' },
      logDestination: { write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) },
    });
  });
  afterAll(() => t?.stop());

  it('log every request without tokens, query strings, path ids, IPs or user agents', async () => {
    const ids = await t.seedDemo();
    const token = await t.login('admin');
    const guardian = await t.login('guardian');
    lines.length = 0;

    const secretQuery = 'afterSeq=1&action=QUERY-SECRET-VALUE';
    const calls = [
      t.request('GET', `/schools/${ids.a.schoolId}/audit?${secretQuery}`, { token, headers: { 'user-agent': 'UA-SECRET/1.0', 'x-forwarded-for': '203.0.113.77' } }),
      t.request('GET', `/schools/${ids.a.schoolId}/audit?${secretQuery}`, { token: guardian }), // 403
      t.request('GET', '/me', { headers: { authorization: 'Bearer FORGED-TOKEN-0123456789abcdef' } }), // 401
      t.request('GET', `/me?token=${token}`, { token }),
      t.request('POST', '/auth/wechat', { body: { code: 'WX-CODE-SECRET' } }), // 503: WeChat unreachable
      t.request('GET', `/no-such-route?${secretQuery}`),
    ];
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual([200, 403, 401, 200, 503, 404]);

    const all = lines.join('\n');
    for (const secret of [token, guardian, 'FORGED-TOKEN', 'Bearer', 'QUERY-SECRET-VALUE', 'afterSeq', 'UA-SECRET', '203.0.113.77', '127.0.0.1', 'lightMyRequest', 'WX-CODE-SECRET', ids.a.schoolId, 'demo:']) {
      expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(all.toLowerCase()).not.toContain('authorization');

    const requests = logs().filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(calls.length);
    for (const r of requests) {
      expect(Object.keys(r).sort()).toEqual(['level', 'method', 'ms', 'msg', 'route', 'status', 'svc', 'time']);
      expect(r.route).not.toContain('?');
    }
    expect(requests.map((r) => r.route)).toEqual(expect.arrayContaining(['/api/v1/schools/:id/audit', '/api/v1/me', 'unmatched']));
    // authentication and authorization failures are logged too (F15), with the same care
    const refused = logs().filter((l) => l.msg === 'access refused');
    expect(refused.map((l) => l.status).sort()).toEqual([401, 403]);
  });
});

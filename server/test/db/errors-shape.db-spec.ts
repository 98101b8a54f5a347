import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@anxin/shared';
import { TestApp } from '../support/test-app';

/** One error shape `{ code, message, details? }` with the right statuses; never a 500. */
describe('error shape', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.seedDemo();
    token = await t.login('admin');
  });
  afterAll(() => t?.stop());

  const shape = (body: any) => {
    expect(body).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    expect(Object.keys(body).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese, human message
  };

  it('malformed JSON → 400 saying the JSON is invalid', async () => {
    const res = await t.request('POST', '/auth/dev', { payload: '{"role": "admin",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    shape(res.body);
    expect(res.body.code).toBe(ErrorCode.BAD_REQUEST);
    expect(res.body.message).toContain('JSON');
  });

  it('an empty body declared as JSON → 400 saying the JSON is invalid', async () => {
    const res = await t.request('POST', '/me/consents', { token, payload: '', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    shape(res.body);
    expect(res.body.message).toContain('JSON');
  });

  it('JSON with a charset is read as JSON (what wx.request and browsers send)', async () => {
    const res = await t.request('POST', '/me/consents', { token, payload: JSON.stringify({ kind: 'privacy_guide', version: '2026-11' }), headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(201);
  });

  it('a prototype-poisoning body → 400, never reaching a handler', async () => {
    for (const payload of ['{"kind":"privacy_guide","version":"1","__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}},"kind":"privacy_guide","version":"1"}']) {
      const res = await t.request('POST', '/me/consents', { token, payload, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      shape(res.body);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('an unknown field → 400 VALIDATION_FAILED naming it in details', async () => {
    const res = await t.request('POST', '/me/consents', { token, body: { kind: 'privacy_guide', version: '2026-11', isAdmin: true } });
    expect(res.status).toBe(400);
    shape(res.body);
    expect(res.body.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(res.body.details).toEqual([{ field: 'isAdmin', problems: [expect.any(String)] }]);
  });

  it('a wrong field type and a missing field → 400 VALIDATION_FAILED with one entry per field', async () => {
    const res = await t.request('POST', '/me/consents', { token, body: { kind: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(res.body.details.map((d: any) => d.field).sort()).toEqual(['kind', 'version']);
  });

  it('a JSON array or scalar where an object is expected → 400, not 500', async () => {
    for (const payload of ['[1,2,3]', '"text"', '42', 'null']) {
      const res = await t.request('POST', '/me/consents', { token, payload, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      shape(res.body);
    }
  });

  it('a path id that is not a UUID → 400 VALIDATION_FAILED, not 500', async () => {
    const res = await t.request('GET', '/schools/not-a-uuid/audit', { token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.VALIDATION_FAILED);
  });

  it.each(['/api/v1/no-such-route', '/api/nothing', '/no-such-page', '/api/v1/me/../../etc/passwd'])('unknown route %s → 404 NOT_FOUND', async (url) => {
    const res = await t.request('GET', url, { token });
    expect(res.status).toBe(404);
    shape(res.body);
    expect(res.body.code).toBe(ErrorCode.NOT_FOUND);
  });

  it('a known path with an unsupported method → 404 NOT_FOUND', async () => {
    const res = await t.request('DELETE', '/me', { token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(ErrorCode.NOT_FOUND);
  });

  it('a body over 1 MB → 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ kind: 'privacy_guide', version: 'x'.repeat(1024 * 1024 + 10) });
    for (const auth of [token, undefined]) {
      const res = await t.request('POST', '/me/consents', { token: auth, payload: big, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(413);
      shape(res.body);
      expect(res.body.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    }
  });

  it('a body just under 1 MB is read (and then refused by validation, not by size)', async () => {
    const body = JSON.stringify({ kind: 'privacy_guide', version: 'x'.repeat(1000 * 1000) });
    const res = await t.request('POST', '/me/consents', { token, payload: body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.VALIDATION_FAILED);
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])('content type %s → 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const res = await t.request('POST', '/me/consents', { token, payload: 'kind=privacy_guide&version=1', headers: { 'content-type': type } });
    expect(res.status).toBe(415);
    shape(res.body);
    expect(res.body.code).toBe(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  });

  it('401 and 403 carry the same shape', async () => {
    const unauth = await t.request('GET', '/me');
    expect(unauth.status).toBe(401);
    shape(unauth.body);
    expect(unauth.body.code).toBe(ErrorCode.UNAUTHENTICATED);
    const guardian = await t.login('guardian');
    const schoolId = (await t.request('GET', '/me', { token })).body.roles[0].schoolId;
    const forbidden = await t.request('GET', `/schools/${schoolId}/audit`, { token: guardian });
    expect(forbidden.status).toBe(403);
    shape(forbidden.body);
    expect(forbidden.body.code).toBe(ErrorCode.FORBIDDEN);
  });

  it('no route answers 500 to odd path parameters or odd bodies (every route of the OpenAPI document)', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const tokens = { admin: token, contact: await t.login('contact'), guardian: await t.login('guardian') };
    const oddParams = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', randomUUID(), "x' OR '1'='1", '%E4%BD%A0%00', 'a'.repeat(300)];
    const oddBodies: unknown[] = [[], 'text', 0, { a: { b: { c: [1, 2, { d: null }] } } }, { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }];
    const problems: string[] = [];
    let calls = 0;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        // (logout would end the sessions this test uses; the test clock route is not part of the API)
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || path.includes('__test') || path.endsWith('/auth/logout')) continue;
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const props = Object.keys(schemaOf(doc, op)?.properties ?? {});
        // every property with a value of the wrong type
        const wrongTypes = Object.fromEntries(props.map((p, i) => [p, [12345, 'x', true, [], {}, null][i % 6]]));
        const bodies = op.requestBody?.content?.['application/json'] ? [...oddBodies, wrongTypes] : [undefined];
        for (const value of params.length ? oddParams : ['']) {
          const url = params.reduce((u, p) => u.replace(`{${p}}`, encodeURIComponent(value)), path);
          for (const body of bodies) {
            for (const [who, tk] of Object.entries(tokens)) {
              const res = await t.request(method.toUpperCase(), url, { token: tk, ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
              calls++;
              if (res.status === 401 && !op['x-public']) problems.push(`${method.toUpperCase()} ${url} as ${who} → 401: the session was lost, the test is not testing`);
              if (res.status >= 500 && res.status !== 503) problems.push(`${method.toUpperCase()} ${url} as ${who} with ${JSON.stringify(body)} → ${res.status}`);
              else if (res.status >= 400) {
                const ok = res.body && typeof res.body.code === 'string' && typeof res.body.message === 'string';
                if (!ok) problems.push(`${method.toUpperCase()} ${url} as ${who} → ${res.status} without the error shape: ${String(res.raw).slice(0, 120)}`);
              }
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(problems).toEqual([]);
    // Several thousand requests, one after another, growing with every route: about 40 s on a quiet machine and past
    // the suite's 60 s on a loaded one. The limit is there to stop a hang, not to time the sweep.
  }, 300_000);

  it('every error answer is JSON', async () => {
    const res = await t.request('GET', '/api/v1/no-such-route');
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  });
});

function schemaOf(doc: any, op: any): any {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema?.$ref) return schema;
  return doc.components.schemas[schema.$ref.split('/').pop()];
}

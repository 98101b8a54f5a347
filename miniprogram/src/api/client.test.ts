import { beforeEach, describe, expect, it } from '@jest/globals';
import Taro from '@tarojs/taro';
import { ApiError, NETWORK_ERROR, clientConfig, request } from './client';
import { storage } from './storage';
import { uploadRoster } from './roster';
import { fakeApi, makeMe, session } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
});

describe('401: log in again and repeat once', () => {
  it('h5: uses the demo login as the stored demo role, then repeats the call with the new token', async () => {
    storage.setToken('tok-old');
    storage.setDemoRole('teacher');
    const api = fakeApi({
      'GET /me': (c) => (c.auth === 'Bearer tok-new' ? { status: 200, body: makeMe() } : { status: 401, body: { code: 'SESSION_EXPIRED', message: '登录已过期' } }),
      'POST /auth/dev': () => ({ status: 200, body: session(makeMe()) }),
    });
    const me = await request('GET', '/me');
    expect(me).toEqual(makeMe());
    expect(api.callsTo('POST /auth/dev')).toHaveLength(1);
    expect(api.callsTo('POST /auth/dev')[0].body).toEqual({ role: 'teacher' });
    expect(api.callsTo('GET /me').map((c) => c.auth)).toEqual(['Bearer tok-old', 'Bearer tok-new']);
    expect(storage.getToken()).toBe('tok-new');
  });

  it('weapp: wx.login → POST /auth/wechat with the code', async () => {
    clientConfig.platform = 'weapp';
    (Taro.login as any).mockResolvedValue({ code: 'wx-code-1' });
    const api = fakeApi({
      'POST /bindings/b1/approve': (c) => (c.auth === 'Bearer tok-new' ? { status: 200, body: { id: 'b1' } } : { status: 401, body: { code: 'UNAUTHENTICATED', message: '请先登录' } }),
      'POST /auth/wechat': () => ({ status: 200, body: session(makeMe()) }),
    });
    await expect(request('POST', '/bindings/b1/approve')).resolves.toEqual({ id: 'b1' });
    expect(api.callsTo('POST /auth/wechat')[0].body).toEqual({ code: 'wx-code-1' });
    expect(api.callsTo('POST /auth/dev')).toHaveLength(0);
    expect(api.callsTo('POST /bindings/b1/approve')).toHaveLength(2);
  });

  it('repeats only once: a second 401 rejects with the typed error', async () => {
    const api = fakeApi({
      'GET /me': () => ({ status: 401, body: { code: 'UNAUTHENTICATED', message: '请先登录' } }),
      'POST /auth/dev': () => ({ status: 200, body: session(makeMe()) }),
    });
    const err: any = await request('GET', '/me').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(api.callsTo('GET /me')).toHaveLength(2);
    expect(api.callsTo('POST /auth/dev')).toHaveLength(1);
  });

  it('concurrent 401s share one login', async () => {
    const api = fakeApi({
      'GET /me': (c) => (c.auth === 'Bearer tok-new' ? { status: 200, body: makeMe() } : { status: 401, body: { code: 'UNAUTHENTICATED', message: '请先登录' } }),
      'POST /auth/dev': () => ({ status: 200, body: session(makeMe()) }),
    });
    await Promise.all([request('GET', '/me'), request('GET', '/me'), request('GET', '/me')]);
    expect(api.callsTo('POST /auth/dev')).toHaveLength(1);
  });
});

describe('network failures', () => {
  it('retries a GET twice, then succeeds', async () => {
    let n = 0;
    const api = fakeApi({ 'GET /me/inbox/unread-count': () => (++n < 3 ? 'network-error' : { status: 200, body: { count: 4 } }) });
    await expect(request('GET', '/me/inbox/unread-count')).resolves.toEqual({ count: 4 });
    expect(api.calls).toHaveLength(3);
  });

  it('gives up after 2 retries with a NETWORK_ERROR ApiError in Chinese', async () => {
    const api = fakeApi({ 'GET /me': () => 'network-error' });
    const err: any = await request('GET', '/me').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(NETWORK_ERROR);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/网络/);
    expect(api.calls).toHaveLength(3);
  });

  it('never retries a write (not idempotent)', async () => {
    const api = fakeApi({ 'POST /bindings': () => 'network-error' });
    await expect(request('POST', '/bindings', { body: {} })).rejects.toMatchObject({ code: NETWORK_ERROR });
    expect(api.calls).toHaveLength(1);
  });

  it('does not retry when the server answered (5xx is not a network failure)', async () => {
    const api = fakeApi({ 'GET /me': () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用' } }) });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(api.calls).toHaveLength(1);
  });
});

describe('typed errors', () => {
  it('carries the server code, message and details', async () => {
    const details = [{ field: 'studentName', problems: ['与所选学生不符'] }];
    fakeApi({ 'POST /bindings': () => ({ status: 400, body: { code: 'STUDENT_NOT_IN_CLASS', message: '姓名与所选学生不符', details } }) });
    const err: any = await request('POST', '/bindings', { body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'STUDENT_NOT_IN_CLASS', message: '姓名与所选学生不符', details });
  });

  it('gives a Chinese message when the body is not ours (a proxy page)', async () => {
    fakeApi({ 'GET /me': () => ({ status: 502, body: '<html>Bad Gateway</html>' }) });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', message: '服务暂时不可用，请稍后再试' });
  });

  it('sends an empty JSON object for a POST without a body, and query strings without empty values', async () => {
    const api = fakeApi({
      'POST /bindings/b1/approve': () => ({ status: 200, body: {} }),
      'GET /classes/c1/bindings': () => ({ status: 200, body: [] }),
    });
    await request('POST', '/bindings/b1/approve');
    await request('GET', '/classes/c1/bindings', { query: { status: 'pending', before: undefined } });
    expect(api.calls[0].body).toEqual({});
    expect(api.calls[1].query).toBe('?status=pending');
  });
});

describe('roster upload', () => {
  it('resolves with the row report when the server answers 422 ROSTER_INVALID', async () => {
    const report = {
      dryRun: false, applied: false, sheetName: '学生名单', rowsRead: 3, durationMs: 12, unchanged: 0,
      problems: [{ row: 3, column: '学生姓名', problem: '不能为空' }],
      created: { grades: 0, classes: 0, students: 0, guardians: 0 }, updated: { students: 0 },
    };
    (Taro.uploadFile as any).mockResolvedValue({ statusCode: 422, data: JSON.stringify({ code: 'ROSTER_INVALID', message: '花名册有错误', details: report }) });
    await expect(uploadRoster('s1', 'blob:x', 'a.xlsx', false)).resolves.toEqual(report);
    const opt = (Taro.uploadFile as any).mock.calls[0][0];
    expect(opt).toMatchObject({ url: '/api/v1/schools/s1/roster', name: 'file', fileName: 'a.xlsx', formData: { dryRun: 'false' } });
  });

  it('other upload errors reject with the server code', async () => {
    (Taro.uploadFile as any).mockResolvedValue({ statusCode: 400, data: JSON.stringify({ code: 'ROSTER_FILE_UNREADABLE', message: '无法读取文件' }) });
    await expect(uploadRoster('s1', 'blob:x', 'a.xlsx', true)).rejects.toMatchObject({ code: 'ROSTER_FILE_UNREADABLE', message: '无法读取文件' });
  });
});

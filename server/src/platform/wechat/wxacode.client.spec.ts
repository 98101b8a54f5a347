import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/app-config';
import type { AccessTokenService } from './access-token.service';
import { BAD_RESPONSE, HTTP_ERROR, PERMANENT_ERRCODES, TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';
import { interpretCodeAnswer, WXACODE_ARGUMENT_ERROR, WxaCodeClient } from './wxacode.client';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const json = (o: unknown) => Buffer.from(JSON.stringify(o));

function caught(f: () => unknown): WechatApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof WechatApiError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('interpretCodeAnswer (getwxacodeunlimit answers)', () => {
  it('returns the bytes of a PNG or JPEG answer', () => {
    expect(interpretCodeAnswer(200, 'image/png', PNG)).toEqual({ bytes: PNG, contentType: 'image/png' });
    expect(interpretCodeAnswer(200, 'image/jpeg; charset=binary', JPEG)).toEqual({ bytes: JPEG, contentType: 'image/jpeg' });
  });

  it.each([
    [41030, false, true], // page not published: asking again does not help
    [40169, false, false],
    [40097, false, false],
    [45009, true, false], // too many: worth trying later
    [-1, true, false],
  ])('maps errcode %d to a WechatApiError (retryable %s)', (errcode, retryable, permanent) => {
    const e = caught(() => interpretCodeAnswer(200, 'application/json; encoding=utf-8', json({ errcode, errmsg: `e ${errcode} rid: x` })));
    expect(e.errcode).toBe(errcode);
    expect(e.errmsg).toBe(`e ${errcode} rid: x`);
    expect(e.retryable).toBe(retryable);
    expect(PERMANENT_ERRCODES.has(errcode)).toBe(permanent);
  });

  it('marks 40001/42001 as token problems', () => {
    expect(caught(() => interpretCodeAnswer(200, 'application/json', json({ errcode: 40001, errmsg: 'invalid credential' }))).tokenProblem).toBe(true);
    expect(caught(() => interpretCodeAnswer(200, 'application/json', json({ errcode: 42001, errmsg: 'expired' }))).tokenProblem).toBe(true);
  });

  it('never takes a JSON answer, an image type with other bytes, or an HTTP error for a code', () => {
    expect(caught(() => interpretCodeAnswer(200, 'application/json', json({ errcode: 0, errmsg: 'ok' }))).errcode).toBe(BAD_RESPONSE);
    expect(caught(() => interpretCodeAnswer(200, 'image/png', Buffer.from('<html>busy</html>'))).errcode).toBe(BAD_RESPONSE);
    expect(caught(() => interpretCodeAnswer(200, 'text/html', Buffer.from('<html>busy</html>'))).errcode).toBe(BAD_RESPONSE);
    expect(caught(() => interpretCodeAnswer(502, 'image/png', PNG)).errcode).toBe(HTTP_ERROR);
    expect(caught(() => interpretCodeAnswer(502, 'image/png', PNG)).retryable).toBe(true);
  });
});

describe('WxaCodeClient.getUnlimitedCode', () => {
  let server: Server;
  let base = '';
  const calls: Array<{ token: string | null; body: any }> = [];
  let answers: Array<(res: import('node:http').ServerResponse) => void> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        calls.push({ token: new URL(req.url ?? '/', 'http://x').searchParams.get('access_token'), body: JSON.parse(text) });
        const answer = answers.shift();
        if (answer) answer(res);
        else res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    calls.length = 0;
    answers = [];
  });

  function client(apiBase = base) {
    const tokens = {
      getToken: jest.fn().mockResolvedValue('old-token'),
      replaceRejected: jest.fn().mockResolvedValue('new-token'),
    };
    const config = { wechat: { apiBase, timeoutMs: 2000 } } as unknown as AppConfig;
    return { c: new WxaCodeClient(config, tokens as unknown as AccessTokenService), tokens };
  }

  it('sends scene, page, width, env_version and check_path only for release', async () => {
    const { c } = client();
    await expect(c.getUnlimitedCode({ scene: 'i.DEMO3A01', page: 'pages/bind/index', width: 640, envVersion: 'develop' })).resolves.toEqual({ bytes: PNG, contentType: 'image/png' });
    await c.getUnlimitedCode({ scene: 'abc', page: 'pages/tips/index' });
    expect(calls.map((x) => x.body)).toEqual([
      { scene: 'i.DEMO3A01', page: 'pages/bind/index', check_path: false, env_version: 'develop', width: 640 },
      { scene: 'abc', page: 'pages/tips/index', check_path: true, env_version: 'release', width: 430 },
    ]);
  });

  it('refreshes the token once on 40001 and asks again', async () => {
    const { c, tokens } = client();
    answers.push((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' })));
    await expect(c.getUnlimitedCode({ scene: 'abc', page: 'pages/tips/index' })).resolves.toMatchObject({ contentType: 'image/png' });
    expect(tokens.replaceRejected).toHaveBeenCalledWith('old-token');
    expect(calls.map((x) => x.token)).toEqual(['old-token', 'new-token']);
  });

  it('does not retry other errcodes', async () => {
    const { c, tokens } = client();
    answers.push((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 45009, errmsg: 'too many' })));
    await expect(c.getUnlimitedCode({ scene: 'abc', page: 'pages/tips/index' })).rejects.toMatchObject({ errcode: 45009 });
    expect(tokens.replaceRejected).not.toHaveBeenCalled();
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['a scene longer than 32 characters', { scene: 'x'.repeat(33), page: 'pages/tips/index' }],
    ['a scene with characters WeChat refuses', { scene: '学校', page: 'pages/tips/index' }],
    ['a page with a leading slash', { scene: 'abc', page: '/pages/tips/index' }],
    ['a page with a query', { scene: 'abc', page: 'pages/tips/index?x=1' }],
    ['a width outside 280–1280', { scene: 'abc', page: 'pages/tips/index', width: 1500 }],
  ])('refuses %s without calling WeChat', async (_, req) => {
    const { c, tokens } = client();
    await expect(c.getUnlimitedCode(req)).rejects.toMatchObject({ errcode: WXACODE_ARGUMENT_ERROR });
    expect(tokens.getToken).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
  });

  it('turns an unreachable WeChat into a transport error', async () => {
    const { c } = client('http://127.0.0.1:9');
    await expect(c.getUnlimitedCode({ scene: 'abc', page: 'pages/tips/index' })).rejects.toMatchObject({ errcode: TRANSPORT_ERROR });
  });
});

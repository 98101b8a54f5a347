import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { wechatFetch } from '../../server/src/platform/wechat/wechat-http';
import { HTTP_ERROR, TRANSPORT_ERROR } from '../../server/src/platform/wechat/wechat-api.errors';

/** The fake WeChat server itself, over HTTP, as WeChat documents the real one. */
describe('fake WeChat server', () => {
  let fake: FakeWechat;
  beforeAll(async () => {
    fake = await startFakeWechat();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.tokenTtlSeconds = 7200;
  });

  const get = async (path: string) => (await fetch(`${fake.url}${path}`)).json();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const stable = async (force = false) => (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wxapp', secret: 's', force_refresh: force })).body;
  const send = (token: string, body: Record<string, unknown>) => post(`/cgi-bin/message/subscribe/send?access_token=${token}`, body);
  const valid = { template_id: 'dev-test-message', data: { thing1: { value: '标题' }, thing2: { value: '内容' }, time3: { value: '2026年11月29日 20:05' } } };

  it('answers errors as HTTP 200 with errcode and an errmsg carrying a rid', async () => {
    const res = await fetch(`${fake.url}/sns/jscode2session?appid=a&secret=s&js_code=nope&grant_type=authorization_code`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.errcode).toBe(40029);
    expect(body.errmsg).toMatch(/rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect((await get('/sns/jscode2session?appid=a&secret=s&grant_type=authorization_code')).errcode).toBe(41008);
  });

  it('stable_token is idempotent while valid; force_refresh replaces it and the old one answers 40001', async () => {
    const a = await stable();
    const b = await stable();
    expect(a.access_token).toBe(b.access_token);
    expect(a.expires_in).toBeGreaterThan(7000);
    const c = await stable(true);
    expect(c.access_token).not.toBe(a.access_token);
    fake.registerOpenid('o-1');
    await fake.grantSubscription('o-1', valid.template_id);
    expect((await send(a.access_token, { touser: 'o-1', ...valid })).body.errcode).toBe(40001);
    expect((await send(c.access_token, { touser: 'o-1', ...valid })).body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await post('/cgi-bin/stable_token', { grant_type: 'password', appid: 'a', secret: 's' })).body.errcode).toBe(40002);
    expect((await get('/cgi-bin/token?grant_type=client_credential&appid=a&secret=s')).expires_in).toBe(7200);
  });

  it('issued tokens expire (42001)', async () => {
    fake.tokenTtlSeconds = 1;
    const { access_token } = await stable(true);
    fake.registerOpenid('o-1');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await send(access_token, { touser: 'o-1', ...valid })).body.errcode).toBe(42001);
  });

  it('checks subscribe messages: unknown openid 40003, unknown template 40037, a value rule broken 47003 naming the field', async () => {
    const { access_token } = await stable();
    expect((await send(access_token, { touser: 'o-unknown', ...valid })).body.errcode).toBe(40003);
    fake.registerOpenid('o-2');
    expect((await send(access_token, { touser: 'o-2', ...valid, template_id: 'nope' })).body.errcode).toBe(40037);
    const long = await send(access_token, { touser: 'o-2', ...valid, data: { ...valid.data, thing2: { value: '这'.repeat(21) } } });
    expect(long.body.errcode).toBe(47003);
    expect(long.body.errmsg).toContain('data.thing2.value invalid');
    const time = await send(access_token, { touser: 'o-2', ...valid, data: { ...valid.data, time3: { value: '2026-11-29 20:05' } } });
    expect(time.body.errmsg).toContain('data.time3.value invalid');
    // Every message received is recorded, refused ones too.
    const { messages } = await get('/__fake/messages');
    expect(messages.map((m: any) => m.errcode)).toEqual([40003, 40037, 47003, 47003]);
  });

  it('accepts main-package and subpackage pages, refuses a malformed page with 41030', async () => {
    const { access_token } = await stable();
    fake.registerOpenid('o-3');
    await fake.grantSubscription('o-3', valid.template_id, 'long_term');
    expect((await send(access_token, { touser: 'o-3', ...valid, page: 'pages/index/index' })).body.errcode).toBe(0);
    expect((await send(access_token, { touser: 'o-3', ...valid, page: 'subpackages/staff-tips/detail/index?id=1' })).body.errcode).toBe(0);
    expect((await send(access_token, { touser: 'o-3', ...valid, page: '/pages/index/index' })).body.errcode).toBe(41030);
    expect((await send(access_token, { touser: 'o-3', ...valid, page: 'https://example.com/x' })).body.errcode).toBe(41030);
  });

  it('a login code maps to one stable openid per person, is single-use (40163), and makes that openid known', async () => {
    const q = (code: string) => get(`/sns/jscode2session?appid=a&secret=s&js_code=${code}&grant_type=authorization_code`);
    const a = await q('code-bob.1');
    expect(a.openid).toBe((await q('code-bob.2')).openid);
    expect((await q('code-bob.1')).errcode).toBe(40163);
    const { access_token } = await stable();
    expect((await send(access_token, { touser: a.openid, ...valid })).body.errcode).toBe(43101); // known, but allowed nothing yet
    await post('/__fake/subscribe', { openid: a.openid, templateId: valid.template_id });
    expect((await send(access_token, { touser: a.openid, ...valid })).body.errcode).toBe(0);
  });

  it('like WeChat, sends a subscribe message only with consent: one 允许 one message, long-term until switched off (43101 otherwise)', async () => {
    const { access_token } = await stable();
    fake.registerOpenid('o-5');
    expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(43101);
    expect((await post('/__fake/subscribe', { openid: 'o-5', templateId: valid.template_id })).body).toMatchObject({ oneTime: 1, longTerm: false });
    await post('/__fake/subscribe', { openid: 'o-5', templateId: valid.template_id });
    expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(0);
    expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(0);
    expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(43101); // two 允许, two messages
    expect(fake.subscription('o-5', valid.template_id)).toEqual({ oneTime: 0, longTerm: false });
    await post('/__fake/subscribe', { openid: 'o-5', templateId: valid.template_id, mode: 'long_term' });
    for (let i = 0; i < 3; i++) expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(0);
    // What users allowed survives a reset of messages and faults, as it does in WeChat.
    fake.reset();
    expect((await send(access_token, { touser: 'o-5', ...valid })).body.errcode).toBe(40001); // tokens do not
    const fresh = (await stable()).access_token;
    expect((await send(fresh, { touser: 'o-5', ...valid })).body.errcode).toBe(0);
    await post('/__fake/subscribe', { openid: 'o-5', templateId: valid.template_id, result: 'revoke' });
    expect((await send(fresh, { touser: 'o-5', ...valid })).body.errcode).toBe(43101);
    const html = await (await fetch(`${fake.url}/__fake/`)).text();
    expect(html).toContain('订阅授权');
    expect(html).toContain('errcode 43101');
  });

  it('injects faults through its HTTP control endpoint, for the next N calls', async () => {
    const { access_token } = await stable();
    fake.registerOpenid('o-3');
    await fake.grantSubscription('o-3', valid.template_id, 'long_term');
    await post('/__fake/faults', { endpoint: 'subscribe', fault: { type: 'errcode', errcode: 43101 }, count: 2 });
    expect((await send(access_token, { touser: 'o-3', ...valid })).body.errcode).toBe(43101);
    expect((await send(access_token, { touser: 'o-3', ...valid })).body.errcode).toBe(43101);
    expect((await send(access_token, { touser: 'o-3', ...valid })).body.errcode).toBe(0);
    await post('/__fake/faults', { endpoint: 'subscribe', fault: { type: 'http500' } });
    expect((await send(access_token, { touser: 'o-3', ...valid })).status).toBe(500);
    await post('/__fake/faults', { endpoint: 'subscribe', fault: { type: 'drop' } });
    await expect(send(access_token, { touser: 'o-3', ...valid })).rejects.toThrow();
    await post('/__fake/faults', { endpoint: 'subscribe', fault: { type: 'invalidate_token' } });
    expect((await send(access_token, { touser: 'o-3', ...valid })).body.errcode).toBe(40001);
    expect((await send(access_token, { touser: 'o-3', ...valid })).body.errcode).toBe(40001); // the token stays invalid
    expect((await stable()).access_token).not.toBe(access_token);
  });

  it('msg_sec_check v2 answers errcode 0 and result.suggest risky for a listed keyword', async () => {
    const { access_token } = await stable();
    fake.registerOpenid('o-4');
    const check = (content: string) => post(`/wxa/msg_sec_check?access_token=${access_token}`, { version: 2, openid: 'o-4', scene: 2, content });
    expect((await check('今天天气很好')).body).toMatchObject({ errcode: 0, result: { suggest: 'pass', label: 100 } });
    const risky = (await check('有人在群里组织赌博')).body;
    expect(risky).toMatchObject({ errcode: 0, result: { suggest: 'risky' } });
    expect(risky.detail[0].keyword).toBe('赌博');
    expect((await post(`/wxa/msg_sec_check?access_token=${access_token}`, { version: 2, openid: 'o-4', scene: 9, content: 'x' })).body.errcode).toBe(40129);
  });

  it('WeCom robots: only keys of existing robots, 20 a minute per key, then 45009; the page lists received messages', async () => {
    const robot = (key: string) => post(`/cgi-bin/webhook/send?key=${key}`, { msgtype: 'text', text: { content: '家长群通知' } });
    const keyA = (await post('/__fake/robots', {})).body.key;
    const keyB = fake.createRobot();
    for (let i = 0; i < 20; i++) expect((await robot(keyA)).body.errcode).toBe(0);
    expect((await robot(keyA)).body.errcode).toBe(45009);
    expect((await robot(keyB)).body.errcode).toBe(0);
    expect((await robot('made-up-key-0001')).body.errcode).toBe(93000);
    expect(fake.robotPosts(keyA)).toHaveLength(20);
    const html = await (await fetch(`${fake.url}/__fake/`)).text();
    expect(html).toContain('家长群通知');
    expect(html).toContain('已送达');
  });

  it('WeCom robots: a removed robot answers 93000; markdown over 4096 bytes 40058; unknown message types 40008', async () => {
    const key = fake.createRobot();
    const markdown = (content: string) => post(`/cgi-bin/webhook/send?key=${key}`, { msgtype: 'markdown', markdown: { content } });
    expect((await markdown('长'.repeat(1365))).body.errcode).toBe(0); // 4095 bytes
    expect((await markdown('长'.repeat(1366))).body.errcode).toBe(40058); // 4098 bytes
    expect((await post(`/cgi-bin/webhook/send?key=${key}`, { msgtype: 'video', video: {} })).body.errcode).toBe(40008);
    expect((await post('/__fake/robots/remove', { key })).status).toBe(200);
    expect((await markdown('还在吗')).body.errcode).toBe(93000);
    expect(fake.robotPosts(key)).toHaveLength(1);
    expect(await (await fetch(`${fake.url}/__fake/`)).text()).toContain('errcode 93000');
  });

  it('the server\'s WeChat HTTP client turns time-outs, dropped connections and HTTP 500 into retryable errors', async () => {
    const call = (timeoutMs = 5000) => wechatFetch('stable_token', `${fake.url}/cgi-bin/stable_token`, {
      method: 'POST', body: { grant_type: 'client_credential', appid: 'a', secret: 's' }, timeoutMs,
    });
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'delay', ms: 1500 } });
    await expect(call(300)).rejects.toMatchObject({ errcode: TRANSPORT_ERROR, retryable: true });
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'drop' } });
    await expect(call()).rejects.toMatchObject({ errcode: TRANSPORT_ERROR, retryable: true });
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'http500' } });
    await expect(call()).rejects.toMatchObject({ errcode: HTTP_ERROR, retryable: true });
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'errcode', errcode: 43101 } });
    await expect(call()).rejects.toMatchObject({ errcode: 43101, retryable: false });
    await expect(call()).resolves.toMatchObject({ access_token: expect.stringMatching(/^fake_at_/) });
  });

  it('a slow answer (delay) still answers', async () => {
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'delay', ms: 50 } });
    expect((await stable()).access_token).toMatch(/^fake_at_/);
    expect(fake.stats().stable_token).toBe(1);
  });
});

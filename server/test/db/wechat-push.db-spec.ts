import { randomBytes } from 'node:crypto';
import { startFakeWechat, signedPush, urlCheckQuery, type FakeWechat, type PushEventSpec, type PushTarget } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { UserEntity } from '../../src/features/identity/user.entity';
import { PushReceiptEntity } from '../../src/platform/subscriptions/push-receipt.entity';
import { SubscriptionCreditEntity } from '../../src/platform/subscriptions/subscription-credit.entity';
import { SubscriptionCredits } from '../../src/platform/subscriptions/subscription-credits.service';
import { TestApp } from '../support/test-app';

/**
 * WeChat message push (消息推送) into the credits: URL check, JSON and XML, safe mode, bad signatures, stale
 * timestamps, replays, the wrong app id. Pushes are signed (and encrypted) by the fake WeChat server's own code.
 */
const APPID = 'wxfakeappid000001';
const TOKEN = 'push-token-1';
const MODES = JSON.stringify({ 'tip.escalated': 'long_term' });

async function openidOf(t: TestApp, userId: string): Promise<string> {
  return (await t.ds.manager.findOneByOrFail(UserEntity, { id: userId })).openid;
}

function creditRow(t: TestApp, userId: string, templateId: string) {
  return t.ds.manager.findOne(SubscriptionCreditEntity, { where: { userId, templateId } });
}

async function post(t: TestApp, target: PushTarget, spec: PushEventSpec, timestamp?: number) {
  const p = signedPush(target, spec, timestamp);
  return t.request('POST', `/wechat/push?${p.query}`, { headers: { 'content-type': p.contentType }, payload: p.body });
}

async function grant(t: TestApp, userId: string, templateId: string) {
  const credits = t.get(SubscriptionCredits);
  await inTransaction(t.ds, (m) => credits.apply(m, userId, templateId, { type: 'result', result: 'accept', grantOneTime: true }));
}

describe('wechat push: plain mode', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const json: PushTarget = { token: TOKEN, appId: APPID, format: 'json' };
  const xml: PushTarget = { token: TOKEN, appId: APPID, format: 'xml' };

  const logLines: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start({
      env: { WECHAT_APPID: APPID, WECHAT_PUSH_TOKEN: TOKEN, WECHAT_TEMPLATE_MODES: MODES, LOG_LEVEL: 'debug' },
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
    ids = await t.seedDemo();
  });
  afterAll(() => t?.stop());

  it('URL check: echoes echostr for our signature; a bad signature or a stale timestamp is a 401 in the error shape', async () => {
    const ok = await t.request('GET', `/wechat/push?${urlCheckQuery(TOKEN, 'echo-123')}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('echo-123');
    const bad = await t.request('GET', `/wechat/push?${urlCheckQuery('not-our-token', 'echo-123')}`);
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: 'WECHAT_PUSH_SIGNATURE_INVALID', message: expect.any(String) });
    const stale = await t.request('GET', `/wechat/push?${urlCheckQuery(TOKEN, 'echo-123', Math.floor(Date.now() / 1000) - 10 * 60)}`);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('WECHAT_PUSH_STALE');
    expect((await t.request('GET', '/wechat/push')).status).toBe(401);
  });

  it('JSON popup: accept of a long-term template turns it on; a one-time accept only records the status (the app report grants)', async () => {
    const userId = ids.a.userIds.principal;
    const openid = await openidOf(t, userId);
    const res = await post(t, json, {
      openid, event: 'subscribe_msg_popup_event',
      list: [{ TemplateId: 'dev-tip-escalated', SubscribeStatusString: 'accept', PopupScene: '0' }, { TemplateId: 'dev-tip-new', SubscribeStatusString: 'accept', PopupScene: '0' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('success');
    expect(await creditRow(t, userId, 'dev-tip-escalated')).toMatchObject({ longTerm: true, lastStatus: 'accept' });
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 0, lastStatus: 'accept' });
  });

  it('XML change event (switched off in WeChat settings) turns the template off; a replay of it changes nothing', async () => {
    const userId = ids.a.userIds.contact;
    const openid = await openidOf(t, userId);
    await grant(t, userId, 'dev-tip-new');
    await grant(t, userId, 'dev-tip-new');
    const spec: PushEventSpec = { openid, event: 'subscribe_msg_change_event', list: [{ TemplateId: 'dev-tip-new', SubscribeStatusString: 'reject' }] };
    const p = signedPush(xml, spec);
    const send = () => t.request('POST', `/wechat/push?${p.query}`, { headers: { 'content-type': p.contentType }, payload: p.body });
    expect((await send()).body).toBe('success');
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 0, lastStatus: 'off' });

    // The user turns it on again in the app; WeChat then retries the old push: it must not switch it off again.
    await grant(t, userId, 'dev-tip-new');
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body).toBe('success');
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 1, lastStatus: 'accept' });
    // the receipt holds a keyed hash and a day, no openid
    const receipts = await t.ds.manager.find(PushReceiptEntity);
    expect(JSON.stringify(receipts)).not.toContain(openid);
    for (const r of receipts) expect(r.receivedOn.toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  it('sent event: ErrorCode 0 spends nothing more; 20004 (refused) turns the template off', async () => {
    const userId = ids.a.userIds.committee;
    const openid = await openidOf(t, userId);
    await grant(t, userId, 'dev-tip-update');
    await grant(t, userId, 'dev-tip-update');
    await post(t, json, { openid, event: 'subscribe_msg_sent_event', list: [{ TemplateId: 'dev-tip-update', MsgID: '1', ErrorCode: '0', ErrorStatus: 'success' }] });
    expect(await creditRow(t, userId, 'dev-tip-update')).toMatchObject({ oneTimeCredits: 2 });
    await post(t, xml, { openid, event: 'subscribe_msg_sent_event', list: [{ TemplateId: 'dev-tip-update', MsgID: '2', ErrorCode: '20004', ErrorStatus: 'fail: user refuse to accept the msg' }] });
    expect(await creditRow(t, userId, 'dev-tip-update')).toMatchObject({ oneTimeCredits: 0, lastStatus: 'off' });
  });

  it('bad signature → 401 and nothing applied; stale timestamp → 401; unknown user or template → success, nothing stored', async () => {
    const userId = ids.b.userIds.contact;
    const openid = await openidOf(t, userId);
    await grant(t, userId, 'dev-tip-new');
    const off: PushEventSpec = { openid, event: 'subscribe_msg_change_event', list: [{ TemplateId: 'dev-tip-new', SubscribeStatusString: 'reject' }] };
    const forged = await post(t, { ...json, token: 'guessed' }, off);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('WECHAT_PUSH_SIGNATURE_INVALID');
    const stale = await post(t, json, off, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('WECHAT_PUSH_STALE');
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 1 });

    const stranger = await post(t, json, { ...off, openid: 'o-nobody-we-know' });
    expect(stranger.body).toBe('success');
    const notOurs = await post(t, json, { ...off, list: [{ TemplateId: 'someone-elses', SubscribeStatusString: 'reject' }] });
    expect(notOurs.body).toBe('success');
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 1 });
    expect(await t.ds.manager.count(SubscriptionCreditEntity, { where: { templateId: 'someone-elses' } })).toBe(0);

    const junk = await t.request('POST', `/wechat/push?${signedPush(xml, off).query}`, { headers: { 'content-type': 'text/xml' }, payload: '<xml><nope' });
    expect(junk.status).toBe(400);
    expect(junk.body.code).toBe('BAD_REQUEST');
  });

  it('logs nothing that identifies the sender (run last: every push above carried an openid in body and query)', async () => {
    const openids = await Promise.all([...Object.values(ids.a.userIds), ...Object.values(ids.b.userIds)].map((id) => openidOf(t, id)));
    expect(logLines.some((l) => l.includes('/api/v1/wechat/push'))).toBe(true);
    for (const o of [...openids, 'o-nobody-we-know']) expect(logLines.join('\n')).not.toContain(o);
  });
});

describe('wechat push: safe mode', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let fake: FakeWechat;
  const aesKey = randomBytes(32).toString('base64').slice(0, 43);
  const safeJson: PushTarget = { token: TOKEN, appId: APPID, encodingAesKey: aesKey, format: 'json' };
  const safeXml: PushTarget = { ...safeJson, format: 'xml' };

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_APPID: APPID, WECHAT_PUSH_TOKEN: TOKEN, WECHAT_PUSH_AES_KEY: aesKey, WECHAT_TEMPLATE_MODES: MODES, WECHAT_API_BASE: fake.url } });
    ids = await t.seedDemo();
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('decrypts JSON and XML pushes (msg_signature checked) and applies them', async () => {
    const userId = ids.a.userIds.principal;
    const openid = await openidOf(t, userId);
    const on = await post(t, safeJson, { openid, event: 'subscribe_msg_popup_event', list: [{ TemplateId: 'dev-tip-escalated', SubscribeStatusString: 'accept', PopupScene: '0' }] });
    expect(on.status).toBe(200);
    expect(await creditRow(t, userId, 'dev-tip-escalated')).toMatchObject({ longTerm: true });
    const off = await post(t, safeXml, { openid, event: 'subscribe_msg_change_event', list: [{ TemplateId: 'dev-tip-escalated', SubscribeStatusString: 'reject' }] });
    expect(off.status).toBe(200);
    expect(await creditRow(t, userId, 'dev-tip-escalated')).toMatchObject({ longTerm: false, lastStatus: 'off' });
  });

  it('refuses a wrong app id, a tampered ciphertext and a plain (unencrypted) push', async () => {
    const userId = ids.a.userIds.contact;
    const openid = await openidOf(t, userId);
    await grant(t, userId, 'dev-tip-new');
    const off: PushEventSpec = { openid, event: 'subscribe_msg_change_event', list: [{ TemplateId: 'dev-tip-new', SubscribeStatusString: 'reject' }] };

    const otherApp = await post(t, { ...safeJson, appId: 'wxsomeoneelse0000' }, off);
    expect(otherApp.status).toBe(401);
    expect(otherApp.body.code).toBe('WECHAT_PUSH_SIGNATURE_INVALID');

    const p = signedPush(safeJson, off);
    const body = JSON.parse(p.body);
    body.Encrypt = Buffer.from(body.Encrypt, 'base64').reverse().toString('base64');
    const tampered = await t.request('POST', `/wechat/push?${p.query}`, { headers: { 'content-type': p.contentType }, payload: JSON.stringify(body) });
    expect(tampered.status).toBe(401); // msg_signature covers the ciphertext

    const plain = await post(t, { ...safeJson, encodingAesKey: undefined }, off);
    expect(plain.status).toBe(401);
    expect(await creditRow(t, userId, 'dev-tip-new')).toMatchObject({ oneTimeCredits: 1 });
  });

  it('the fake delivers pushes over HTTP when the user taps 允许, and answers 43101 without a credit', async () => {
    await t.app.listen(0, '127.0.0.1');
    fake.push = { ...safeXml, url: `${await t.app.getUrl()}/api/v1/wechat/push`.replace('[::1]', '127.0.0.1') };
    const userId = ids.b.userIds.principal;
    const openid = await openidOf(t, userId);
    fake.registerOpenid(openid);
    const res = await fetch(`${fake.url}/__fake/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, templateId: 'dev-tip-escalated', mode: 'long_term' }) });
    expect(res.status).toBe(200);
    expect(await creditRow(t, userId, 'dev-tip-escalated')).toMatchObject({ longTerm: true });

    const tokenRes = await (await fetch(`${fake.url}/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=x`)).json() as { access_token: string };
    const send = async (templateId: string) => (await (await fetch(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${tokenRes.access_token}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: openid, template_id: templateId, data: { thing1: { value: '标题' }, time2: { value: '2026年11月30日 09:00' }, thing3: { value: '内容' } } }),
    })).json() as { errcode: number }).errcode;
    expect(await send('dev-tip-new')).toBe(43101);
    await fake.grantSubscription(openid, 'dev-tip-new');
    expect(await send('dev-tip-new')).toBe(0);
    expect(await send('dev-tip-new')).toBe(43101); // one accept, one message
    expect(await send('dev-tip-escalated')).toBe(0);
    expect(await send('dev-tip-escalated')).toBe(0); // long-term keeps sending

    await fake.revokeSubscription(openid, 'dev-tip-escalated');
    expect(await send('dev-tip-escalated')).toBe(43101);
    expect(await creditRow(t, userId, 'dev-tip-escalated')).toMatchObject({ longTerm: false, lastStatus: 'off' });
  });
});

import { randomUUID } from 'node:crypto';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import { UserEntity } from '../../src/features/identity/user.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { AlertEntity } from '../../src/platform/outbox/alert.entity';
import { LateAlerts } from '../../src/platform/outbox/late-alerts';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { SubscriptionCredits } from '../../src/platform/subscriptions/subscription-credits.service';
import type { OutboxMessage } from '../../src/platform/outbox/outbox.types';
import { AccessTokenEntity } from '../../src/platform/wechat/access-token.entity';
import { AccessTokenService } from '../../src/platform/wechat/access-token.service';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { WechatClient } from '../../src/platform/wechat/wechat.client';
import { WechatApiError } from '../../src/platform/wechat/wechat-api.errors';
import { Code2SessionClient } from '../../src/platform/wechat/code2session.client';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('outbox delivery to the fake WeChat server (real database, real HTTP)', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let worker: WorkerService;
  let schoolA: string;
  let schoolB: string;
  let admins: Record<string, string>;
  const adminOf = (schoolId: string) => admins[schoolId];
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_MAX_ATTEMPTS: '4', ANXIN_OUTBOX_BACKOFF_MS: '1000' } });
    const ids = await t.seedDemo();
    schoolA = ids.a.schoolId;
    schoolB = ids.b.schoolId;
    admins = { [schoolA]: ids.a.userIds.admin, [schoolB]: ids.b.userIds.admin };
    outbox = t.get(OutboxService);
    dispatcher = t.get(OutboxDispatcher);
    worker = t.get(WorkerService);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    t.clock.reset();
    // Leave nothing due from an earlier test.
    await t.ds.query(`UPDATE outbox SET status = 'sent' WHERE status IN ('pending', 'sending')`);
  });

  /**
   * A user WeChat knows (as if they had logged in with a code) who allowed `allowed` new-tip messages (one 允许
   * each, in WeChat and reported by the app): without consent nothing would be sent to WeChat at all.
   */
  async function user(name = '用户', allowed = 1, kinds = ['tip.new']): Promise<UserEntity> {
    const openid = `o-test-${randomUUID()}`;
    fake.registerOpenid(openid);
    const u = await inTransaction(t.ds, (m) => m.save(m.create(UserEntity, {
      openid, unionid: null, displayName: name, wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date(),
    })));
    if (allowed) await allowWechat(t, fake, { userId: u.id }, kinds, allowed);
    return u;
  }
  const enqueue = (msg: Partial<OutboxMessage> & { recipientUserId?: string | null }) => {
    const full: OutboxMessage = {
      dedupeKey: `test:${++n}`, channel: 'wechat_subscribe', schoolId: schoolA, template: 'tip.new',
      title: '新的欺凌举报', body: '三年级1班有同学反映被欺负，请尽快处理', page: 'pages/staff/tip-detail?id=1', ...msg,
    };
    return inTransaction(t.ds, (m) => outbox.enqueue(m, full)).then(() => full.dedupeKey);
  };
  const row = (key: string) => t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: key } });

  it('delivers a subscribe message with values shaped to WeChat\'s rules, once, with its idempotency key', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id, title: '这是一个非常非常长的标题，远远超过二十个字的限制呢' });
    expect(await dispatcher.drain()).toBe(1);
    const [msg] = fake.delivered();
    const r = await row(key);
    expect(r).toMatchObject({ status: 'sent', attempts: 1, lockedBy: dispatcher.workerId, lockedUntil: null, lastError: null });
    expect(msg).toMatchObject({ touser: u.openid, templateId: 'dev-tip-new', page: 'pages/staff/tip-detail?id=1', idempotencyKey: r.id, miniprogramState: 'developer' });
    expect(msg.data!.thing1.value).toHaveLength(20);
    expect(msg.data!.thing1.value.endsWith('…')).toBe(true);
    expect(msg.data!.time2.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    // A second run sends nothing more.
    expect(await dispatcher.drain()).toBe(0);
    expect(fake.delivered()).toHaveLength(1);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: u.id } })).toBe(1);
  });

  it('one domain event enqueued twice is delivered once', async () => {
    const u = await user();
    await enqueue({ recipientUserId: u.id, dedupeKey: 'event:same' });
    await enqueue({ recipientUserId: u.id, dedupeKey: 'event:same' });
    await dispatcher.drain();
    expect(fake.delivered().filter((m) => m.touser === u.openid)).toHaveLength(1);
  });

  it('recovers from 40001 mid-run: refreshes the token once (force_refresh) and retries once', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => user('用户', 2)));
    for (const u of users) await enqueue({ recipientUserId: u.id });
    await dispatcher.drain(); // warm: a token is in place
    expect(fake.delivered()).toHaveLength(6);
    const before = fake.stats().stable_token ?? 0;
    for (const u of users) await enqueue({ recipientUserId: u.id });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'invalidate_token' } });
    await dispatcher.drain();
    expect((fake.stats().stable_token ?? 0) - before).toBe(1);
    expect(fake.delivered()).toHaveLength(12);
    const keys = fake.delivered().map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(12);
    expect(await t.ds.getRepository(OutboxEntity).count({ where: { status: 'pending' } })).toBe(0);
  });

  it('backs off on 45009 and delivers once the backoff has passed', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: 45009 } });
    await dispatcher.drain(1);
    let r = await row(key);
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.lastError).toMatch(/^45009/);
    expect(r.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 59_000);
    expect(await dispatcher.drain()).toBe(0); // still backing off
    t.clock.advance(11 * MINUTE);
    await dispatcher.drain();
    r = await row(key);
    expect(r).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.delivered()).toHaveLength(1);
  });

  it.each([
    ['errcode -1', { type: 'errcode', errcode: -1 } as const],
    ['HTTP 500', { type: 'http500' } as const],
    ['a dropped connection', { type: 'drop' } as const],
  ])('retries after %s (retryable) and then delivers', async (_name, fault) => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id });
    fake.injectFault({ endpoint: 'subscribe', fault });
    await dispatcher.drain(1);
    expect(await row(key)).toMatchObject({ status: 'pending', attempts: 1 });
    t.clock.advance(10 * MINUTE);
    await dispatcher.drain();
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('43101 (WeChat holds no credit) is permanent: the credits go off, the row stays in the inbox, the fallback sends to the next person', async () => {
    const [contact, principal] = [await user('联系人', 2), await user('校长')];
    const key = await enqueue({ recipientUserId: contact.id, fallback: { kind: 'next_recipient', userIds: [principal.id] } });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: 43101 }, count: 1 });
    await dispatcher.drain();
    expect(await row(key)).toMatchObject({ status: 'failed', attempts: 1, deliveredVia: 'inbox_only', deliveryReason: 'wechat_refused' });
    expect((await row(key)).lastError).toMatch(/^43101/);
    // Our count said one credit was left; WeChat knows better: it is set to 0 and off, so no doomed call follows.
    expect(await t.get(SubscriptionCredits).canReach(t.ds.manager, contact.id, 'tip.new')).toEqual({ on: false, longTerm: false, credits: 0 });
    const next = await enqueue({ recipientUserId: contact.id });
    const calls = fake.messages().length;
    await dispatcher.drain();
    expect(await row(next)).toMatchObject({ status: 'failed', deliveredVia: 'inbox_only', deliveryReason: 'consent_off' });
    expect(fake.messages().length).toBe(calls);
    const delivered = fake.delivered();
    expect(delivered.map((m) => m.touser)).toEqual([principal.openid]);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: principal.id } })).toBe(1);
    // Should the principal refuse too, the chain ends with an alert for the school admin.
    const second = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { recipientUserId: principal.id } });
    expect(second.fallback).toEqual({ kind: 'alert_admins', schoolId: schoolA });
  });

  it('permanent errors are not retried: unknown openid (40003), unknown template (40037), 47003; refused before acceptance, the credit is given back', async () => {
    const stranger = await inTransaction(t.ds, (m) => m.save(m.create(UserEntity, {
      openid: `o-unknown-${randomUUID()}`, unionid: null, displayName: '陌生', wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date(),
    })));
    await allowWechat(t, fake, { userId: stranger.id }, ['tip.new']);
    const k1 = await enqueue({ recipientUserId: stranger.id });
    const u = await user('用户', 2, ['tip.new', 'staff.case_role']);
    fake.templates = { ...fake.templates };
    delete fake.templates['dev-staff-case-role'];
    const k2 = await enqueue({ recipientUserId: u.id, template: 'staff.case_role' });
    await dispatcher.drain();
    expect(await row(k1)).toMatchObject({ status: 'failed', attempts: 1, deliveredVia: 'inbox_only', deliveryReason: 'send_error' });
    expect((await row(k1)).lastError).toMatch(/^40003/);
    expect((await t.get(SubscriptionCredits).canReach(t.ds.manager, stranger.id, 'tip.new')).credits).toBe(1);
    expect(await row(k2)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await row(k2)).lastError).toMatch(/^40037/);
    fake.templates['dev-staff-case-role'] = ['thing1', 'time2', 'thing3'];
    const k3 = await enqueue({ recipientUserId: u.id, fallback: { kind: 'alert_admins', schoolId: schoolA } });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' } });
    await dispatcher.drain();
    expect(await row(k3)).toMatchObject({ status: 'failed', attempts: 1 });
    const alert = await t.ds.getRepository(AlertEntity).findOneOrFail({ where: { subjectId: (await row(k3)).id } });
    expect(alert).toMatchObject({ schoolId: schoolA, kind: 'delivery.failed' });
    // Nothing reached the recipients. The school admin's message about the alert stays in the admin's inbox: the
    // admin never allowed delivery alerts in WeChat, so WeChat is not even asked.
    expect(fake.delivered()).toEqual([]);
    const toAdmin = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: `delivery.alert:${alert.id}|to:${adminOf(schoolA)}` } });
    expect(toAdmin).toMatchObject({ status: 'failed', deliveredVia: 'inbox_only', deliveryReason: 'no_consent' });
  });

  it('a row that keeps failing with retryable errors ends dead after the maximum attempts, with an alert', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 }, count: 10 });
    for (let i = 0; i < 6; i++) {
      await dispatcher.drain(1);
      t.clock.advance(30 * MINUTE);
    }
    expect(await row(key)).toMatchObject({ status: 'dead', attempts: 4 });
    expect(await t.ds.getRepository(AlertEntity).count({ where: { subjectId: (await row(key)).id, kind: 'delivery.dead' } })).toBe(1);
  });

  it('a message still undelivered after the threshold raises one alert the school admin sees', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id, title: '迟迟未送达的消息' });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 }, count: 2 });
    await worker.tick();
    expect((await row(key)).status).toBe('pending');
    t.clock.advance(16 * MINUTE);
    await t.get(LateAlerts).raise();
    await t.get(LateAlerts).raise();
    const id = (await row(key)).id;
    expect(await t.ds.getRepository(AlertEntity).count({ where: { subjectId: id, kind: 'delivery.undelivered' } })).toBe(1);

    const admin = await t.login('admin', 'a');
    const res = await t.request('GET', `/schools/${schoolA}/delivery-alerts`, { token: admin });
    expect(res.status).toBe(200);
    const item = res.body.items.find((a: any) => a.subjectId === id);
    expect(item).toMatchObject({ kind: 'delivery.undelivered', title: '消息迟迟未能送达' });
    expect(item.body).toContain('迟迟未送达的消息');
    // Another school's admin: the school does not exist for them; a teacher of the school: forbidden.
    expect((await t.request('GET', `/schools/${schoolA}/delivery-alerts`, { token: await t.login('admin', 'b') })).status).toBe(404);
    expect((await t.request('GET', `/schools/${schoolA}/delivery-alerts`, { token: await t.login('teacher', 'a') })).status).toBe(403);
    expect((await t.request('GET', `/schools/${schoolB}/delivery-alerts`, { token: await t.login('admin', 'b') })).body.items.some((a: any) => a.subjectId === id)).toBe(false);
  });

  it('reclaims rows of a worker that died mid-send once their lease has run out', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id });
    const past = new Date(t.clock.now().getTime() + 5 * MINUTE);
    await inTransaction(t.ds, (m) => m.update(OutboxEntity, { dedupeKey: key }, { status: 'sending', lockedBy: 'dead-worker', lockedUntil: past, nextAttemptAt: past, attempts: 1 }));
    expect(await dispatcher.drain()).toBe(0); // the lease still holds
    t.clock.advance(6 * MINUTE);
    expect(await dispatcher.drain()).toBe(1);
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 2, lockedBy: dispatcher.workerId });
    expect(fake.delivered()).toHaveLength(1);
  });

  it('demo users (demo:* openids) are reachable on the fake once they allowed the template, so the demo shows delivered messages', async () => {
    const ids = await t.seedDemo();
    await allowWechat(t, fake, { token: await t.login('contact', 'a') }, ['tip.new']);
    await enqueue({ recipientUserId: ids.a.userIds.contact });
    await dispatcher.drain();
    expect(fake.delivered().map((m) => m.touser)).toEqual(['demo:contact']);
  });

  it('an admin\'s delivery test reaches WeChat (the fake) and the admin\'s inbox; other schools and roles are refused', async () => {
    const admin = await t.login('admin', 'a');
    await allowWechat(t, fake, { token: admin }, ['test.message']);
    const res = await t.request('POST', `/schools/${schoolA}/delivery-test`, { token: admin });
    expect(res.status).toBe(202);
    await worker.drain();
    const [msg] = fake.delivered();
    expect(msg).toMatchObject({ touser: 'demo:admin', templateId: 'dev-test-message' });
    expect(msg.data!.thing1.value).toBe('消息送达测试');
    const inbox = await t.request('GET', '/me/inbox', { token: admin });
    expect(inbox.body.items.find((i: { template: string }) => i.template === 'test.message')).toMatchObject({ title: '消息送达测试', delivery: { via: 'wechat', reason: 'one_time' } });
    expect((await t.request('POST', `/schools/${schoolA}/delivery-test`, { token: await t.login('admin', 'b') })).status).toBe(404);
    expect((await t.request('POST', `/schools/${schoolA}/delivery-test`, { token: await t.login('guardian', 'a') })).status).toBe(403);
  });

  it('msg_sec_check v2: decides on result.suggest, and recovers from an invalidated token', async () => {
    const client = t.get<WechatClient>(WechatClient);
    const u = await user('用户', 0);
    expect(await client.msgSecCheck({ openid: u.openid, scene: 2, content: '今天在操场上有人推我' })).toMatchObject({ suggest: 'pass', label: 100 });
    fake.injectFault({ endpoint: 'msg_sec_check', fault: { type: 'invalidate_token' } });
    const risky = await client.msgSecCheck({ openid: u.openid, scene: 2, content: '加我微信代开发票' });
    expect(risky.suggest).toBe('risky');
    expect(risky.traceId).toMatch(/^[0-9a-f]+$/);
    await expect(client.msgSecCheck({ openid: 'o-nobody', scene: 2, content: 'x' })).rejects.toMatchObject({ errcode: 40003 });
  });

  it('code2Session against the fake: one stable openid per person, each code single-use, unknown codes refused', async () => {
    const c2s = new Code2SessionClient(t.config);
    const a = await c2s.code2Session('code-alice.1');
    const b = await c2s.code2Session('code-alice.2');
    expect(a.openid).toBe(b.openid);
    expect(a.session_key).toBeTruthy();
    await expect(c2s.code2Session('code-alice.1')).rejects.toMatchObject({ errcode: 40163 });
    await expect(c2s.code2Session('garbage')).rejects.toBeInstanceOf(WechatApiError);
    await expect(c2s.code2Session('garbage')).rejects.toMatchObject({ errcode: 40029 });
  });

  it('42001 (expired) from a business API also refreshes once and retries once', async () => {
    const u = await user();
    const key = await enqueue({ recipientUserId: u.id });
    await t.get<AccessTokenService>(AccessTokenService).getToken();
    const before = fake.stats().stable_token ?? 0;
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: 42001 } });
    await dispatcher.drain();
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 1 });
    expect((fake.stats().stable_token ?? 0) - before).toBe(1);
  });

  it('refreshes the shared token when it has less than 5 minutes left, and not before', async () => {
    const tokens = t.get<AccessTokenService>(AccessTokenService);
    const current = await tokens.getToken();
    const setExpiry = (ms: number) => inTransaction(t.ds, (m) => m.update(AccessTokenEntity, { appid: tokens.appId }, { expiresAt: new Date(Date.now() + ms) }));
    await setExpiry(6 * MINUTE);
    tokens.forgetCached();
    const before = fake.stats().stable_token ?? 0;
    expect(await tokens.getToken()).toBe(current);
    expect((fake.stats().stable_token ?? 0) - before).toBe(0);
    await setExpiry(4 * MINUTE);
    tokens.forgetCached();
    await tokens.getToken();
    expect((fake.stats().stable_token ?? 0) - before).toBe(1);
    const stored = await t.ds.getRepository(AccessTokenEntity).findOneOrFail({ where: {} });
    expect(new Date(stored.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 60 * MINUTE);
  });

  it('two instances share one token: a valid token in the database is reused, not fetched again', async () => {
    const tokens = t.get<AccessTokenService>(AccessTokenService);
    const first = await tokens.getToken();
    tokens.forgetCached(); // as a second instance would start: nothing in memory
    const before = fake.stats().stable_token ?? 0;
    expect(await tokens.getToken()).toBe(first);
    expect((fake.stats().stable_token ?? 0) - before).toBe(0);
  });
});

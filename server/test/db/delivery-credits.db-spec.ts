import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { inboxDeliveryLabel } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SessionService } from '../../src/features/identity/session.service';
import { UserEntity } from '../../src/features/identity/user.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { AlertEntity } from '../../src/platform/outbox/alert.entity';
import { ContactReachAlerts } from '../../src/platform/outbox/contact-reach-alerts';
import { OutboxClaimer } from '../../src/platform/outbox/outbox-claim';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import type { OutboxMessage } from '../../src/platform/outbox/outbox.types';
import { SubscriptionCredits } from '../../src/platform/subscriptions/subscription-credits.service';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';

const MINUTE = 60_000;
const PUSH_TOKEN = 'push-token-credits';

/**
 * The outbox spends subscription credits: a WeChat send needs the recipient's consent (a one-time credit it spends,
 * or long-term consent); without it nothing is sent to WeChat and the message stays in the inbox, recorded with the
 * reason; a send that provably did not happen gives its credit back; WeChat's 43101 turns the credits off. The
 * designated contact who cannot be reached raises one alert for the school admin. Against the fake WeChat server,
 * which like WeChat refuses a subscribe message without consent.
 */
describe('subscription credits in the outbox (real database, fake WeChat with credits)', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let credits: SubscriptionCredits;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({
      env: {
        WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, WECHAT_PUSH_TOKEN: PUSH_TOKEN,
        WECHAT_TEMPLATE_MODES: JSON.stringify({ 'tip.escalated': 'long_term' }), ANXIN_OUTBOX_BACKOFF_MS: '1000',
      },
    });
    ids = await t.seedDemo();
    outbox = t.get(OutboxService);
    dispatcher = t.get(OutboxDispatcher);
    credits = t.get(SubscriptionCredits);
    // WeChat's pushes reach the server over HTTP, signed by the fake's own code.
    await t.app.listen(0, '127.0.0.1');
    fake.push = { url: `${(await t.app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/wechat/push`, token: PUSH_TOKEN, appId: 'wx-any', format: 'json' };
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    t.clock.reset();
    await t.ds.query(`UPDATE outbox SET status = 'sent' WHERE status IN ('pending', 'sending')`);
  });

  /** A WeChat user with a session (as after wx.login). */
  async function person(): Promise<{ user: UserEntity; token: string }> {
    const openid = `o-credit-${randomUUID()}`;
    fake.registerOpenid(openid);
    return inTransaction(t.ds, async (m) => {
      const user = await m.save(m.create(UserEntity, { openid, unionid: null, displayName: '用户', wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date() }));
      return { user, token: (await t.get(SessionService).create(m, user.id)).token };
    });
  }
  async function enqueue(recipientUserId: string, extra: Partial<OutboxMessage> = {}): Promise<string> {
    const msg: OutboxMessage = {
      dedupeKey: `credits:${++n}`, channel: 'wechat_subscribe', schoolId: ids.a.schoolId, recipientUserId, template: 'tip.update',
      title: '举报人回复了消息', body: '请在倾诉信箱中查看', page: 'pages/inbox/index', fallback: { kind: 'inbox_only' }, ...extra,
    };
    await inTransaction(t.ds, (m) => outbox.enqueue(m, msg));
    return msg.dedupeKey;
  }
  const row = (dedupeKey: string) => t.ds.getRepository(OutboxEntity).findOneByOrFail({ dedupeKey });
  /** Every subscribe/send call the fake received for this openid (accepted or refused). */
  const callsTo = (openid: string) => fake.messages().filter((m) => m.endpoint === 'subscribe' && m.touser === openid);
  const reach = (userId: string, kind: string) => credits.canReach(t.ds.manager, userId, kind);
  const openAlert = (schoolId: string) => t.ds.getRepository(AlertEntity).findOneBy({ schoolId, kind: 'delivery.contact_unreachable', resolvedAt: IsNull() });

  it('without consent no WeChat call is made: the message is in the inbox, which says why', async () => {
    const { user, token } = await person();
    const key = await enqueue(user.id);
    expect(await dispatcher.drain()).toBe(1);
    expect(callsTo(user.openid)).toEqual([]);
    expect(await row(key)).toMatchObject({ status: 'failed', attempts: 1, deliveredVia: 'inbox_only', deliveryReason: 'no_consent', lastError: null });
    const inbox = await t.request('GET', '/me/inbox', { token });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ title: '举报人回复了消息', delivery: { via: 'inbox_only', reason: 'no_consent' } });
    expect(inboxDeliveryLabel(inbox.body.items[0].delivery)).toBe('仅在站内：你还没有开启微信提醒');
  });

  it('after one 允许 exactly one message goes out; the next goes to the inbox only, the credit being used', async () => {
    const { user, token } = await person();
    await allowWechat(t, fake, { token }, ['tip.update']);
    expect(await reach(user.id, 'tip.update')).toEqual({ on: true, longTerm: false, credits: 1 });
    const [first, second] = [await enqueue(user.id), await enqueue(user.id)];
    await dispatcher.drain();
    expect(callsTo(user.openid)).toHaveLength(1);
    expect(fake.delivered().filter((m) => m.touser === user.openid)).toHaveLength(1);
    const rows = [await row(first), await row(second)];
    expect(rows.map((r) => [r.deliveredVia, r.deliveryReason]).sort()).toEqual([['inbox_only', 'credits_used'], ['wechat', 'one_time']]);
    expect(await reach(user.id, 'tip.update')).toEqual({ on: false, longTerm: false, credits: 0 });
    const labels = (await t.request('GET', '/me/inbox', { token })).body.items.map((i: any) => inboxDeliveryLabel(i.delivery)).sort();
    expect(labels).toEqual(['仅在站内：你的微信提醒次数已用完', '已通过微信提醒'].sort());
  });

  it('a long-term template keeps sending; WeChat\'s subscribe_msg_change_event turning it off stops WeChat sends', async () => {
    const { user, token } = await person();
    await allowWechat(t, fake, { token }, ['tip.escalated']);
    const keys = [await enqueue(user.id, { template: 'tip.escalated' }), await enqueue(user.id, { template: 'tip.escalated' }), await enqueue(user.id, { template: 'tip.escalated' })];
    await dispatcher.drain();
    expect(fake.delivered().filter((m) => m.touser === user.openid)).toHaveLength(3);
    for (const key of keys) expect(await row(key)).toMatchObject({ status: 'sent', deliveredVia: 'wechat', deliveryReason: 'long_term' });

    // The user switches the template off in WeChat's settings: WeChat pushes the change event to the server.
    await fake.revokeSubscription(user.openid, 'dev-tip-escalated');
    expect(await reach(user.id, 'tip.escalated')).toEqual({ on: false, longTerm: false, credits: 0 });
    const after = await enqueue(user.id, { template: 'tip.escalated' });
    await dispatcher.drain();
    expect(callsTo(user.openid)).toHaveLength(3);
    expect(await row(after)).toMatchObject({ status: 'failed', deliveredVia: 'inbox_only', deliveryReason: 'consent_off' });
  });

  it('43101 means WeChat holds no credit though we counted one: ours go to zero, the row falls back', async () => {
    // The app reported 允许, but WeChat has nothing for this user (never granted on its side).
    const { user, token } = await person();
    const catalogue = (await t.request('GET', '/wechat/templates', { token })).body as { kind: string; templateId: string }[];
    const tip = catalogue.find((c) => c.kind === 'tip.update')!;
    await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: tip.templateId, result: 'accept' }, { templateId: tip.templateId, result: 'accept' }] } });
    expect((await reach(user.id, 'tip.update')).credits).toBe(2);
    const next = await person();
    await allowWechat(t, fake, { token: next.token }, ['tip.update']);
    const key = await enqueue(user.id, { fallback: { kind: 'next_recipient', userIds: [next.user.id] } });
    await dispatcher.drain();
    expect(callsTo(user.openid).map((m) => m.errcode)).toEqual([43101]);
    expect(await row(key)).toMatchObject({ status: 'failed', deliveredVia: 'inbox_only', deliveryReason: 'wechat_refused' });
    expect(await reach(user.id, 'tip.update')).toEqual({ on: false, longTerm: false, credits: 0 });
    expect(fake.delivered().map((m) => m.touser)).toEqual([next.user.openid]);
  });

  it('a refusal answered before acceptance gives the credit back; a dropped connection (maybe accepted) does not', async () => {
    const { user, token } = await person();
    await allowWechat(t, fake, { token }, ['tip.update']);
    const key = await enqueue(user.id);
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 } });
    await dispatcher.drain(1);
    expect(await row(key)).toMatchObject({ status: 'pending', credit: null });
    expect((await reach(user.id, 'tip.update')).credits).toBe(1);

    t.clock.advance(10 * MINUTE);
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'drop' } });
    await dispatcher.drain(1);
    expect(await row(key)).toMatchObject({ status: 'pending', credit: 'one_time' });
    expect((await reach(user.id, 'tip.update')).credits).toBe(0);

    // The next attempt sends with the credit the row still holds: nothing is reserved twice.
    t.clock.advance(10 * MINUTE);
    await dispatcher.drain();
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 3, deliveredVia: 'wechat', deliveryReason: 'one_time' });
    expect((await reach(user.id, 'tip.update')).credits).toBe(0);
  });

  it('no WeChat account, or a kind nobody can subscribe to: inbox only, without a call', async () => {
    const { user, token } = await person();
    await allowWechat(t, fake, { token }, ['tip.update']);
    const noTemplate = await enqueue(user.id, { template: 'robot.test' });
    await inTransaction(t.ds, (m) => m.update(UserEntity, { id: user.id }, { disabled: true }));
    const disabled = await enqueue(user.id);
    await dispatcher.drain();
    expect(callsTo(user.openid)).toEqual([]);
    expect(await row(noTemplate)).toMatchObject({ deliveredVia: 'inbox_only', deliveryReason: 'no_template' });
    expect(await row(disabled)).toMatchObject({ deliveredVia: 'inbox_only', deliveryReason: 'no_openid' });
    expect((await reach(user.id, 'tip.update')).credits).toBe(1);
  });

  it('a row taken over from a worker that died keeps the credit it reserved: nothing is spent twice', async () => {
    const { user, token } = await person();
    await allowWechat(t, fake, { token }, ['tip.update'], 2);
    const key = await enqueue(user.id);
    // Another worker claimed it (reserving one credit) and died mid-send.
    const claimed = await t.get(OutboxClaimer).claim('w-gone', 1);
    expect(claimed.send.map((s) => s.row.dedupeKey)).toEqual([key]);
    expect((await reach(user.id, 'tip.update')).credits).toBe(1);
    t.clock.advance(2 * MINUTE); // past the lease
    expect(await dispatcher.drain()).toBe(1);
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 2, lockedBy: dispatcher.workerId, deliveryReason: 'one_time' });
    expect((await reach(user.id, 'tip.update')).credits).toBe(1);
    expect(fake.delivered().filter((m) => m.touser === user.openid)).toHaveLength(1);
  });

  it('the designated contact\'s last credit spent raises one alert for the school admin; it resolves when the contact turns alerts back on', async () => {
    const school = ids.b.schoolId;
    const contact = await t.login('contact', 'b');
    const admin = await t.login('admin', 'b');
    await allowWechat(t, fake, { token: contact }, ['tip.new']);
    await t.get(ContactReachAlerts).sweep();
    expect(await openAlert(school)).toBeNull();

    // A new tip's alert spends the contact's only credit: from now on the tip box cannot reach them in WeChat.
    const tip = { schoolId: school, template: 'tip.new', title: '新的欺凌举报', body: '请在今天内受理', page: 'subpackages/staff-tips/detail/index?id=1' };
    await enqueue(ids.b.userIds.contact, tip);
    await dispatcher.drain();
    expect(fake.delivered().filter((m) => m.touser === 'demo:contact:b')).toHaveLength(1);
    const alert = await openAlert(school);
    expect(alert).toMatchObject({ subjectType: 'school', subjectId: school });
    expect(alert!.title).toMatch(/^欺凌防治负责人.*收不到新举报的微信提醒$/);
    const toAdmin = await t.ds.getRepository(OutboxEntity).findOneByOrFail({ dedupeKey: `delivery.alert:${alert!.id}|to:${ids.b.userIds.admin}` });
    expect(toAdmin.title).toBe(alert!.title);
    const listed = (await t.request('GET', `/schools/${school}/delivery-alerts`, { token: admin })).body.items;
    expect(listed.filter((a: any) => a.kind === 'delivery.contact_unreachable' && !a.resolvedAt)).toHaveLength(1);

    // More tips, sweeps: still one open alert for this cause.
    await enqueue(ids.b.userIds.contact, tip);
    await dispatcher.drain();
    await t.get(ContactReachAlerts).sweep();
    expect(await t.ds.getRepository(AlertEntity).countBy({ schoolId: school, kind: 'delivery.contact_unreachable' })).toBe(1);

    // The contact taps 开启新举报提醒 and 允许: resolved, and the admin is told in the app.
    await allowWechat(t, fake, { token: contact }, ['tip.new']);
    expect(await openAlert(school)).toBeNull();
    expect((await t.ds.getRepository(AlertEntity).findOneByOrFail({ id: alert!.id })).resolvedAt).not.toBeNull();
    const notes = (await t.request('GET', '/me/inbox', { token: admin })).body.items.filter((i: any) => i.template === 'delivery.resolved');
    expect(notes.map((i: any) => i.title)).toContain('负责人已能收到新举报提醒');

    // Switched off in WeChat's settings (a change event): a new alert opens at once.
    await fake.revokeSubscription('demo:contact:b', 'dev-tip-new');
    expect(await openAlert(school)).not.toBeNull();
    expect(await t.ds.getRepository(AlertEntity).countBy({ schoolId: school, kind: 'delivery.contact_unreachable' })).toBe(2);
  });

  it('the sweep raises the alert for a designated contact who never turned alerts on, and resolves it once the school has none', async () => {
    const school = ids.a.schoolId;
    expect(await credits.contactReachable(t.ds.manager, school)).toBe(false);
    await t.get(ContactReachAlerts).sweep();
    expect(await openAlert(school)).not.toBeNull();
    await t.ds.query('UPDATE schools SET contact_user_id = NULL WHERE id = ?', [school]);
    expect(await t.get(ContactReachAlerts).sweep()).toBe(1);
    expect(await openAlert(school)).toBeNull();
    await t.ds.query('UPDATE schools SET contact_user_id = ? WHERE id = ?', [ids.a.userIds.contact, school]);
  });

  it('the school\'s delivery page counts per message kind how messages went out, and why', async () => {
    const admin = await t.login('admin', 'a');
    const before = (await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats`, { token: admin })).body;
    expect(before.kinds.find((k: any) => k.kind === 'tip.reminder')).toBeUndefined();
    const allowed = await person();
    await allowWechat(t, fake, { token: allowed.token }, ['tip.reminder']);
    const without = await person();
    await enqueue(allowed.user.id, { template: 'tip.reminder' });
    await enqueue(without.user.id, { template: 'tip.reminder' });
    await enqueue(without.user.id, { template: 'tip.reminder', dueAt: new Date(t.clock.now().getTime() + 60 * MINUTE) });
    await dispatcher.drain();
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats?days=7`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schoolId: ids.a.schoolId, days: 7 });
    expect(res.body.kinds.find((k: any) => k.kind === 'tip.reminder')).toEqual({
      kind: 'tip.reminder', total: 3, wechat: 1, wecomRobot: 0, inboxOnly: 1, undelivered: 0, pending: 1,
      counts: expect.arrayContaining([
        { via: 'wechat', reason: 'one_time', count: 1 }, { via: 'inbox_only', reason: 'no_consent', count: 1 }, { via: 'pending', reason: null, count: 1 },
      ]),
    });
    // Another school's admin: not found; a teacher of the school: forbidden; a period outside 1–90 days: 400.
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats`, { token: await t.login('admin', 'b') })).status).toBe(404);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats`, { token: await t.login('teacher', 'a') })).status).toBe(403);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats?days=0`, { token: admin })).status).toBe(400);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/delivery-stats?days=91`, { token: admin })).status).toBe(400);
  });
});

describe('the demo\'s simulated consent dialog also tells the fake WeChat server (ANXIN_DEMO_WECHAT_CONSENT)', () => {
  let fake: FakeWechat;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_DEMO_WECHAT_CONSENT: 'true' } });
    await t.seedDemo();
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('a demo user\'s 允许 grants the fake\'s credit as WeChat\'s dialog would; nobody else\'s answers leave the server', async () => {
    const contact = await t.login('contact', 'a');
    const tpl = ((await t.request('GET', '/wechat/templates', { token: contact })).body as { kind: string; templateId: string }[]).find((c) => c.kind === 'tip.new')!;
    const res = await t.request('POST', '/me/subscriptions', { token: contact, body: { results: [{ templateId: tpl.templateId, result: 'accept' }] } });
    expect(res.status).toBe(201);
    expect(fake.subscription('demo:contact', tpl.templateId)).toEqual({ oneTime: 1, longTerm: false });

    const openid = `o-real-${randomUUID()}`;
    const token = await inTransaction(t.ds, async (m) => {
      const user = await m.save(m.create(UserEntity, { openid, unionid: null, displayName: '用户', wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date() }));
      return (await t.get(SessionService).create(m, user.id)).token;
    });
    await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: tpl.templateId, result: 'accept' }] } });
    expect(fake.subscription(openid, tpl.templateId)).toEqual({ oneTime: 0, longTerm: false });
  });
});

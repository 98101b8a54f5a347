import { randomUUID } from 'node:crypto';
import { demoServer } from './support/demo-server';
import { describeOnEngines, waitFor } from './support/server-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PUSH_TOKEN = 'push-token-e2e';

/**
 * Subscription credits end to end: a real server process (worker running) against the fake WeChat server, which
 * like WeChat refuses a subscribe message without consent. Tips filed by a student reach the designated contact
 * only as far as the contact allowed; every message says in the inbox how it went; the admin sees the contact
 * cannot be reached, and sees it resolved; WeChat's change event (pushed to the server) stops a long-term template.
 */
describeOnEngines(['sqlite', 'mariadb'], 'subscription credits over HTTP', (engine) => {
  const demo = demoServer(engine, { WECHAT_PUSH_TOKEN: PUSH_TOKEN, WECHAT_TEMPLATE_MODES: JSON.stringify({ 'tip.escalated': 'long_term' }) });
  const { call, login, allow, moveClock } = demo;
  beforeAll(() => {
    demo.fake.push = { url: `${demo.url}/api/v1/wechat/push`, token: PUSH_TOKEN, appId: 'wx-e2e', format: 'xml' };
  });
  const callsTo = (openid: string, templateId: string) => demo.fake.messages().filter((m) => m.touser === openid && m.templateId === templateId);
  /** The user's inbox items of `template`, newest first, once none of them is still pending (the worker decided). */
  async function settledInbox(token: string, template: string, count: number): Promise<{ delivery: { via: string; reason: string | null } }[]> {
    let items: any[] = [];
    await waitFor(async () => {
      items = (await call('GET', '/me/inbox?limit=100', { token })).body.items.filter((i: any) => i.template === template);
      return items.length >= count && items.every((i) => i.delivery.via !== 'pending');
    }, () => `${template}: ${JSON.stringify(items.map((i) => i.delivery))}`);
    return items;
  }
  const openContactAlerts = async (admin: string, schoolId: string) =>
    (await call('GET', `/schools/${schoolId}/delivery-alerts`, { token: admin })).body.items.filter((a: any) => a.kind === 'delivery.contact_unreachable' && !a.resolvedAt);

  it('reaches WeChat only as far as people allowed, says so in every inbox item, and alerts the admin about the contact', async () => {
    const student = await login('student');
    const admin = await login('admin');
    const contact = await login('contact');
    const principal = await login('principal');
    const schoolId: string = (await call('GET', '/me', { token: contact })).body.roles.find((r: any) => r.role === 'contact').schoolId;
    const fileTip = async () => {
      const res = await call('POST', '/tips', {
        token: student,
        body: { schoolId, category: 'verbal', description: '课间有同学总是辱骂我，还推我', place: 'classroom', ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
      });
      expect(res.status).toBe(201);
    };

    // 1. Nobody allowed anything: the contact's alert is not sent to WeChat at all; it is in the inbox, saying why.
    await fileTip();
    expect((await settledInbox(contact, 'tip.new', 1))[0].delivery).toEqual({ via: 'inbox_only', reason: 'no_consent' });
    expect(callsTo('demo:contact', 'dev-tip-new')).toEqual([]);
    // A tip box whose contact gets no alerts is broken: the admin has one open alert about it.
    await waitFor(async () => (await openContactAlerts(admin, schoolId)).length === 1, async () => JSON.stringify(await openContactAlerts(admin, schoolId)));

    // 2. The contact turns tip alerts on (one 允许): the alert resolves at once.
    await allow('contact', ['tip.new']);
    expect(await openContactAlerts(admin, schoolId)).toEqual([]);

    // 3. One 允许, one WeChat message; the next tip's alert stays in the inbox (and the alert is back).
    await fileTip();
    await waitFor(() => callsTo('demo:contact', 'dev-tip-new').length === 1, () => JSON.stringify(demo.fake.messages().map((m) => [m.touser, m.templateId, m.errcode])));
    expect((await settledInbox(contact, 'tip.new', 2))[0].delivery).toEqual({ via: 'wechat', reason: 'one_time' });
    await fileTip();
    expect((await settledInbox(contact, 'tip.new', 3))[0].delivery).toEqual({ via: 'inbox_only', reason: 'credits_used' });
    expect(callsTo('demo:contact', 'dev-tip-new')).toHaveLength(1);
    expect(await openContactAlerts(admin, schoolId)).toHaveLength(1);

    // 4. A long-term template keeps sending: the principal allowed escalations long-term; three tips go unacknowledged.
    await allow('principal', ['tip.escalated']);
    await moveClock(3 * HOUR + MINUTE);
    await waitFor(() => demo.fake.delivered().filter((m) => m.touser === 'demo:principal' && m.templateId === 'dev-tip-escalated').length === 3, () => JSON.stringify(callsTo('demo:principal', 'dev-tip-escalated')));
    expect((await settledInbox(principal, 'tip.escalated', 3)).map((i) => i.delivery)).toEqual(Array(3).fill({ via: 'wechat', reason: 'long_term' }));

    // 5. The principal switches it off in WeChat's settings: WeChat pushes subscribe_msg_change_event to the server
    // (stamped with the server's now, which this test moved on by 3 hours: pushes outside 5 minutes are refused).
    const target = demo.fake.push;
    demo.fake.push = null;
    await demo.fake.revokeSubscription('demo:principal', 'dev-tip-escalated');
    demo.fake.push = target;
    const pushed = await demo.fake.deliverPush(
      { openid: 'demo:principal', event: 'subscribe_msg_change_event', list: [{ TemplateId: 'dev-tip-escalated', SubscribeStatusString: 'reject' }] },
      Math.floor((Date.now() + 3 * HOUR + MINUTE) / 1000),
    );
    expect(pushed).toEqual({ status: 200, body: 'success' });
    await fileTip();
    await moveClock(3 * HOUR + MINUTE);
    expect((await settledInbox(principal, 'tip.escalated', 4))[0].delivery).toEqual({ via: 'inbox_only', reason: 'consent_off' });
    expect(callsTo('demo:principal', 'dev-tip-escalated')).toHaveLength(3);

    // 6. The app reports a 允许 WeChat never recorded: the send is refused with 43101 and the credit is turned off.
    const tpl = ((await call('GET', '/wechat/templates', { token: contact })).body as any[]).find((t) => t.kind === 'tip.new');
    await call('POST', '/me/subscriptions', { token: contact, body: { results: [{ templateId: tpl.templateId, result: 'accept' }] } });
    await fileTip();
    expect((await settledInbox(contact, 'tip.new', 5))[0].delivery).toEqual({ via: 'inbox_only', reason: 'wechat_refused' });
    expect(callsTo('demo:contact', 'dev-tip-new').map((m) => m.errcode)).toEqual([0, 43101]);
    const mine = (await call('GET', '/me/subscriptions', { token: contact })).body.find((s: any) => s.kind === 'tip.new');
    expect(mine).toMatchObject({ on: false, credits: 0, lastStatus: 'off' });

    // 7. The admin's delivery page counts it all, per message kind, once the worker has settled every tip alert: one the
    // contact could not get is handed on to the principals (a message of its own, settled after the contact's).
    let stats: any = null;
    await waitFor(async () => {
      stats = (await call('GET', `/schools/${schoolId}/delivery-stats`, { token: admin })).body;
      return stats.kinds.find((k: any) => k.kind === 'tip.new')?.pending === 0;
    }, () => JSON.stringify(stats?.kinds));
    const tipNew = stats.kinds.find((k: any) => k.kind === 'tip.new');
    expect(tipNew).toMatchObject({ wechat: 1, pending: 0 });
    expect(tipNew.counts).toEqual(expect.arrayContaining([
      { via: 'wechat', reason: 'one_time', count: 1 },
      expect.objectContaining({ via: 'inbox_only', reason: 'credits_used' }),
      expect.objectContaining({ via: 'inbox_only', reason: 'wechat_refused' }),
    ]));
    const escalated = stats.kinds.find((k: any) => k.kind === 'tip.escalated');
    expect(escalated.counts).toEqual(expect.arrayContaining([{ via: 'wechat', reason: 'long_term', count: 3 }, expect.objectContaining({ via: 'inbox_only', reason: 'consent_off' })]));
  });
});

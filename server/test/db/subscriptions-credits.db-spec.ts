import { SUBSCRIPTION_CREDIT_CAP, SUBSCRIPTION_REPORT_MAX } from '@anxin/shared';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SubscriptionCreditEntity } from '../../src/platform/subscriptions/subscription-credit.entity';
import { SubscriptionCredits } from '../../src/platform/subscriptions/subscription-credits.service';
import { TestApp } from '../support/test-app';

/** Subscription consent: the catalogue, the app's reports, credits reserved by the outbox, a school's reach. */
describe('subscription credits', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let credits: SubscriptionCredits;

  beforeAll(async () => {
    // tip.new is long-term here only for the template given that mode; everything else stays one-time.
    t = await TestApp.start({ env: { WECHAT_TEMPLATE_MODES: JSON.stringify({ 'tip.escalated': 'long_term' }) } });
    ids = await t.seedDemo();
    credits = t.get(SubscriptionCredits);
  });
  afterAll(() => t?.stop());

  const state = (list: any[], kind: string) => list.find((s) => s.kind === kind);
  const reserve = (userId: string, kind: string) => inTransaction(t.ds, (m) => credits.reserve(m, userId, kind));
  const row = (userId: string, templateId: string) => t.ds.manager.findOne(SubscriptionCreditEntity, { where: { userId, templateId } });

  it('serves the catalogue to any logged-in user: kind, template id, mode and a Chinese description', async () => {
    const anon = await t.request('GET', '/wechat/templates');
    expect(anon.status).toBe(401);
    const res = await t.request('GET', '/wechat/templates', { token: await t.login('guardian') });
    expect(res.status).toBe(200);
    expect(state(res.body, 'tip.new')).toEqual({ kind: 'tip.new', templateId: 'dev-tip-new', mode: 'one_time', audiences: ['alerting_staff'], description: expect.stringMatching(/举报/) });
    expect(state(res.body, 'tip.escalated').mode).toBe('long_term'); // WECHAT_TEMPLATE_MODES
    expect(state(res.body, 'tip.reply').audiences).toEqual(['reporter']);
    expect(state(res.body, 'notice.published').audiences).toEqual(['guardian']);
  });

  it('an accept adds one one-time credit; reject keeps earlier credits; ban clears them; unknown ids are a 400', async () => {
    const token = await t.login('contact');
    const userId = ids.a.userIds.contact;
    const before = await t.request('GET', '/me/subscriptions', { token });
    expect(state(before.body, 'tip.new')).toMatchObject({ on: false, credits: 0, longTerm: false, lastStatus: null });

    let res = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-new', result: 'accept' }] } });
    expect(res.status).toBe(201);
    expect(state(res.body, 'tip.new')).toMatchObject({ on: true, credits: 1, lastStatus: 'accept' });
    res = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-new', result: 'accept' }, { templateId: 'dev-tip-reminder', result: 'reject' }] } });
    expect(state(res.body, 'tip.new').credits).toBe(2);
    expect(state(res.body, 'tip.reminder')).toMatchObject({ on: false, credits: 0, lastStatus: 'reject' });
    res = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-new', result: 'reject' }] } });
    expect(state(res.body, 'tip.new')).toMatchObject({ on: true, credits: 2, lastStatus: 'reject' });

    // the row keeps the day only
    const stored = await row(userId, 'dev-tip-new');
    expect(stored!.updatedOn.toISOString()).toMatch(/T00:00:00\.000Z$/);

    const unknown = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'not-ours', result: 'accept' }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'SUBSCRIPTION_TEMPLATE_UNKNOWN', details: { templateIds: ['not-ours'] } });
    const tooMany = await t.request('POST', '/me/subscriptions', {
      token, body: { results: Array.from({ length: SUBSCRIPTION_REPORT_MAX + 1 }, () => ({ templateId: 'dev-tip-new', result: 'accept' })) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
    const badResult = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-new', result: 'maybe' }] } });
    expect(badResult.status).toBe(400);
    const empty = await t.request('POST', '/me/subscriptions', { token, body: { results: [] } });
    expect(empty.status).toBe(400);
    expect((await row(userId, 'dev-tip-new'))!.oneTimeCredits).toBe(2); // refused reports changed nothing

    res = await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-new', result: 'ban' }] } });
    expect(state(res.body, 'tip.new')).toMatchObject({ on: false, credits: 0, lastStatus: 'ban' });
  });

  it('a long-term template: accept turns it on for good (reserve spends nothing); reject turns it off', async () => {
    const token = await t.login('principal');
    const userId = ids.a.userIds.principal;
    await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-escalated', result: 'accept' }] } });
    for (let i = 0; i < 3; i++) expect(await reserve(userId, 'tip.escalated')).toBe('long_term');
    const res = await t.request('GET', '/me/subscriptions', { token });
    expect(state(res.body, 'tip.escalated')).toMatchObject({ on: true, longTerm: true, credits: 0 });
    await t.request('POST', '/me/subscriptions', { token, body: { results: [{ templateId: 'dev-tip-escalated', result: 'reject' }] } });
    expect(await reserve(userId, 'tip.escalated')).toBe('none');
  });

  it('credits are capped', async () => {
    const token = await t.login('committee');
    const userId = ids.a.userIds.committee;
    for (let i = 0; i < SUBSCRIPTION_CREDIT_CAP + 2; i++) {
      await inTransaction(t.ds, (m) => credits.apply(m, userId, 'dev-binding-decided', { type: 'result', result: 'accept', grantOneTime: true }));
    }
    const res = await t.request('GET', '/me/subscriptions', { token });
    expect(state(res.body, 'binding.decided').credits).toBe(SUBSCRIPTION_CREDIT_CAP);
  });

  it('concurrent reserves never spend a credit twice nor go below zero; refund gives one back', async () => {
    const userId = ids.b.userIds.contact;
    for (let i = 0; i < 3; i++) {
      await inTransaction(t.ds, (m) => credits.apply(m, userId, 'dev-tip-new', { type: 'result', result: 'accept', grantOneTime: true }));
    }
    const results = await Promise.all(Array.from({ length: 12 }, () => reserve(userId, 'tip.new')));
    expect(results.filter((r) => r === 'one_time')).toHaveLength(3);
    expect(results.filter((r) => r === 'none')).toHaveLength(9);
    expect((await row(userId, 'dev-tip-new'))!.oneTimeCredits).toBe(0);

    await inTransaction(t.ds, (m) => credits.refund(m, userId, 'tip.new', 'one_time'));
    await inTransaction(t.ds, (m) => credits.refund(m, userId, 'tip.new', 'none')); // nothing was taken: nothing given back
    expect((await row(userId, 'dev-tip-new'))!.oneTimeCredits).toBe(1);
    expect(await reserve(userId, 'tip.new')).toBe('one_time');
    expect(await reserve(userId, 'tip.new')).toBe('none');
    // a user who never answered has nothing
    expect(await reserve(ids.b.userIds.principal, 'tip.new')).toBe('none');
  });

  it("reach: the school admin and principal see each alerting staff member's state; the contact's reachability", async () => {
    const adminB = await t.login('admin', 'b');
    const userId = ids.b.userIds.contact;
    let res = await t.request('GET', `/schools/${ids.b.schoolId}/reach`, { token: adminB });
    expect(res.status).toBe(200);
    expect(res.body.contactReachable).toBe(false);
    const contact = res.body.staff.find((s: any) => s.userId === userId);
    expect(contact).toMatchObject({ roles: ['contact'], alertsOn: false, credits: 0, longTerm: false });
    expect(res.body.staff.map((s: any) => s.roles[0]).sort()).toEqual(['committee', 'contact', 'principal']);
    expect(await inTransaction(t.ds, (m) => credits.contactReachable(m, ids.b.schoolId))).toBe(false);

    await t.request('POST', '/me/subscriptions', { token: await t.login('contact', 'b'), body: { results: [{ templateId: 'dev-tip-new', result: 'accept' }] } });
    res = await t.request('GET', `/schools/${ids.b.schoolId}/reach`, { token: await t.login('principal', 'b') });
    expect(res.body.contactReachable).toBe(true);
    expect(res.body.staff.find((s: any) => s.userId === userId)).toMatchObject({ alertsOn: true, credits: 1 });
    expect(await inTransaction(t.ds, (m) => credits.contactReachable(m, ids.b.schoolId))).toBe(true);

    expect((await t.request('GET', `/schools/${ids.b.schoolId}/reach`, { token: await t.login('contact', 'b') })).status).toBe(403);
    expect((await t.request('GET', `/schools/${ids.b.schoolId}/reach`, { token: await t.login('admin', 'a') })).status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TipFloodEntity } from '../../src/features/tips/triage/tip-flood.entity';
import { CallDownEntity } from '../../src/features/tips/urgent/call-down.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AlertEntity } from '../../src/platform/outbox/alert.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { startFakeTencentCloud, type FakeTencentCloud } from '../../../test/fakes/tencentcloud';
import { TestApp } from '../support/test-app';
import { fileTipAt, freshLogin, sh } from './oversight-helpers';
import { dumpAllTables } from './tips-helpers';

const MINUTE = 60_000;
const TOKEN = 'callback-token-0123456789abcdef';
const CREDENTIALS = { secretId: 'AKIDtestcalldown', secretKey: 'test-secret-key-for-the-fake' };
const P1 = '13800000001'; // the designated contact's mobile
const P2 = '13900000002'; // the principal's mobile
const DUTY = '13700000003'; // tonight's duty teacher
const DISTRICT = '13600000009';
const DESCRIPTION = '课间有同学一直骂我，还把我的本子扔进垃圾桶'; // tipBody's description

/**
 * Urgent call-down (紧急呼叫) on a real database with the fake Tencent Cloud over real HTTP and a moved clock: a tip
 * whose reporter is in danger at 23:40 rings the list (SMS at once, a call N minutes later, the next person when nobody
 * answers) until someone presses 1, which acknowledges the tip and stops the chain; a normal tip rings nobody; a
 * provider refusal moves on at once and raises an alert; callbacks need the token and a call we made; the duty roster
 * puts whoever is on duty first; nothing sent says anything of the tip.
 */
describe('urgent call-down (紧急呼叫)', () => {
  let t: TestApp;
  let fake: FakeTencentCloud;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let worker: WorkerService;

  // The worker sends a step's SMS and call on separate lanes, so they reach the fake in either order. Delivered in the
  // order a real phone produces them: the SMS receipt (seconds) before anything said on the call (a person pressing 1).
  const deliverCallbacks = async () => {
    const callbacks = fake.takeCallbacks();
    for (const cb of [...callbacks.filter((c) => c.channel === 'sms'), ...callbacks.filter((c) => c.channel === 'voice')]) {
      const res = await t.request('POST', `/telephony/callbacks/${cb.channel}/${TOKEN}`, { body: cb.body });
      expect(res.status).toBe(200);
    }
  };
  const setList = async (school: 'a' | 'b', roster: unknown[] = []) => {
    const res = await t.request('PUT', `/schools/${ids[school].schoolId}/urgent-settings`, {
      token: await freshLogin(t, 'admin', school),
      body: {
        stepMinutes: 5, roster,
        contacts: [
          { kind: 'contact', name: '张老师', phone: P1, userId: ids[school].userIds.contact },
          { kind: 'principal', name: '王校长', phone: P2 },
        ],
      },
    });
    expect(res.status).toBe(200);
    return res;
  };
  const callDownOf = async (tipId: string) => t.ds.getRepository(CallDownEntity).findOneByOrFail({ tipId });
  const auditOf = async (tipId: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tipId }, order: { seq: 'ASC' } });

  beforeAll(async () => {
    fake = await startFakeTencentCloud(CREDENTIALS);
    t = await TestApp.start({
      env: {
        TENCENTCLOUD_SECRET_ID: CREDENTIALS.secretId, TENCENTCLOUD_SECRET_KEY: CREDENTIALS.secretKey, TENCENTCLOUD_API_BASE: fake.url,
        SMS_SDK_APP_ID: '1400000001', SMS_SIGN_NAME: '安心家校', SMS_TEMPLATE_URGENT: '100001', VMS_SDK_APP_ID: '1400000002',
        VMS_TEMPLATE_URGENT: '200002', TELEPHONY_CALLBACK_TOKEN: TOKEN,
      },
    });
    t.clock.set(sh('2026-10-12T20:00:00'));
    ids = await t.seedDemo();
    worker = t.get(WorkerService);
    const district = await t.request('PUT', `/districts/${ids.a.districtId}/urgent-duty`, { token: await freshLogin(t, 'district'), body: { name: '区教育局值班室', phone: DISTRICT } });
    expect(district.status).toBe(200);
    expect(district.body).toEqual({ districtId: ids.a.districtId, name: '区教育局值班室', phoneMasked: '136****0009' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('the settings routes: admin and principal only, phones masked, the plain statements without a roster', async () => {
    const put = await setList('a');
    expect(put.body).toMatchObject({
      stepMinutes: 5, telephonyConfigured: true, districtDutyConfigured: true,
      contacts: [{ kind: 'contact', name: '张老师', phoneMasked: '138****0001' }, { kind: 'principal', name: '王校长', phoneMasked: '139****0002', userId: null }],
      roster: [],
    });
    expect(put.body.notices).toEqual(['尚未设置值班表：夜间和节假日的紧急举报会先呼叫欺凌防治负责人的手机，再依次呼叫紧急名单。']);
    expect(JSON.stringify(put.body)).not.toContain(P1);
    const schoolId = ids.a.schoolId;
    expect((await t.request('GET', `/schools/${schoolId}/urgent-settings`, { token: await freshLogin(t, 'principal') })).status).toBe(200);
    for (const role of ['teacher', 'contact', 'committee'] as const) {
      expect({ role, status: (await t.request('GET', `/schools/${schoolId}/urgent-settings`, { token: await freshLogin(t, role) })).status }).toEqual({ role, status: 403 });
    }
    expect((await t.request('GET', `/schools/${schoolId}/urgent-settings`, { token: await freshLogin(t, 'admin', 'b') })).status).toBe(404);
    expect((await t.request('PUT', `/districts/${ids.a.districtId}/urgent-duty`, { token: await freshLogin(t, 'admin'), body: { name: 'x', phone: P1 } })).status).toBe(403);
    const bad = await t.request('PUT', `/schools/${schoolId}/urgent-settings`, { token: await freshLogin(t, 'admin'), body: { stepMinutes: 5, roster: [], contacts: [{ kind: 'other', name: '某人', phone: '12345' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    // Stored encrypted: the number itself is in no table.
    const tables = await dumpAllTables(t);
    expect(Object.entries(tables).filter(([, rows]) => rows.includes(P1) || rows.includes(DISTRICT)).map(([name]) => name)).toEqual([]);
  });

  it('a saved entry keeps its phone by id (the page only sees it masked); an unknown id or no phone is a 400 on that field', async () => {
    const saved = (await setList('a')).body;
    const token = await freshLogin(t, 'admin');
    const kept = await t.request('PUT', `/schools/${ids.a.schoolId}/urgent-settings`, {
      token,
      body: { stepMinutes: 7, roster: [], contacts: [{ kind: 'principal', name: '王校长', keepId: saved.contacts[1].id }, { kind: 'contact', name: '张老师', keepId: saved.contacts[0].id, userId: ids.a.userIds.contact }] },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.contacts.map((c: any) => [c.name, c.phoneMasked])).toEqual([['王校长', '139****0002'], ['张老师', '138****0001']]);
    const otherSchool = (await setList('b')).body.contacts[0].id;
    for (const entry of [{ keepId: otherSchool }, {}]) {
      const bad = await t.request('PUT', `/schools/${ids.a.schoolId}/urgent-settings`, { token, body: { stepMinutes: 5, roster: [], contacts: [{ kind: 'other', name: '某人', ...entry }] } });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ code: 'VALIDATION_FAILED', message: '请填写电话号码', details: [{ field: 'contacts.0.phone', problems: ['请填写电话号码'] }] });
    }
  });

  it('a danger tip at 23:40: SMS at once, a call 5 minutes later, the next person when nobody answers, 1 pressed stops the chain', async () => {
    await setList('a');
    const tipId = await fileTipAt(t, ids.a.schoolId, sh('2026-10-12T23:40:00'), { inDanger: true });
    await worker.drain();
    expect(fake.sms.map((s) => s.phone)).toEqual([`+86${P1}`]);
    expect(fake.calls).toEqual([]);
    await deliverCallbacks(); // the SMS receipt

    // Nobody acknowledged within 5 minutes: the contact's phone rings. They do not answer: the principal at once.
    fake.setBehaviour(P1, 'no_answer');
    fake.setBehaviour(P2, 'press1');
    t.clock.advance(5 * MINUTE);
    await worker.drain();
    expect(fake.calls.map((c) => c.phone)).toEqual([`+86${P1}`]);
    await deliverCallbacks(); // not answered → the next person, now
    await worker.drain();
    expect(fake.sms.map((s) => s.phone)).toEqual([`+86${P1}`, `+86${P2}`]);
    expect(fake.calls.map((c) => c.phone)).toEqual([`+86${P1}`, `+86${P2}`]);
    await deliverCallbacks(); // the principal presses 1

    const tip = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tipId });
    expect(tip.status).toBe('acknowledged');
    expect(await callDownOf(tipId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'phone' });

    // The chain has stopped: an hour later nothing more was sent.
    t.clock.advance(60 * MINUTE);
    await worker.drain();
    await deliverCallbacks();
    expect(fake.sms).toHaveLength(2);
    expect(fake.calls).toHaveLength(2);

    // Every step audited with its time, phones masked only.
    const audit = await auditOf(tipId);
    const urgent = audit.filter((e) => e.action.startsWith('tip.urgent') || e.action === 'tip.acknowledged');
    expect(urgent.map((e) => [e.action, (e.details as any)?.outcome ?? (e.details as any)?.via ?? (e.details as any)?.tick ?? null])).toEqual([
      ['tip.urgent_started', null], ['tip.urgent_step', 0], ['tip.urgent_result', 'sent'], ['tip.urgent_result', 'delivered'],
      ['tip.urgent_step', 1], ['tip.urgent_result', 'sent'], ['tip.urgent_result', 'no_answer'],
      ['tip.urgent_step', 2], ['tip.urgent_result', 'sent'], ['tip.urgent_result', 'sent'], ['tip.urgent_result', 'delivered'],
      // the call's own status report (answered) comes after the key press and does not overwrite it
      ['tip.urgent_result', 'acknowledged'], ['tip.urgent_stopped', 'phone'], ['tip.acknowledged', 'phone'],
    ]);
    const step1 = urgent.find((e) => e.action === 'tip.urgent_step' && (e.details as any).tick === 1)!;
    // The step's time is the moved clock's 23:45 (the test clock keeps running from where it was set).
    expect(new Date(step1.at).getTime()).toBeGreaterThanOrEqual(sh('2026-10-12T23:45:00').getTime());
    expect(new Date(step1.at).getTime()).toBeLessThan(sh('2026-10-12T23:46:00').getTime());
    expect(urgent.find((e) => e.action === 'tip.acknowledged')!.details).toMatchObject({ via: 'phone', person: '校长：王校长', phone: '139****0002' });
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(P1);
    expect(auditText).not.toContain(P2);

    // The case page's view: steps with times, channel, person, outcome, masked phones.
    const view = await t.request('GET', `/tips/${tipId}/call-down`, { token: await freshLogin(t, 'contact') });
    expect(view.status).toBe(200);
    expect(view.body.callDown).toMatchObject({ status: 'acknowledged', reason: 'in_danger', acknowledgedVia: 'phone', telephony: true });
    expect(view.body.callDown.steps.map((s: any) => [s.channel, s.personLabel, s.phoneMasked, s.outcome])).toEqual([
      ['sms', '欺凌防治负责人：张老师', '138****0001', 'delivered'],
      ['voice', '欺凌防治负责人：张老师', '138****0001', 'no_answer'],
      ['sms', '校长：王校长', '139****0002', 'delivered'],
      ['voice', '校长：王校长', '139****0002', 'acknowledged'],
    ]);
    expect(JSON.stringify(view.body)).not.toContain(P2);
    expect((await t.request('GET', `/tips/${tipId}/call-down`, { token: await freshLogin(t, 'contact', 'b') })).status).toBe(404);

    // What was sent says nothing of the tip: the approved template, no parameters; the outbox rows hold the number sealed.
    for (const r of [...fake.sms, ...fake.calls]) expect(r.params).toEqual([]);
    expect(fake.sms.map((s) => [s.templateId, s.signName])).toEqual([['100001', '安心家校'], ['100001', '安心家校']]);
    const rows = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'tip.urgent_call' } });
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.body).toBe('安心家校紧急举报，请立即处理');
      expect(JSON.stringify(r)).not.toContain(DESCRIPTION.slice(0, 6));
      // The numbers themselves (a pattern such as /1[3-9]\d{9}/ also matches the digits of a random UUID: a flaky test).
      for (const phone of [P1, P2, DUTY, DISTRICT]) expect(JSON.stringify(r)).not.toContain(phone);
    }
  });

  it('a tip neither in danger nor going on rings nobody; acknowledging in the app stops a running chain', async () => {
    await setList('a');
    const normal = await fileTipAt(t, ids.a.schoolId, sh('2026-10-13T23:40:00'));
    t.clock.advance(30 * MINUTE);
    await worker.drain();
    expect(fake.sms).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(await t.ds.getRepository(CallDownEntity).countBy({ tipId: normal })).toBe(0);

    const ongoing = await fileTipAt(t, ids.a.schoolId, sh('2026-10-13T23:50:00'), { ongoing: true });
    await worker.drain();
    expect(fake.sms).toHaveLength(1);
    const ack = await t.request('POST', `/tips/${ongoing}/ack`, { token: await freshLogin(t, 'contact'), body: {} });
    expect(ack.status).toBe(200);
    expect(await callDownOf(ongoing)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'app', reason: 'ongoing' });
    t.clock.advance(60 * MINUTE);
    await worker.drain();
    expect(fake.sms).toHaveLength(1);
    expect(fake.calls).toEqual([]);
  });

  it('a provider refusal moves on to the next channel and person at once and raises an alert for the admins', async () => {
    await setList('a');
    fake.setBehaviour(P1, 'error');
    fake.setBehaviour(P2, 'answer');
    const tipId = await fileTipAt(t, ids.a.schoolId, sh('2026-10-14T23:40:00'), { inDanger: true });
    await worker.drain(); // SMS to P1 refused → call P1 now → refused → P2's SMS and call now
    expect(fake.sms.map((s) => [s.phone, s.result])).toEqual([[`+86${P1}`, 'FailedOperation.InsufficientBalanceInSmsPackage'], [`+86${P2}`, 'Ok']]);
    expect(fake.calls.map((c) => [c.phone, c.result])).toEqual([[`+86${P1}`, 'FailedOperation'], [`+86${P2}`, 'Ok']]);
    const alerts = await t.ds.getRepository(AlertEntity).find({ where: { schoolId: ids.a.schoolId, kind: 'delivery.failed' } });
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    expect(alerts.map((a) => a.body).join()).toContain('短信');
    expect(alerts.map((a) => a.body).join()).toContain('语音电话');
    // Answered without pressing 1: the chain goes on at its next step (the district duty phone, last).
    await deliverCallbacks();
    expect((await callDownOf(tipId)).status).toBe('running');
    t.clock.advance(5 * MINUTE);
    await worker.drain();
    expect(fake.calls.map((c) => c.phone)).toEqual([`+86${P1}`, `+86${P2}`, `+86${DISTRICT}`]);
    await deliverCallbacks(); // the district does not answer: the list is exhausted
    await worker.drain();
    expect((await callDownOf(tipId)).status).toBe('exhausted');
    expect((await auditOf(tipId)).map((e) => e.action)).toContain('tip.urgent_exhausted');
  });

  it('callbacks need the token and a call we made; a request with a wrong key is refused by the provider', async () => {
    const wrong = await t.request('POST', '/telephony/callbacks/voice/not-the-token-at-all', { body: { voicekey_callback: { callid: 'x', keypress: '1' } } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    const unknown = await t.request('POST', `/telephony/callbacks/voice/${TOKEN}`, { body: { voicekey_callback: { callid: 'no-such-call', keypress: '1' } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
    const junk = await t.request('POST', `/telephony/callbacks/sms/${TOKEN}`, { body: { hello: 'world' } });
    expect(junk.status).toBe(400);
    expect(junk.body).toMatchObject({ code: 'VALIDATION_FAILED' });

    // The same fake, another SecretKey: the provider answers AuthFailure.SignatureFailure.
    const { TencentCloudClient } = await import('../../src/platform/telephony/tencent-cloud.client');
    const client = new TencentCloudClient({ ...t.config, telephony: { ...t.config.telephony!, secretKey: 'not-the-key' } });
    await expect(client.sendSms(`+86${P1}`, 'x')).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(fake.refused.map((r) => r.code)).toEqual(['AuthFailure.SignatureFailure']);
    expect(fake.sms).toEqual([]);
  });

  it('marking a tip 紧急 starts the chain with whoever is on duty tonight', async () => {
    await setList('a', [{ name: '李老师', phone: DUTY, weekdays: [4], start: '18:00', end: '08:00' }]);
    const tipId = await fileTipAt(t, ids.a.schoolId, sh('2026-10-16T02:10:00')); // Friday 02:10: Thursday's night shift
    await worker.drain();
    expect(fake.sms).toEqual([]);
    expect((await t.request('POST', `/tips/${tipId}/urgent`, { token: await freshLogin(t, 'teacher') })).status).toBe(403);
    const marked = await t.request('POST', `/tips/${tipId}/urgent`, { token: await freshLogin(t, 'contact') });
    expect(marked.status).toBe(200);
    expect(marked.body.callDown).toMatchObject({ reason: 'marked', status: 'running', steps: [{ channel: 'sms', personLabel: '值班：李老师', phoneMasked: '137****0003' }] });
    await worker.drain();
    expect(fake.sms.map((s) => s.phone)).toEqual([`+86${DUTY}`]);
    const started = (await auditOf(tipId)).find((e) => e.action === 'tip.urgent_started')!;
    expect(started.actorUserId).toBe(ids.a.userIds.contact);
  });

  it('the school-wide cap: the 4th danger tip within the hour rings nobody, the 1st after the hour does, 标记紧急 is not capped', async () => {
    await setList('a');
    const first = await fileTipAt(t, ids.a.schoolId, sh('2026-10-20T21:00:00'), { inDanger: true });
    await fileTipAt(t, ids.a.schoolId, sh('2026-10-20T21:10:00'), { ongoing: true });
    await fileTipAt(t, ids.a.schoolId, sh('2026-10-20T21:20:00'), { inDanger: true });
    t.clock.set(sh('2026-10-20T21:50:00'));
    await worker.drain();
    const sent = { sms: fake.sms.length, calls: fake.calls.length };

    const fourth = await fileTipAt(t, ids.a.schoolId, sh('2026-10-20T21:50:00'), { inDanger: true });
    await worker.drain();
    expect(await t.ds.getRepository(CallDownEntity).countBy({ tipId: fourth })).toBe(0);
    expect({ sms: fake.sms.length, calls: fake.calls.length }).toEqual(sent);
    const skipped = (await auditOf(fourth)).filter((e) => e.action === 'tip.call_down_skipped');
    // Exactly these details: the reason and the counts, no phone and no person.
    expect(skipped.map((e) => e.details)).toEqual([{ reason: 'school_cap', wanted: 'in_danger', startedInWindow: 3, cap: 3, windowMinutes: 60 }]);
    // It still reaches the contact as every tip does, titled 紧急.
    const message = await t.ds.getRepository(OutboxEntity).findOneByOrFail({ dedupeKey: `tip.new:${fourth}` });
    expect(message.title).toBe('紧急：新的欺凌举报');
    expect((await t.request('GET', `/tips/${fourth}/call-down`, { token: await freshLogin(t, 'contact') })).body).toEqual({ callDown: null });

    // 22:00:30: the 21:00 call-down has left the rolling hour, so the next danger tip rings again.
    const fifth = await fileTipAt(t, ids.a.schoolId, sh('2026-10-20T22:00:30'), { inDanger: true });
    expect(await callDownOf(fifth)).toMatchObject({ reason: 'in_danger', status: 'running' });
    expect((await auditOf(fifth)).map((e) => e.action)).not.toContain('tip.call_down_skipped');
    expect(await callDownOf(first)).toBeDefined();

    // A handler's 标记紧急 on the capped tip is not capped (a person decided), nor counted.
    const marked = await t.request('POST', `/tips/${fourth}/urgent`, { token: await freshLogin(t, 'contact') });
    expect(marked.status).toBe(200);
    expect(marked.body.callDown).toMatchObject({ reason: 'marked', status: 'running' });
  });

  it('during a tip flood no call-down starts by itself; 标记紧急 still does', async () => {
    await setList('a');
    const at = sh('2026-10-22T09:00:00');
    await t.ds.getRepository(TipFloodEntity).insert({
      id: randomUUID(), schoolId: ids.a.schoolId, startedAt: new Date(at.getTime() - 30 * MINUTE), lastTipAt: at, tightenedUntil: new Date(at.getTime() + 6 * 60 * MINUTE),
    });
    t.clock.set(new Date(at.getTime() + MINUTE));
    await worker.drain(); // the earlier tips' chains run to their end first
    const sent = fake.sms.length;
    const tipId = await fileTipAt(t, ids.a.schoolId, new Date(at.getTime() + MINUTE), { inDanger: true });
    await worker.drain();
    expect(await t.ds.getRepository(CallDownEntity).countBy({ tipId })).toBe(0);
    expect(fake.sms).toHaveLength(sent);
    expect((await auditOf(tipId)).filter((e) => e.action === 'tip.call_down_skipped').map((e) => (e.details as any).reason)).toEqual(['flood']);
    // Another school is not in a flood: its danger tip rings as usual.
    await setList('b');
    const other = await fileTipAt(t, ids.b.schoolId, new Date(at.getTime() + 2 * MINUTE), { inDanger: true });
    expect(await callDownOf(other)).toMatchObject({ status: 'running' });

    const marked = await t.request('POST', `/tips/${tipId}/urgent`, { token: await freshLogin(t, 'contact') });
    expect(marked.status).toBe(200);
    expect(marked.body.callDown).toMatchObject({ reason: 'marked', status: 'running' });
  });

  it('a landline on the list (the school duty phone) takes no SMS: it is called at once, then the next person', async () => {
    const admin = await freshLogin(t, 'admin');
    const saved = await t.request('PUT', `/schools/${ids.a.schoolId}/urgent-settings`, {
      token: admin,
      body: { stepMinutes: 5, roster: [], contacts: [{ kind: 'duty_phone', name: '学校值班室', phone: '010-62345678' }, { kind: 'principal', name: '王校长', phone: P2 }] },
    });
    expect(saved.status).toBe(200);
    // The chains the tests above left running are acknowledged first, so only this one rings.
    for (const cd of await t.ds.getRepository(CallDownEntity).findBy({ status: 'running' })) {
      const school = cd.schoolId === ids.a.schoolId ? 'a' : 'b';
      expect((await t.request('POST', `/tips/${cd.tipId}/ack`, { token: await freshLogin(t, 'contact', school), body: {} })).status).toBe(200);
    }
    await worker.drain(); // what those chains had already queued goes out now
    fake.reset();
    fake.setBehaviour('01062345678', 'no_answer');
    const tipId = await fileTipAt(t, ids.a.schoolId, sh('2026-10-25T23:40:00'), { inDanger: true });
    await worker.drain();
    expect(fake.sms).toEqual([]);
    expect(fake.calls.map((c) => c.phone)).toEqual(['+861062345678']);
    await deliverCallbacks(); // not answered → the principal now, not a second call of the landline
    await worker.drain();
    expect(fake.sms.map((s) => s.phone)).toEqual([`+86${P2}`]);
    expect(fake.calls.map((c) => c.phone)).toEqual(['+861062345678', `+86${P2}`]);
    const view = await t.request('GET', `/tips/${tipId}/call-down`, { token: await freshLogin(t, 'contact') });
    expect(view.body.callDown.steps.map((s: any) => [s.channel, s.personLabel, s.outcome])).toEqual([
      ['voice', '学校值班电话：学校值班室', 'no_answer'], ['sms', '校长：王校长', 'sent'], ['voice', '校长：王校长', 'sent'],
    ]);
    // The principal acknowledges in the app: nothing of this chain rings during the tests after it.
    expect((await t.request('POST', `/tips/${tipId}/ack`, { token: await freshLogin(t, 'contact'), body: {} })).status).toBe(200);
    fake.takeCallbacks();
  });

  it('the fake, like Tencent Cloud, refuses an SMS to a landline', async () => {
    const { TencentCloudClient } = await import('../../src/platform/telephony/tencent-cloud.client');
    const client = new TencentCloudClient(t.config);
    await expect(client.sendSms('+861062345678', 'x')).rejects.toMatchObject({ code: 'InvalidParameterValue.IncorrectPhoneNumber' });
    await expect(client.sendSms(`+86${P1}`, 'x')).resolves.toMatch(/^2433:/);
  });
});

describe('urgent call-down without SMS and voice configured', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(sh('2026-10-12T20:00:00'));
    ids = await t.seedDemo();
  });
  afterAll(() => t?.stop());

  it('the settings page says so plainly, and the chain goes by WeChat and the inbox, saying so in the audit', async () => {
    const admin = await freshLogin(t, 'admin');
    const settings = await t.request('PUT', `/schools/${ids.a.schoolId}/urgent-settings`, {
      token: admin,
      body: { stepMinutes: 10, roster: [], contacts: [{ kind: 'contact', name: '张老师', phone: P1, userId: ids.a.userIds.contact }, { kind: 'duty_phone', name: '门卫室', phone: '0571-87654321' }] },
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ telephonyConfigured: false, stepMinutes: 10, districtDutyConfigured: false });
    expect(settings.body.notices).toContain('本服务器尚未配置短信和语音电话：紧急举报只会通过微信消息和站内消息通知名单上的老师。');

    const tipId = await fileTipAt(t, ids.a.schoolId, sh('2026-10-12T23:40:00'), { inDanger: true });
    const started = (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tipId, action: 'tip.urgent_started' } }))[0];
    expect(started.details).toMatchObject({ channels: 'wechat_inbox_only', note: expect.stringContaining('未配置') });
    const messages = await t.ds.getRepository(OutboxEntity).find({ where: { schoolId: ids.a.schoolId } });
    const urgent = messages.filter((r) => r.dedupeKey.startsWith('urgent:'));
    expect(urgent.map((r) => [r.channel, r.recipientUserId, r.title])).toEqual([['wechat_subscribe', ids.a.userIds.contact, '紧急举报，请立即处理']]);
    // 10 minutes later the next person: a duty phone with nobody to message in the app (recorded as failed), then nobody left.
    t.clock.advance(10 * MINUTE);
    await t.get(WorkerService).drain();
    t.clock.advance(10 * MINUTE);
    await t.get(WorkerService).drain();
    const view = await t.request('GET', `/tips/${tipId}/call-down`, { token: await freshLogin(t, 'contact') });
    expect(view.body.callDown).toMatchObject({ status: 'exhausted', telephony: false });
    expect(view.body.callDown.steps.map((s: any) => [s.channel, s.personLabel, s.outcome])).toEqual([
      ['wechat', '欺凌防治负责人：张老师', 'queued'], ['wechat', '学校值班电话：门卫室', 'failed'],
    ]);
  });
});

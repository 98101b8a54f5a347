import { randomUUID } from 'node:crypto';
import { startFakeTencentCloud, type FakeTencentCloud } from '../fakes/tencentcloud';
import { demoServer } from './support/demo-server';
import { describeOnEngines, waitFor } from './support/server-process';

const MINUTE = 60_000;
const TOKEN = 'e2e-callback-token-0123456789';
const CREDENTIALS = { secretId: 'AKIDe2ecalldown', secretKey: 'e2e-secret-key-for-the-fake' };
const P1 = '13800000011';
const P2 = '13900000022';
const DESCRIPTION = '放学后在车棚被高年级的人堵住要钱，现在他们还在门口';

/**
 * Urgent call-down against a real server process (its worker running) and the fake Tencent Cloud over HTTP, which
 * POSTs its delivery receipts, call statuses and key presses to the server's callback routes: a tip whose reporter is
 * in danger rings the contact (SMS, then a call once the server's clock moved 5 minutes); nobody answers, so the
 * principal's phone rings at once; they press 1, the tip is acknowledged and nothing more is sent.
 */
describeOnEngines(['sqlite', 'mariadb'], 'urgent call-down over HTTP', (engine) => {
  let phones: FakeTencentCloud;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    phones = await startFakeTencentCloud(CREDENTIALS);
    Object.assign(env, {
      TENCENTCLOUD_SECRET_ID: CREDENTIALS.secretId, TENCENTCLOUD_SECRET_KEY: CREDENTIALS.secretKey, TENCENTCLOUD_API_BASE: phones.url,
      SMS_SDK_APP_ID: '1400000001', SMS_SIGN_NAME: '安心家校', SMS_TEMPLATE_URGENT: '100001', VMS_SDK_APP_ID: '1400000002',
      VMS_TEMPLATE_URGENT: '200002', TELEPHONY_CALLBACK_TOKEN: TOKEN,
    });
  });
  afterAll(() => phones?.close());
  const demo = demoServer(engine, env);
  const { call, login, moveClock, allow } = demo;
  const tipAlertsTo = (openid: string) => demo.fake.delivered().filter((m) => m.touser === openid && m.templateId === 'dev-tip-new');

  it('SMS at once, a call at +5 min, no answer → next person, who presses 1: acknowledged, and the chain stops', async () => {
    phones.setCallbackTarget(`${demo.url}/api/v1/telephony/callbacks`, TOKEN);
    phones.setBehaviour(P1, 'no_answer');
    phones.setBehaviour(P2, 'press1');
    await allow('contact', ['tip.new'], 2);
    const admin = await login('admin');
    const schoolId: string = (await call('GET', '/me', { token: admin })).body.roles.find((r: any) => r.role === 'admin').schoolId;
    const settings = await call('PUT', `/schools/${schoolId}/urgent-settings`, {
      token: admin,
      body: { stepMinutes: 5, roster: [], contacts: [{ kind: 'contact', name: '张静', phone: P1 }, { kind: 'principal', name: '王校长', phone: P2 }] },
    });
    expect(settings.status).toBe(200);

    const submitted = await call('POST', '/tips', {
      body: { schoolId, category: 'property', description: DESCRIPTION, place: 'other', ongoing: true, reporterRole: 'victim', inDanger: true, clientKey: randomUUID() },
    });
    expect(submitted.status).toBe(201);
    await waitFor(() => phones.sms.length === 1, () => `sms: ${JSON.stringify(phones.sms)}`);
    expect(phones.sms[0].phone).toBe(`+86${P1}`);
    expect(phones.calls).toEqual([]);

    await moveClock(5 * MINUTE);
    // The contact's call, not answered (the fake tells the server), then the principal's SMS and call at once.
    await waitFor(() => phones.calls.length === 2 && phones.sms.length === 2, () => `sms ${phones.sms.length}, calls ${phones.calls.length}`);
    expect(phones.calls.map((c) => c.phone)).toEqual([`+86${P1}`, `+86${P2}`]);

    const contact = await login('contact');
    const list = await call('GET', `/schools/${schoolId}/tips`, { token: contact });
    const tipId: string = list.body.items[0].id;
    await waitFor(async () => (await call('GET', `/tips/${tipId}/call-down`, { token: contact })).body.callDown?.status === 'acknowledged', () => 'not acknowledged by phone');
    const view = (await call('GET', `/tips/${tipId}/call-down`, { token: contact })).body.callDown;
    expect(view).toMatchObject({ acknowledgedVia: 'phone', reason: 'in_danger' });
    expect((await call('GET', `/tips/${tipId}`, { token: contact })).body.status).toBe('acknowledged');

    // An hour later, and after the worker has certainly run (a new normal tip's message went out), nothing more.
    await moveClock(60 * MINUTE);
    const normal = await call('POST', '/tips', {
      body: { schoolId, category: 'verbal', description: '有人骂我', place: 'classroom', ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
    });
    expect(normal.status).toBe(201);
    await waitFor(() => tipAlertsTo('demo:contact').length === 2, () => `tip alerts to the contact: ${tipAlertsTo('demo:contact').length}`);
    expect(phones.sms).toHaveLength(2);
    expect(phones.calls).toHaveLength(2);
    // What went over the phone says nothing of the tip.
    expect(JSON.stringify([phones.sms, phones.calls])).not.toContain(DESCRIPTION.slice(0, 4));
    for (const r of [...phones.sms, ...phones.calls]) expect(r.params).toEqual([]);
    expect(phones.refused).toEqual([]);
  });
});

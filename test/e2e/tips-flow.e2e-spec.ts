import { randomUUID } from 'node:crypto';
import { demoServer } from './support/demo-server';
import { describeOnEngines, waitFor } from './support/server-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The tip box over HTTP against a real server process (its worker running): an anonymous tip reaches the
 * designated contact at the fake WeChat server; with the server's clock moved it climbs to the principal and
 * then the district; the contact acknowledges and replies; the reporter comes back with the receipt and reads it.
 */
describeOnEngines(['sqlite', 'mariadb'], 'tip flow over HTTP', (engine) => {
  const demo = demoServer(engine);
  const { call, login, allow, moveClock } = demo;
  const messagesTo = (openid: string, template: string) => demo.fake.delivered().filter((m) => m.touser === openid && m.templateId === template);
  const waitMessages = (openid: string, template: string, n: number) =>
    waitFor(() => messagesTo(openid, template).length >= n, () => `${openid} ${template}: ${messagesTo(openid, template).length}/${n}; got ${JSON.stringify(demo.fake.delivered().map((m) => [m.touser, m.templateId]))}`);

  it('submit → contact → principal (3 h) → district (12 h) → ack → reply → reporter reads it with the receipt', async () => {
    // The staff the tip reaches turned their WeChat alerts on (the staff home's 开启新举报提醒).
    await allow('contact', ['tip.new', 'tip.update']);
    await allow('principal', ['tip.escalated']);
    await allow('district', ['tip.escalated']);
    const contact = await login('contact');
    const schoolId: string = (await call('GET', '/me', { token: contact })).body.roles.find((r: any) => r.role === 'contact').schoolId;
    const student = await login('student'); // logged in, still anonymous to the school

    const submitted = await call('POST', '/tips', {
      token: student,
      body: { schoolId, category: 'social', description: '班里几个同学故意不跟我说话，还在群里说我坏话', place: 'online', ongoing: true, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.receipt).toMatch(/^\d{16}$/);
    await waitMessages('demo:contact', 'dev-tip-new', 1);
    const tipId = /id=([0-9a-f-]{36})/.exec(messagesTo('demo:contact', 'dev-tip-new')[0].page ?? '')![1];
    const inbox = await call('GET', '/me/inbox', { token: contact });
    expect(JSON.stringify(inbox.body)).toContain(tipId);

    // Ongoing: 30 minutes to acknowledge. Missed → principal.
    await moveClock(31 * MINUTE);
    await waitMessages('demo:principal', 'dev-tip-escalated', 1);
    expect(messagesTo('demo:district', 'dev-tip-escalated')).toHaveLength(0);
    // 12 h after receipt → district.
    await moveClock(12 * HOUR);
    await waitMessages('demo:district', 'dev-tip-escalated', 1);

    const ack = await call('POST', `/tips/${tipId}/ack`, { token: await login('contact'), body: { message: '我们已经知道了，会尽快找你了解情况' } });
    expect(ack.status).toBe(200);
    expect(ack.body.escalationLevel).toBe('district');
    const timeline: string[] = ack.body.timeline.map((e: any) => `${e.action}${e.details.level ? `:${e.details.level}` : ''}`);
    expect(timeline).toEqual(expect.arrayContaining(['tip.received', 'tip.escalated:principal', 'tip.escalated:district', 'tip.acknowledged']));

    const fu = await call('POST', '/tips/followup', { body: { schoolId, receipt: submitted.body.receipt } });
    expect(fu.status).toBe(201);
    const thread = await call('GET', '/tips/followup/thread', { headers: { 'X-Followup-Token': fu.body.token } });
    expect(thread.body).toMatchObject({ status: 'acknowledged', statusLabel: '已受理' });
    expect(thread.body.messages.map((m: any) => m.body)).toEqual(['我们已经知道了，会尽快找你了解情况']);
    expect((await call('POST', '/tips/followup/messages', { headers: { 'X-Followup-Token': fu.body.token }, body: { body: '好的，谢谢老师' } })).status).toBe(201);
    await waitMessages('demo:contact', 'dev-tip-update', 1);
    // Each escalation fired once (the DB suite also checks this after the deadlines have long passed).
    expect(messagesTo('demo:principal', 'dev-tip-escalated')).toHaveLength(1);
    expect(messagesTo('demo:district', 'dev-tip-escalated')).toHaveLength(1);
  });
});

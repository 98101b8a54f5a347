import { randomUUID } from 'node:crypto';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { createTestDatabase, type TestDatabase } from '../../server/test/support/test-database';
import { allowWechat } from './support/consent';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The tip box over HTTP against a real server process (its worker running): an anonymous tip reaches the
 * designated contact at the fake WeChat server; with the server's clock moved it climbs to the principal and
 * then the district; the contact acknowledges and replies; the reporter comes back with the receipt and reads it.
 */
describeOnEngines(['sqlite', 'mariadb'], 'tip flow over HTTP', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    server = await startServer({
      env: {
        DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, ANXIN_DEMO_SEED: 'true', ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: '50',
        WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      },
    });
    url = server.url!;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await fake?.close();
  });

  async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const login = async (role: string) => (await call('POST', '/auth/dev', { body: { role, school: 'a' } })).body.token as string;
  /** The demo user of `role` taps 允许 for these kinds (WeChat records it, the app reports it). */
  const allow = async (role: string, kinds: string[]) => {
    const token = await login(role);
    const me = (await call('GET', '/me', { token })).body;
    await allowWechat(url, fake, [{ id: me.id, openid: `demo:${role}`, token }], kinds);
  };
  const moveClock = (advanceMs: number) => call('POST', '/__test/clock', { body: { advanceMs } });
  const messagesTo = (openid: string, template: string) => fake.delivered().filter((m) => m.touser === openid && m.templateId === template);
  const waitMessages = (openid: string, template: string, n: number) =>
    waitFor(() => messagesTo(openid, template).length >= n, () => `${openid} ${template}: ${messagesTo(openid, template).length}/${n}; got ${JSON.stringify(fake.delivered().map((m) => [m.touser, m.templateId]))}`);

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

import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { tipBody } from '../../server/test/db/tips-helpers';
import { createTestDatabase, DeliveryDb, type TestDatabase } from './support/delivery-db';
import { apiRequest, type ApiOptions } from './support/http';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Several instances on one MariaDB behave as one: two HTTP servers (ANXIN_WORKER=false) and one separate worker
 * process (`main.js --worker`). Limits hold across the servers (wrong invite codes, wrong receipts, tip submissions
 * split between them are refused at the limit on both), every background job runs once (content check per tip,
 * each escalation, the daily rate-key purge), and /api/health on either server reports the worker's heartbeat.
 * Every process starts with the same clock, moved to the start of an hour so no fixed window is crossed while the
 * limits are counted; time then moves for all of them (the servers by the test clock route, the worker by a
 * restart with the new offset).
 */
describeOnEngines(['mariadb'], 'several instances on one database', () => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  let servers: ServerProcess[] = [];
  let worker: ServerProcess | null = null;
  let env: Record<string, string>;
  let offsetMs = 0;

  beforeAll(async () => {
    fake = await startFakeWechat({ riskyKeywords: ['砍死'] });
    db = await createTestDatabase('mariadb');
    data = await DeliveryDb.open(db.url);
    const now = Date.now();
    offsetMs = Math.ceil(now / HOUR) * HOUR + 1_000 - now;
    env = {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      ANXIN_WORKER: 'false', ANXIN_WORKER_POLL_MS: '100', ANXIN_WORKER_HEARTBEAT_MS: '300', ANXIN_CLOCK_OFFSET_MS: String(offsetMs),
    };
    // One server seeds the demo data; the other and the worker start on the seeded database.
    servers.push(await startServer({ env: { ...env, ANXIN_DEMO_SEED: 'true' } }));
    servers.push(await startServer({ env }));
    worker = await startServer({ env, worker: true });
  });
  afterAll(async () => {
    for (const s of [...servers, ...(worker ? [worker] : [])]) await s.stop();
    servers = [];
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  const call = (server: ServerProcess, method: string, path: string, opts: ApiOptions = {}) => apiRequest(server.url!, method, path, opts);
  const login = async (role: string) => {
    const res = await call(servers[0], 'POST', '/auth/dev', { body: { role, school: 'a' } });
    if (res.status !== 200) throw new Error(`dev login as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  /** The i-th request goes to server A or B in turn. */
  const server = (i: number) => servers[i % 2];
  const auditCount = async (action: string, targetId: string) =>
    Number((await data.ds.query('SELECT COUNT(*) AS n FROM audit_entries WHERE action = ? AND target_id = ?', [action, targetId]))[0].n);

  let schoolId = '';
  const tipIds: string[] = [];

  it('limits hold across the two servers: wrong invite codes, wrong receipts and tip submissions', async () => {
    const guardian = await login('guardian');
    // 20 wrong invite codes, alternating servers, then both refuse.
    for (let i = 0; i < 20; i++) {
      const res = await call(server(i), 'GET', `/invite-codes/WRONG${String(i).padStart(3, '0')}/lookup`, { token: guardian });
      expect(res.status).toBe(404);
    }
    for (const s of servers) expect((await call(s, 'GET', '/invite-codes/WRONG999/lookup', { token: guardian })).status).toBe(429);
    // The right code is refused too until the window ends (the limit is on the user, not the code).
    expect((await call(servers[1], 'GET', '/invite-codes/DEMO3A01/lookup', { token: guardian })).status).toBe(429);

    const contact = await login('contact');
    schoolId = (await call(servers[1], 'GET', '/me', { token: contact })).body.roles.find((r: { role: string }) => r.role === 'contact').schoolId;

    // 10 wrong receipts from this client, alternating servers; the 11th is refused on both.
    for (let i = 0; i < 10; i++) {
      const res = await call(server(i), 'POST', '/tips/followup', { body: { schoolId, receipt: String(1000_0000_0000_0000 + i) } });
      expect(res.status).toBe(401);
    }
    for (const s of servers) expect((await call(s, 'POST', '/tips/followup', { body: { schoolId, receipt: '1000000000009999' } })).status).toBe(429);

    // Five tips an hour per reporter, alternating servers; the sixth is refused on both.
    const student = await login('student');
    for (let i = 0; i < 5; i++) {
      const res = await call(server(i), 'POST', '/tips', { token: student, body: tipBody(schoolId, { description: `第${i + 1}次：有人在走廊推我，还说放学后要砍死我` }) });
      expect(res.status).toBe(201);
    }
    for (const s of servers) expect((await call(s, 'POST', '/tips', { token: student, body: tipBody(schoolId) })).status).toBe(429);
    const rows: { id: string }[] = await data.ds.query('SELECT id FROM tips WHERE school_id = ?', [schoolId]);
    expect(rows).toHaveLength(5);
    tipIds.push(...rows.map((r) => r.id));
  });

  it('/api/health on either server reports the worker process’s heartbeat', async () => {
    const health = (s: ServerProcess) => call(s, 'GET', '/api/health');
    await waitFor(async () => (await Promise.all(servers.map(health))).every((h) => h.body.delivery?.workersAlive === 1), async () => JSON.stringify(await Promise.all(servers.map(health))));
    for (const s of servers) {
      const h = await health(s);
      expect(h).toMatchObject({ status: 200, body: { database: true, delivery: { workersAlive: 1, noWorker: false } } });
      // The servers run no worker of their own: no in-process worker check, the fleet's heartbeat instead.
      expect(h.body.checks.worker).toBeUndefined();
      const clock = (await call(s, 'POST', '/__test/clock', { body: {} })).body.now;
      expect(Math.abs(Date.parse(h.body.delivery.lastHeartbeatAt) - Date.parse(clock))).toBeLessThan(5_000);
    }
  });

  it('every background job runs once: a content check per tip, each escalation, the daily rate-key purge', async () => {
    // Content check: one msg_sec_check and one audit entry per tip, though two servers took the submissions.
    await waitFor(async () => Number((await data.ds.query("SELECT COUNT(*) AS n FROM tips WHERE content_check = 'pending'"))[0].n) === 0,
      async () => JSON.stringify(await data.ds.query('SELECT id, content_check FROM tips')));
    expect(fake.stats().msg_sec_check).toBe(5);
    for (const id of tipIds) expect(await auditCount('tip.content_checked', id)).toBe(1);
    const flagged: { content_flag: number }[] = await data.ds.query('SELECT content_flag FROM tips');
    expect(flagged.every((r) => Number(r.content_flag) === 1)).toBe(true);
    const dayKeys = Number((await data.ds.query('SELECT COUNT(*) AS n FROM tip_rate_keys'))[0].n);
    expect(dayKeys).toBe(1);

    // A day and an hour pass for every process: both servers' clocks, and the worker restarted with the new offset.
    const advanceMs = 25 * HOUR;
    for (const s of servers) expect((await call(s, 'POST', '/__test/clock', { body: { advanceMs } })).status).toBe(200);
    await worker!.stop();
    worker = await startServer({ env: { ...env, ANXIN_CLOCK_OFFSET_MS: String(offsetMs + advanceMs) }, worker: true });

    // Each tip climbed to the principal and to the district exactly once.
    const escalations = async () => data.ds.query(
      "SELECT target_id, details FROM audit_entries WHERE action = 'tip.escalated'") as Promise<{ target_id: string; details: string }[]>;
    await waitFor(async () => (await escalations()).length >= tipIds.length * 2, async () => JSON.stringify(await escalations()));
    const levels = (await escalations()).map((e) => `${e.target_id}:${(typeof e.details === 'string' ? JSON.parse(e.details) : e.details).level}`).sort();
    expect(levels).toEqual(tipIds.flatMap((id) => [`${id}:district`, `${id}:principal`]).sort());

    // Yesterday's rate-limit key is gone (the purge is a periodic job of the worker), and so are ended counters.
    await waitFor(async () => Number((await data.ds.query('SELECT COUNT(*) AS n FROM tip_rate_keys'))[0].n) === 0,
      async () => JSON.stringify(await data.ds.query('SELECT day FROM tip_rate_keys')));
    await waitFor(async () => Number((await data.ds.query('SELECT COUNT(*) AS n FROM attempt_counters'))[0].n) === 0,
      async () => JSON.stringify(await data.ds.query('SELECT * FROM attempt_counters')));
    // The jobs' schedule is in the database; no server ran one (only the worker process, whose id they carry while running).
    const jobs: { name: string; runs: number; locked_by: string | null }[] = await data.ds.query('SELECT name, runs, locked_by FROM periodic_jobs ORDER BY name');
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['tenancy.attempt-counters.purge', 'tips.content-check', 'tips.rate-keys.purge']));
    // Still no second content check after all that time.
    expect(fake.stats().msg_sec_check).toBe(5);

    // And the limits of the past windows no longer hold: the guardian may look up a code again.
    const guardian = await login('guardian');
    expect((await call(servers[1], 'GET', '/invite-codes/DEMO3A01/lookup', { token: guardian })).status).toBe(200);
  });
});

import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { createTestDatabase, DeliveryDb, duplicates, type TestDatabase } from './support/delivery-db';
import { apiRequest, type ApiOptions } from './support/http';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

const MINUTE = 60_000;

/**
 * A WeCom group robot's 20 messages a minute hold across processes: two servers on one MariaDB database, each with
 * its worker, deliver 60 test messages to one robot (queued through both servers): 20 at once, 20 more each time
 * every clock — both servers' and the fake WeCom's — moves a minute on, never more than 20 in any 60 s at WeCom and
 * never a 45009. Only the database is shared between the two workers.
 */
describeOnEngines(['mariadb'], 'a WeCom robot\'s limit across processes', () => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  const servers: ServerProcess[] = [];
  let offsetMs = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    fake.robotClock = () => Date.now() + offsetMs;
    db = await createTestDatabase('mariadb');
    data = await DeliveryDb.open(db.url);
    // The clocks move a minute at a time, one process after the other, twice within seconds. A worker is taken for
    // dead when its last heartbeat looks older than three intervals, and a claimed row for abandoned when its lease
    // has run out; both are set well beyond what the jumps add (an interval of 120 s: a beat looks at most 120 s +
    // 2 minutes old, against 360 s), so the jumps never make one worker take over the other's rows in flight and
    // send them a second time.
    const env = {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: '100', ANXIN_WORKER_HEARTBEAT_MS: '120000', ANXIN_OUTBOX_LEASE_MS: '900000',
    };
    servers.push(await startServer({ env: { ...env, ANXIN_DEMO_SEED: 'true' } }));
    servers.push(await startServer({ env }));
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  const call = (i: number, method: string, path: string, opts: ApiOptions = {}) => apiRequest(servers[i % 2].url!, method, path, opts);
  /** Every clock a minute on: the fake's first, so WeCom's minute never lags the servers' (a lag would look like 21 in a minute). */
  async function nextMinute(): Promise<void> {
    offsetMs += MINUTE;
    for (let i = 0; i < servers.length; i++) expect((await call(i, 'POST', '/__test/clock', { body: { advanceMs: MINUTE } })).status).toBe(200);
  }
  const states = async (robotId: string) => Object.fromEntries(
    ((await data.ds.query('SELECT status, COUNT(*) AS n FROM outbox WHERE robot_id = ? GROUP BY status', [robotId])) as { status: string; n: string | number }[])
      .map((r) => [r.status, Number(r.n)]),
  );

  it('60 messages to one robot through two workers: 20 a minute, all delivered once, none refused', async () => {
    const admin = (await call(0, 'POST', '/auth/dev', { body: { role: 'admin', school: 'a' } })).body.token as string;
    const schoolId = (await call(0, 'GET', '/me', { token: admin })).body.roles.find((r: { schoolId: string | null }) => r.schoolId).schoolId;
    const key = fake.createRobot();
    const robot = await call(0, 'POST', `/schools/${schoolId}/robots`, { token: admin, body: { name: '全校家长群', scope: 'school', webhook: key } });
    expect(robot.status).toBe(201);
    for (let i = 0; i < 60; i++) expect((await call(i, 'POST', `/schools/${schoolId}/robots/${robot.body.id}/test`, { token: admin })).status).toBe(202);

    for (const expected of [20, 40, 60]) {
      await waitFor(async () => {
        const s = await states(robot.body.id);
        return fake.robotPosts(key).length === expected && (s.sent ?? 0) === expected && (s.pending ?? 0) === 60 - expected;
      }, async () => `${expected}: fake has ${fake.robotPosts(key).length}, outbox ${JSON.stringify(await states(robot.body.id))}`);
      if (expected < 60) {
        // Nothing more goes out within the minute.
        await new Promise((r) => setTimeout(r, 500));
        expect(fake.robotPosts(key)).toHaveLength(expected);
        await nextMinute();
      }
    }
    const posts = fake.robotPosts(key);
    expect(duplicates(posts.map((p) => p.idempotencyKey))).toEqual({ distinct: 60, duplicated: [] });
    expect(fake.messages().filter((m) => m.robotKey === key && m.errcode !== 0)).toEqual([]);
    const times = posts.map((p) => Date.parse(p.at)).sort((a, b) => a - b);
    for (let i = 0; i + 20 < times.length; i++) expect(times[i + 20] - times[i]).toBeGreaterThanOrEqual(MINUTE);
    // Both workers sent (locked_by keeps the worker that sent each row).
    const senders: { locked_by: string }[] = await data.ds.query('SELECT DISTINCT locked_by FROM outbox WHERE robot_id = ?', [robot.body.id]);
    expect(senders).toHaveLength(2);
  });
});

import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { createTestDatabase, DeliveryDb, duplicates, type TestDatabase } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

/** Two server processes (each with its worker) on one database share one access token. */
describeOnEngines(['sqlite', 'mariadb'], 'shared access token across two server processes', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    data = await DeliveryDb.open(db.url);
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  it('fetches one token between them and delivers every message once', async () => {
    const env = {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: '50', ANXIN_OUTBOX_BATCH: '10',
    };
    servers.push(await startServer({ env }));
    servers.push(await startServer({ env }));
    const users = await data.users(40, (i) => `o-token-${engine}-${i}`);
    for (const u of users) fake.registerOpenid(u.openid);
    await data.enqueue('token', users.map((u) => u.id));
    await waitFor(async () => ((await data.counts()).sent ?? 0) === 40, async () => JSON.stringify(await data.counts()));
    expect(fake.stats().stable_token).toBe(1);
    const d = duplicates(fake.delivered().map((m) => m.idempotencyKey));
    expect(d).toEqual({ distinct: 40, duplicated: [] });
    // Both processes are healthy, their workers included.
    for (const s of servers) {
      const health = await (await fetch(`${s.url}/api/health`)).json();
      expect(health.checks.worker).toBe(true);
    }
  });
});

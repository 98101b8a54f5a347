import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { createTestDatabase, DeliveryDb, duplicates, type TestDatabase, type TestEngine } from './support/delivery-db';
import { mariadbOrSkip, startServer, waitFor, type ServerProcess } from './support/server-process';

/**
 * kill -9 of a worker in the middle of a batch, then a restart: no row is lost, and none is sent twice
 * except at most the one that was in flight (the worker sends one at a time here).
 */
describe.each<TestEngine>(['sqlite', 'mariadb'])('worker killed mid-batch (%s)', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  let worker: ServerProcess | null = null;
  let run = true;

  beforeAll(async () => {
    if (engine === 'mariadb' && !(await mariadbOrSkip())) {
      run = false;
      return;
    }
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    data = await DeliveryDb.open(db.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  it('loses no row and sends none twice except at most the one in flight', async () => {
    if (!run) return;
    const env = {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      ANXIN_WORKER_POLL_MS: '50', ANXIN_OUTBOX_BATCH: '25', ANXIN_OUTBOX_CONCURRENCY: '1', ANXIN_OUTBOX_LEASE_MS: '1500',
    };
    const users = await data.users(60, (i) => `o-crash-${engine}-${i}`);
    for (const u of users) fake.registerOpenid(u.openid);
    await data.enqueue('crash', users.map((u) => u.id));
    // Slow answers, so the kill lands while a batch is being sent.
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 40 }, forMs: 600_000 });
    worker = await startServer({ env, worker: true });
    await waitFor(() => fake.delivered().length >= 8, () => `${fake.delivered().length} delivered`);
    await worker.kill9();
    const atKill = await data.counts();
    expect(atKill.sending ?? 0).toBeGreaterThan(0); // the batch was cut off mid-way
    fake.clearFaults();

    worker = await startServer({ env, worker: true });
    await waitFor(async () => ((await data.counts()).sent ?? 0) === 60, async () => JSON.stringify(await data.counts()));
    const d = duplicates(fake.delivered().map((m) => m.idempotencyKey));
    expect(d.distinct).toBe(60);
    expect(d.duplicated.length).toBeLessThanOrEqual(1);
    expect((await data.ids()).sort()).toEqual([...new Set(fake.delivered().map((m) => m.idempotencyKey))].sort());
  });
});

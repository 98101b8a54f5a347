import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { allowWechat, signIn } from './support/consent';
import { createTestDatabase, DeliveryDb, duplicates, type TestDatabase } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

/** Two worker processes on one MariaDB database (SKIP LOCKED) never send the same row. */
describeOnEngines(['mariadb'], 'two workers', () => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  const workers: ServerProcess[] = [];

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase('mariadb');
    data = await DeliveryDb.open(db.url);
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  it('deliver 500 messages over 5 rounds with no duplicate', async () => {
    const env = {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
      ANXIN_WORKER_POLL_MS: '20', ANXIN_OUTBOX_BATCH: '10', ANXIN_OUTBOX_CONCURRENCY: '4',
    };
    // The recipients log in (on an HTTP server of their own, without a worker) and allow five test messages each.
    const web = await startServer({ env: { ...env, ANXIN_WORKER: 'false' } });
    workers.push(web);
    const users = await signIn(web.url!, 'two', 100);
    await allowWechat(web.url!, fake, users, ['test.message'], 5);
    workers.push(await startServer({ env, worker: true }));
    workers.push(await startServer({ env, worker: true }));
    for (let round = 1; round <= 5; round++) {
      await data.enqueue(`two:${round}`, users.map((u) => u.id));
      await waitFor(async () => ((await data.counts()).sent ?? 0) === round * 100, async () => `round ${round}: ${JSON.stringify(await data.counts())}`);
    }
    const d = duplicates(fake.delivered().map((m) => m.idempotencyKey));
    expect(d).toEqual({ distinct: 500, duplicated: [] });
    expect(fake.messages()).toHaveLength(500);
    // Both workers took part (locked_by records who sent each row).
    const by: { locked_by: string; n: string | number }[] = await data.ds.query('SELECT locked_by, COUNT(*) AS n FROM outbox WHERE locked_by IS NOT NULL GROUP BY locked_by');
    expect(by).toHaveLength(2);
    expect(by.every((r) => Number(r.n) > 0)).toBe(true);
  });
});

import { allowWechat, signIn } from './support/consent';
import { deliverySuite, duplicates } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor } from './support/server-process';

/** Two server processes (each with its worker) on one database share one access token. */
describeOnEngines(['sqlite', 'mariadb'], 'shared access token across two server processes', (engine) => {
  const suite = deliverySuite(engine);

  it('fetches one token between them and delivers every message once', async () => {
    const env = {
      DATABASE_URL: suite.db.url, ANXIN_DATA_DIR: suite.db.dataDir, WECHAT_API_BASE: suite.fake.url, WECOM_API_BASE: suite.fake.url,
      ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: '50', ANXIN_OUTBOX_BATCH: '10',
    };
    suite.servers.push(await startServer({ env }));
    // The recipients log in and allow one test message each, before the second process shares the database.
    const users = await signIn(suite.servers[0].url!, `token-${engine}`, 40);
    await allowWechat(suite.servers[0].url!, suite.fake, users, ['test.message']);
    suite.servers.push(await startServer({ env }));
    await suite.data.enqueue('token', users.map((u) => u.id));
    await waitFor(async () => ((await suite.data.counts()).sent ?? 0) === 40, async () => JSON.stringify(await suite.data.counts()));
    expect(suite.fake.stats().stable_token).toBe(1);
    const d = duplicates(suite.fake.delivered().map((m) => m.idempotencyKey));
    expect(d).toEqual({ distinct: 40, duplicated: [] });
    // Both processes are healthy, their workers included.
    for (const s of suite.servers) {
      const health = await (await fetch(`${s.url}/api/health`)).json();
      expect(health.checks.worker).toBe(true);
    }
  });
});

import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { allowWechat, signIn } from './support/consent';
import { createTestDatabase, DeliveryDb, type TestDatabase } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor } from './support/server-process';

/** Our JSON log lines at level error or fatal, Nest's own ERROR lines and anything naming the lost connection. */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (/not established/i.test(line)) return true;
    if (line.startsWith('{')) {
      try {
        return ['error', 'fatal'].includes(JSON.parse(line).level);
      } catch {
        return true; // a torn line is not a clean log either
      }
    }
    return /\bERROR\b/.test(line);
  });
}

/**
 * SIGTERM stops a busy server cleanly: exit code 0 and not one error line; in particular no "Connection with mysql
 * database is not established" (the pool closed twice, or used after it was closed).
 */
describeOnEngines(['mariadb', 'sqlite'], 'SIGTERM on a busy server', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    data = await DeliveryDb.open(db.url);
  });
  afterAll(async () => {
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  it('exits 0 without an error line, three times in a row (worker polling, messages in flight, requests served)', async () => {
    // The recipients log in and allow a test message for each round (on a server started for that alone).
    const signer = await startServer({ env: { DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, ANXIN_WORKER: 'false' } });
    const users = await signIn(signer.url!, `stop-${engine}`, 30);
    await allowWechat(signer.url!, fake, users, ['test.message'], 3);
    await signer.stop();
    // Slow answers, so the worker is in the middle of sending when the signal comes.
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 100 }, forMs: 600_000 });
    for (let round = 0; round < 3; round++) {
      await data.enqueue(`stop-${round}`, users.map((u) => u.id));
      const server = await startServer({
        env: {
          DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url,
          ANXIN_WORKER_POLL_MS: '20', ANXIN_OUTBOX_CONCURRENCY: '2', LOG_LEVEL: 'info',
        },
      });
      const before = fake.messages().length;
      await waitFor(() => fake.messages().length > before, () => `${fake.messages().length - before} messages received in round ${round}`);
      const inFlight = Array.from({ length: 5 }, () => fetch(`${server.url}/api/health`).then((r) => r.status, () => 0));
      await server.stop();
      await Promise.all(inFlight);
      expect({ round, errors: errorLines(server.output()) }).toEqual({ round, errors: [] });
      expect({ round, exitCode: server.proc.exitCode, signal: server.proc.signalCode }).toEqual({ round, exitCode: 0, signal: null });
      expect(server.output()).toContain('"msg":"stopped"');
    }
  });
});

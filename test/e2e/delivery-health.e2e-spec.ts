import { allowWechat, signIn } from './support/consent';
import { deliverySuite } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

/**
 * `/api/health` → `delivery` while WeChat fails and after it recovers, on two real server processes: one runs
 * the worker, the other does not (ANXIN_WORKER=false) and still reports the same, because the state is in the
 * database. Delivery trouble answers 200 with status "degraded" (a load balancer keeps the instance).
 */
describeOnEngines(['sqlite', 'mariadb'], 'delivery health across instances', (engine) => {
  const suite = deliverySuite(engine);

  async function healthOf(s: ServerProcess): Promise<{ http: number; status: string; delivery: Record<string, unknown> }> {
    const res = await fetch(`${s.url}/api/health`);
    const body = await res.json();
    return { http: res.status, status: body.status, delivery: body.delivery };
  }

  it('is degraded on every instance while WeChat keeps failing, and ok again once messages go out', async () => {
    const env = {
      DATABASE_URL: suite.db.url, ANXIN_DATA_DIR: suite.db.dataDir, WECHAT_API_BASE: suite.fake.url, WECOM_API_BASE: suite.fake.url,
      ANXIN_WORKER_HEARTBEAT_MS: '300', ANXIN_OUTBOX_BACKOFF_MS: '200',
    };
    const withWorker = await startServer({ env });
    const withoutWorker = await startServer({ env: { ...env, ANXIN_WORKER: 'false' } });
    suite.servers.push(withWorker, withoutWorker);
    const describeAll = async () => JSON.stringify(await Promise.all(suite.servers.map(healthOf)));
    // The worker writes its first heartbeat as it starts its loop, just after the server answers.
    await waitFor(async () => (await Promise.all(suite.servers.map(healthOf))).every((h) => h.delivery?.workersAlive === 1), describeAll);
    for (const s of suite.servers) expect(await healthOf(s)).toMatchObject({ http: 200, status: 'ok', delivery: { status: 'ok', workersAlive: 1 } });

    const users = await signIn(withWorker.url!, `health-${engine}`, 5);
    await allowWechat(withWorker.url!, suite.fake, users, ['test.message']);
    suite.fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 }, forMs: 600_000 });
    await suite.data.enqueue('health', users.map((u) => u.id));
    await waitFor(async () => (await Promise.all(suite.servers.map(healthOf))).every((h) => h.delivery.wechatFailing === true), describeAll);
    for (const s of suite.servers) expect(await healthOf(s)).toMatchObject({ http: 200, status: 'degraded', delivery: { status: 'degraded', wechatFailing: true } });
    expect((await suite.data.counts()).sent ?? 0).toBe(0);

    suite.fake.clearFaults();
    await waitFor(async () => ((await suite.data.counts()).sent ?? 0) === 5, async () => JSON.stringify(await suite.data.counts()));
    await waitFor(async () => (await Promise.all(suite.servers.map(healthOf))).every((h) => h.status === 'ok'), describeAll);
    for (const s of suite.servers) expect(await healthOf(s)).toMatchObject({ http: 200, status: 'ok', delivery: { status: 'ok', wechatFailing: false, lateMessages: 0 } });
  });
});

import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { AuditService } from '../../src/platform/audit/audit.service';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { LOGGER } from '../../src/platform/common/logging/logger';
import { APP_CONFIG } from '../../src/platform/config/config.module';
import { CryptoService } from '../../src/platform/crypto/crypto.service';
import { inTransaction } from '../../src/platform/database/transaction';
import { AccessTokenService } from '../../src/platform/wechat/access-token.service';
import { wechatFetch } from '../../src/platform/wechat/wechat-http';
import { WechatClient } from '../../src/platform/wechat/wechat.client';
import { PeriodicJobs } from '../../src/platform/worker/periodic-jobs';
import { PeriodicJobEntity } from '../../src/platform/worker/periodic-job.entity';
import { WorkerHeartbeats } from '../../src/platform/worker/worker-heartbeats';
import { SessionEntity } from '../../src/features/identity/session.entity';
import { SessionService } from '../../src/features/identity/session.service';
import { hashSessionToken } from '../../src/features/identity/session-token';
import { AttemptLimiter } from '../../src/features/tenancy/attempt-limiter';
import { AttemptCounterEntity } from '../../src/features/tenancy/attempt-limiter.entity';
import { TipContentCheckFailureEntity } from '../../src/features/tips/tip-content-check-failure.entity';
import { TipContentCheckService } from '../../src/features/tips/tip-content-check.service';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { Clock } from '../../src/platform/common/clock/clock';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

const engine = (process.env.ANXIN_TEST_DB || 'sqlite') as 'sqlite' | 'mariadb';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Writes go through inTransaction, and tests say so loudly: a nested transaction, a WeChat call inside one and a
 * write the server's code makes outside one all throw under NODE_ENV=test. State that several server processes must
 * share (attempt limits, periodic jobs, the content check's failure counts, the access token refresh) lives in the
 * database: two instances of each service on one database stand in for two processes here (the e2e suite runs real ones).
 */
describe('transactions and state shared by every instance on one database', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    fake = await startFakeWechat({ riskyKeywords: ['砍死'] });
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    ids = await t.seedDemo();
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.clearFaults();
  });

  it('a logout issued while another transaction is rolling back stays done', async () => {
    const token = await t.login('guardian');
    const sessions = t.get(SessionService);
    const revoking = deferred();
    const revoke = sessions.revoke.bind(sessions);
    const spy = jest.spyOn(sessions, 'revoke').mockImplementation(async (id) => {
      revoking.resolve();
      return revoke(id);
    });
    const release = deferred();
    const opened = deferred();
    // Another request's transaction: it writes, waits until the logout has been issued, then fails and rolls back.
    const other = inTransaction(t.ds, async (m) => {
      await m.update(SessionEntity, { id: '00000000-0000-0000-0000-000000000000' }, { lastSeenOn: '2031-01-01' as never });
      opened.resolve();
      await release.promise;
      throw new Error('rolled back on purpose');
    });
    await opened.promise;
    const logout = t.request('POST', '/auth/logout', { token });
    await revoking.promise;
    release.resolve();
    await expect(other).rejects.toThrow('rolled back on purpose');
    expect((await logout).status).toBeLessThan(300);
    spy.mockRestore();
    expect((await t.request('GET', '/me', { token })).status).toBe(401);
    expect((await t.ds.getRepository(SessionEntity).findOneByOrFail({ tokenHash: hashSessionToken(token) })).revokedOn).not.toBeNull();
  });

  it('a nested inTransaction on the same data source throws instead of waiting for itself', async () => {
    await expect(inTransaction(t.ds, () => inTransaction(t.ds, async () => 1))).rejects.toThrow(/inside another inTransaction/);
    // After a transaction has ended, work it started (a commit listener, a kick) may open its own.
    let later: Promise<number> | null = null;
    await inTransaction(t.ds, async () => {
      later = new Promise((r) => setImmediate(r)).then(() => inTransaction(t.ds, async () => 2));
    });
    await expect(later).resolves.toBe(2);
  });

  it('a WeChat call inside a transaction throws before it is made', async () => {
    await expect(inTransaction(t.ds, () => wechatFetch('stable_token', `${fake.url}/cgi-bin/stable_token`, { method: 'POST', body: {} })))
      .rejects.toThrow(/WeChat call stable_token inside a database transaction/);
    expect(fake.stats().stable_token ?? 0).toBe(0);
  });

  it('a write the server makes outside inTransaction throws; the same write inside one runs', async () => {
    const sessions = t.get(SessionService);
    const userId = ids.a.userIds.teacher;
    await expect(sessions.revokeAllForUser(t.ds.manager, userId)).rejects.toThrow(/write outside inTransaction/);
    if (engine === 'mariadb') {
      // Inside a transaction but on another connection: it would commit apart from the transaction.
      await expect(inTransaction(t.ds, () => sessions.revokeAllForUser(t.ds.manager, userId))).rejects.toThrow(/write outside inTransaction/);
    }
    await inTransaction(t.ds, (m) => sessions.revokeAllForUser(m, userId));
    // A test's own set-up write (no server code on the stack) is its business.
    await t.ds.query('UPDATE sessions SET revoked_on = NULL WHERE user_id = ?', [userId]);
  });

  it('access token: several instances that find it stale make one stable_token call, with no transaction open', async () => {
    const config = t.get(APP_CONFIG);
    const instances = [0, 1, 2].map(() => new AccessTokenService(t.ds, config as never, t.get(LOGGER)));
    await inTransaction(t.ds, (m) => m.query('UPDATE wechat_access_tokens SET access_token = NULL, expires_at = NULL'));
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'delay', ms: 300 } });
    const tokens = await Promise.all(instances.map((s) => s.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.stats().stable_token).toBe(1);
    const row = await t.ds.query('SELECT refresh_by, refresh_until FROM wechat_access_tokens');
    expect(row).toEqual([{ refresh_by: null, refresh_until: null }]);
  });

  it('access token: a refresh that fails releases its lease, so the next caller asks WeChat at once', async () => {
    const config = t.get(APP_CONFIG);
    const svc = new AccessTokenService(t.ds, config as never, t.get(LOGGER));
    await inTransaction(t.ds, (m) => m.query('UPDATE wechat_access_tokens SET access_token = NULL, expires_at = NULL'));
    fake.injectFault({ endpoint: 'stable_token', fault: { type: 'errcode', errcode: -1 } });
    await expect(svc.getToken()).rejects.toMatchObject({ errcode: -1 });
    expect(await t.ds.query('SELECT refresh_by FROM wechat_access_tokens')).toEqual([{ refresh_by: null }]);
    await expect(new AccessTokenService(t.ds, config as never, t.get(LOGGER)).getToken()).resolves.toEqual(expect.any(String));
  });

  it('attempt limits: failures counted by two instances add up, refuse at the limit on both, and end with the window', async () => {
    const clock = new Clock();
    clock.set(new Date('2031-03-03T03:00:00.000Z'));
    const jobs = t.get(PeriodicJobs);
    const [a, b] = [new AttemptLimiter(t.ds, clock, jobs), new AttemptLimiter(t.ds, clock, jobs)];
    for (let i = 0; i < AttemptLimiter.MAX_FAILURES; i++) {
      const limiter = i % 2 ? a : b;
      await limiter.check('invite:user-x');
      await limiter.fail('invite:user-x');
    }
    await expect(a.check('invite:user-x')).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSec: expect.any(Number) } });
    await expect(b.check('invite:user-x')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(b.check('invite:user-y')).resolves.toBeUndefined();
    clock.advance(10 * 60_000);
    await expect(a.check('invite:user-x')).resolves.toBeUndefined();
    expect(await t.ds.getRepository(AttemptCounterEntity).count()).toBe(1);
    await a.purgeExpired();
    expect(await t.ds.getRepository(AttemptCounterEntity).count()).toBe(0);
  });

  it('periodic jobs: two workers offered the same job run it once per interval, never both at once', async () => {
    const heartbeats = t.get(WorkerHeartbeats);
    const stats = { failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null };
    await heartbeats.beat('worker-1', stats);
    await heartbeats.beat('worker-2', stats);
    const make = () => new PeriodicJobs(t.ds, t.get(APP_CONFIG), t.clock);
    const [one, two] = [make(), make()];
    let runs = 0;
    let running = 0;
    let overlapped = false;
    const gate = deferred();
    const started = deferred();
    const job = async () => {
      runs++;
      running++;
      if (running > 1) overlapped = true;
      started.resolve();
      await gate.promise;
      running--;
    };
    one.register('test.fleet-job', 60_000, job);
    two.register('test.fleet-job', 60_000, job);
    const first = one.runDue('worker-1', (_, e) => { throw e; });
    // While worker-1 runs it, worker-2 finds it held.
    await started.promise;
    await two.runDue('worker-2', (_, e) => { throw e; });
    gate.resolve();
    await first;
    expect(runs).toBe(1);
    // Not due again until the interval has passed, whoever asks.
    await two.runDue('worker-2', (_, e) => { throw e; });
    await one.runDue('worker-1', (_, e) => { throw e; });
    expect(runs).toBe(1);
    t.clock.advance(60_001);
    await heartbeats.beat('worker-1', stats);
    await heartbeats.beat('worker-2', stats);
    await Promise.all([one.runDue('worker-1', (_, e) => { throw e; }), two.runDue('worker-2', (_, e) => { throw e; })]);
    expect(runs).toBe(2);
    expect(overlapped).toBe(false);
    const row = (await one.rows()).find((r) => r.name === 'test.fleet-job')!;
    expect(row).toMatchObject({ runs: 2, lockedBy: null });
  });

  it('periodic jobs: a job held by a worker whose heartbeat stopped is taken over at once', async () => {
    const jobs = new PeriodicJobs(t.ds, t.get(APP_CONFIG), t.clock);
    let runs = 0;
    jobs.register('test.orphaned-job', 60_000, async () => void runs++);
    // A worker took the job and died (its heartbeat is old; its lease still runs for minutes).
    const now = t.clock.now();
    await inTransaction(t.ds, (m) => m.insert(PeriodicJobEntity, {
      name: 'test.orphaned-job', nextDueAt: now, lockedBy: 'dead-worker', lockedUntil: new Date(now.getTime() + 5 * 60_000),
      lastStartedAt: now, lastFinishedAt: null, runs: 1,
    }));
    await t.get(WorkerHeartbeats).beat('live-worker', { failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null });
    await jobs.runDue('live-worker', (_, e) => { throw e; });
    expect(runs).toBe(1);
  });

  it('content check: transient failures are counted in the database, so the limit holds whichever worker checks', async () => {
    const student = await t.login('student');
    expect((await submitTip(t, tipBody(ids.a.schoolId, { description: '有人在厕所堵我' }), { token: student })).status).toBe(201);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { contentCheck: 'pending' } });
    const make = () => new TipContentCheckService(t.ds, t.get(WechatClient), t.get(CryptoService), t.get(AuditService), t.get(PeriodicJobs), t.get(LOGGER));
    const workers = [make(), make()];
    fake.injectFault({ endpoint: 'msg_sec_check', fault: { type: 'errcode', errcode: -1 }, forMs: 60_000 });
    for (let i = 0; i < 4; i++) expect(await workers[i % 2].checkPending()).toBe(0);
    expect(await t.ds.getRepository(TipContentCheckFailureEntity).findOneByOrFail({ tipId: tip.id })).toMatchObject({ failures: 4 });
    expect(await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tip.id })).toMatchObject({ contentCheck: 'pending' });
    // The fifth failure, at the other worker, ends it: recorded as error, the count deleted, one audit entry.
    expect(await workers[0].checkPending()).toBe(1);
    expect(await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tip.id })).toMatchObject({ contentCheck: 'error', contentFlag: false });
    expect(await t.ds.getRepository(TipContentCheckFailureEntity).count()).toBe(0);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { targetId: tip.id, action: 'tip.content_checked' } })).toBe(1);
    expect(fake.stats().msg_sec_check).toBe(5);
  });
});

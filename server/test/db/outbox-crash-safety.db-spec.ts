import { randomUUID } from 'node:crypto';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import { UserEntity } from '../../src/features/identity/user.entity';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { WorkerHeartbeatEntity } from '../../src/platform/worker/worker-heartbeat.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';

const CONCURRENCY = 4;
const HEARTBEAT_MS = 2_000;
const MINUTE = 60_000;

/**
 * What a crash can cost: a worker holds only the rows truly in flight as `sending` (so only those can reach
 * WeChat twice), and a dead worker's rows are taken over as soon as its heartbeat stops, not when the lease ends.
 */
describe('outbox crash safety: rows in flight, worker heartbeats, taking over a dead worker\'s rows', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let worker: WorkerService;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({
      env: {
        WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_CONCURRENCY: String(CONCURRENCY), ANXIN_OUTBOX_BATCH: '50',
        ANXIN_WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS), ANXIN_OUTBOX_LEASE_MS: String(10 * MINUTE),
      },
    });
    outbox = t.get(OutboxService);
    dispatcher = t.get(OutboxDispatcher);
    worker = t.get(WorkerService);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await t.ds.query(`UPDATE outbox SET status = 'sent' WHERE status IN ('pending', 'sending')`);
  });

  /** Recipients WeChat knows, each of whom allowed one test message (in WeChat, and reported by the app). */
  async function users(count: number): Promise<UserEntity[]> {
    const out = await inTransaction(t.ds, async (m) => {
      const made: UserEntity[] = [];
      for (let i = 0; i < count; i++) {
        const openid = `o-crash-${randomUUID()}`;
        fake.registerOpenid(openid);
        made.push(await m.save(m.create(UserEntity, { openid, unionid: null, displayName: `用户${i}`, wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date() })));
      }
      return made;
    });
    for (const u of out) await allowWechat(t, fake, { userId: u.id }, ['test.message']);
    return out;
  }
  async function enqueue(recipients: UserEntity[]): Promise<string[]> {
    const keys = recipients.map(() => `crash:${++n}`);
    await inTransaction(t.ds, async (m) => {
      for (const [i, u] of recipients.entries()) {
        await outbox.enqueue(m, {
          dedupeKey: keys[i], channel: 'wechat_subscribe', schoolId: randomUUID(), recipientUserId: u.id, template: 'test.message',
          title: '测试', body: '送达测试', page: 'pages/inbox/index',
        });
      }
    });
    return keys;
  }
  const sendingCount = async () => t.ds.getRepository(OutboxEntity).count({ where: { status: 'sending' } });
  /** Rows left mid-send by a worker that is gone (as a kill -9 leaves them). */
  async function strand(keys: string[], lockedBy: string): Promise<void> {
    const lease = new Date(t.clock.now().getTime() + 10 * MINUTE);
    await inTransaction(t.ds, async (m) => {
      for (const dedupeKey of keys) await m.update(OutboxEntity, { dedupeKey }, { status: 'sending', lockedBy, lockedUntil: lease, nextAttemptAt: lease, attempts: 1 });
    });
  }
  async function heartbeat(workerId: string, beatAt: Date): Promise<void> {
    await inTransaction(t.ds, (m) => m.save(m.create(WorkerHeartbeatEntity, {
      workerId, startedAt: beatAt, beatAt, failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null,
    })));
  }
  const statusOf = async (keys: string[]) => (await t.ds.getRepository(OutboxEntity).find({ where: keys.map((dedupeKey) => ({ dedupeKey })) })).map((r) => r.status);

  it('holds no more rows as `sending` than it has sends in flight (concurrency), over a whole backlog', async () => {
    const keys = await enqueue(await users(30));
    // Slow answers, so each sample sees the worker mid-batch.
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 60 }, forMs: 60_000 });
    let done = false;
    const drained = dispatcher.drain().finally(() => (done = true));
    const samples: number[] = [];
    while (!done) {
      samples.push(await sendingCount());
      await new Promise((r) => setTimeout(r, 15));
    }
    await drained;
    fake.clearFaults();
    expect(Math.max(...samples)).toBeGreaterThan(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(CONCURRENCY);
    expect(new Set(await statusOf(keys))).toEqual(new Set(['sent']));
    expect(fake.delivered()).toHaveLength(30);
  });

  it('a worker writes its heartbeat row before it claims anything, and keeps it fresh', async () => {
    await worker.tick();
    const first = await t.ds.getRepository(WorkerHeartbeatEntity).findOneByOrFail({ workerId: dispatcher.workerId });
    expect(Math.abs(first.beatAt.getTime() - t.clock.now().getTime())).toBeLessThan(5_000);
    t.clock.advance(HEARTBEAT_MS);
    await worker.beat();
    const second = await t.ds.getRepository(WorkerHeartbeatEntity).findOneByOrFail({ workerId: dispatcher.workerId });
    expect(second.beatAt.getTime()).toBeGreaterThan(first.beatAt.getTime());
    expect(second.startedAt.getTime()).toBe(first.startedAt.getTime());
    t.clock.reset();
  });

  it('takes over the rows of a worker whose heartbeat stopped at once, long before their lease runs out', async () => {
    const [deadKeys, liveKeys, unknownKeys] = [await enqueue(await users(3)), await enqueue(await users(2)), await enqueue(await users(1))];
    const now = t.clock.now();
    await heartbeat('w-dead', new Date(now.getTime() - 3 * HEARTBEAT_MS - 1_000)); // missed three beats
    await heartbeat('w-live', new Date(now.getTime() - HEARTBEAT_MS)); // one beat ago: alive
    await strand(deadKeys, 'w-dead');
    await strand(liveKeys, 'w-live');
    await strand(unknownKeys, 'w-without-heartbeat'); // e.g. a worker of an older version: the lease decides
    t.clock.advance(1_000); // the dead-worker list is re-read at most every half interval
    expect(await dispatcher.drain()).toBe(3);
    expect(await statusOf(deadKeys)).toEqual(['sent', 'sent', 'sent']);
    expect(await statusOf(liveKeys)).toEqual(['sending', 'sending']);
    expect(await statusOf(unknownKeys)).toEqual(['sending']);
    const taken = await t.ds.getRepository(OutboxEntity).find({ where: deadKeys.map((dedupeKey) => ({ dedupeKey })) });
    expect(taken.every((r) => r.lockedBy === dispatcher.workerId && r.attempts === 2)).toBe(true);
    expect(fake.delivered()).toHaveLength(3);

    // The live worker's heartbeat stops too: its rows follow, still within their lease.
    t.clock.advance(3 * HEARTBEAT_MS);
    expect(await dispatcher.drain()).toBe(2);
    expect(await statusOf(liveKeys)).toEqual(['sent', 'sent']);
    // The lease stays the backstop for a worker that never wrote a heartbeat.
    expect(await statusOf(unknownKeys)).toEqual(['sending']);
    t.clock.advance(10 * MINUTE);
    expect(await dispatcher.drain()).toBe(1);
    expect(await statusOf(unknownKeys)).toEqual(['sent']);
    t.clock.reset();
  });

  it('a cleanly stopped worker removes its heartbeat row; long-gone workers are forgotten', async () => {
    await heartbeat('w-ancient', new Date(t.clock.now().getTime() - 25 * 60 * MINUTE));
    await worker.beat();
    expect(await t.ds.getRepository(WorkerHeartbeatEntity).countBy({ workerId: 'w-ancient' })).toBe(0);
    expect(await t.ds.getRepository(WorkerHeartbeatEntity).countBy({ workerId: dispatcher.workerId })).toBe(1);
    await worker.stop();
    expect(await t.ds.getRepository(WorkerHeartbeatEntity).countBy({ workerId: dispatcher.workerId })).toBe(0);
  });
});

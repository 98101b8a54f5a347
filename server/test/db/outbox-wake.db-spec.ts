import { randomUUID } from 'node:crypto';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import { UserEntity } from '../../src/features/identity/user.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import type { OutboxMessage } from '../../src/platform/outbox/outbox.types';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';

/** Longer than any test run: a message that arrives was sent because the commit woke the worker, not by a poll. */
const ONE_DAY_MS = 86_400_000;

let finished = false;

/** Resolves once `ok()` holds (checked every 10 ms); only the test's own time-out bounds it. */
async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await ok())) {
    if (finished) throw new Error('suite finished before the condition held');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the in-process worker delivers right after the enqueuing transaction commits (no poll)', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let outbox: OutboxService;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: String(ONE_DAY_MS) } });
    outbox = t.get(OutboxService);
  });
  afterAll(async () => {
    finished = true;
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  /** A recipient WeChat knows who allowed `allowed` new-tip messages (in WeChat, and reported by the app). */
  async function user(allowed = 1): Promise<UserEntity> {
    const openid = `o-wake-${randomUUID()}`;
    fake.registerOpenid(openid);
    const u = await inTransaction(t.ds, (m) => m.save(m.create(UserEntity, {
      openid, unionid: null, displayName: '用户', wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date(),
    })));
    await allowWechat(t, fake, { userId: u.id }, ['tip.new'], allowed);
    return u;
  }
  const message = (recipientUserId: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
    dedupeKey: `wake:${++n}`, channel: 'wechat_subscribe', schoolId: null, recipientUserId, template: 'tip.new',
    title: '新的欺凌举报', body: '三年级1班有同学反映被欺负，请尽快处理', page: `pages/staff/tip-detail?id=${n}`, ...extra,
  });
  const status = async (key: string) => (await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: key } })).status;

  it('a committed message reaches WeChat although the next poll is a day away', async () => {
    const u = await user();
    const msg = message(u.id);
    await inTransaction(t.ds, (m) => outbox.enqueue(m, msg));
    await until(() => fake.delivered().some((d) => d.touser === u.openid));
    await until(async () => (await status(msg.dedupeKey)) === 'sent');
    expect(fake.delivered().filter((d) => d.touser === u.openid)).toHaveLength(1);
    const row = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: msg.dedupeKey } });
    expect(row).toMatchObject({ attempts: 1, lockedUntil: null, lastError: null });
    expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime());
  });

  it('many commits at once: every message is delivered, each once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => user(4)));
    const msgs = Array.from({ length: 20 }, (_, i) => message(users[i % users.length].id));
    await Promise.all(msgs.map((msg) => inTransaction(t.ds, (m) => outbox.enqueue(m, msg))));
    await until(() => fake.delivered().length >= msgs.length);
    for (const msg of msgs) await until(async () => (await status(msg.dedupeKey)) === 'sent');
    const keys = fake.delivered().map((d) => d.idempotencyKey);
    expect(new Set(keys).size).toBe(msgs.length);
  });

  it('a rolled-back enqueue sends nothing, and the next commit still wakes the worker', async () => {
    const u = await user();
    const lost = message(u.id);
    await expect(inTransaction(t.ds, async (m) => {
      await outbox.enqueue(m, lost);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const kept = message(u.id);
    await inTransaction(t.ds, (m) => outbox.enqueue(m, kept));
    await until(async () => (await status(kept.dedupeKey)) === 'sent');
    expect(await t.ds.getRepository(OutboxEntity).count({ where: { dedupeKey: lost.dedupeKey } })).toBe(0);
    expect(fake.delivered().filter((d) => d.touser === u.openid)).toHaveLength(1);
  });
});

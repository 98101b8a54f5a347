import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import { UserEntity } from '../../src/features/identity/user.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { AlertEntity } from '../../src/platform/outbox/alert.entity';
import { LateAlerts } from '../../src/platform/outbox/late-alerts';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import type { OutboxMessage } from '../../src/platform/outbox/outbox.types';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { WorkerHeartbeatEntity } from '../../src/platform/worker/worker-heartbeat.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { allowWechat } from '../support/consent';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';

const MINUTE = 60_000;

/**
 * Delivery health (`/api/health` → `delivery`) from the database, and delivery alerts that reach the school's
 * admins by message and resolve when the late message is delivered.
 */
describe('delivery health and delivery alerts by message', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let worker: WorkerService;
  let schoolA: string;
  let admins: string[];
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_MAX_ATTEMPTS: '3', ANXIN_OUTBOX_BACKOFF_MS: '1000' } });
    schoolA = (await t.seedDemo()).a.schoolId;
    outbox = t.get(OutboxService);
    dispatcher = t.get(OutboxDispatcher);
    worker = t.get(WorkerService);
    admins = (await t.ds.getRepository(StaffRoleEntity).find({ where: { schoolId: schoolA, role: 'admin' } })).map((r) => r.userId);
    expect(admins.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    t.clock.reset();
    await t.ds.query(`UPDATE outbox SET status = 'sent' WHERE status IN ('pending', 'sending')`);
    await t.ds.query('DELETE FROM worker_heartbeats');
    Object.assign(dispatcher.stats, { failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null });
  });

  /** A recipient WeChat knows who allowed one new-tip message (in WeChat, and reported by the app). */
  async function user(): Promise<UserEntity> {
    const openid = `o-health-${randomUUID()}`;
    fake.registerOpenid(openid);
    const u = await inTransaction(t.ds, (m) => m.save(m.create(UserEntity, { openid, unionid: null, displayName: '联系人', wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date() })));
    await allowWechat(t, fake, { userId: u.id }, ['tip.new']);
    return u;
  }
  /** Each admin allows one delivery alert in WeChat. */
  const adminsAllowAlerts = async () => {
    for (const userId of admins) await allowWechat(t, fake, { userId }, ['delivery.alert']);
  };
  const raiseLateAlerts = () => t.get(LateAlerts).raise();
  async function enqueue(msg: Partial<OutboxMessage> = {}): Promise<string> {
    const recipientUserId = msg.recipientUserId ?? (await user()).id;
    const dedupeKey = `health:${++n}`;
    await inTransaction(t.ds, (m) => outbox.enqueue(m, {
      dedupeKey, channel: 'wechat_subscribe', schoolId: schoolA, template: 'tip.new', title: '新的欺凌举报', body: '请尽快受理',
      page: 'pages/inbox/index', ...msg, recipientUserId,
    }));
    return dedupeKey;
  }
  const row = (dedupeKey: string) => t.ds.getRepository(OutboxEntity).findOneByOrFail({ dedupeKey });
  const health = async () => {
    const res = await t.request('GET', '/api/health');
    return { http: res.status, status: res.body.status, delivery: res.body.delivery };
  };
  /** The messages about one alert (one per admin). */
  const alertMessages = (alertId: string) => t.ds.getRepository(OutboxEntity).find({ where: { template: 'delivery.alert', dedupeKey: Like(`delivery.alert:${alertId}|%`) } });

  it('is degraded (200) while a message waits past the alert time, and ok again once it is delivered', async () => {
    await worker.beat();
    const key = await enqueue();
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 } });
    await dispatcher.drain();
    expect((await row(key)).status).toBe('pending');
    await worker.beat();
    expect(await health()).toMatchObject({ http: 200, status: 'ok', delivery: { status: 'ok', lateMessages: 0, wechatFailing: false, workersAlive: 1 } });

    t.clock.advance(16 * MINUTE);
    await worker.beat();
    expect(await health()).toMatchObject({ http: 200, status: 'degraded', delivery: { status: 'degraded', lateMessages: 1, wechatFailing: false } });

    await dispatcher.drain();
    expect((await row(key)).status).toBe('sent');
    expect(await health()).toMatchObject({ http: 200, status: 'ok', delivery: { status: 'ok', lateMessages: 0 } });
  });

  it('is degraded while WeChat calls keep failing (as every instance sees it), and ok after a send succeeds', async () => {
    const keys = [await enqueue(), await enqueue(), await enqueue()];
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 }, forMs: 60_000 });
    await dispatcher.drain();
    await worker.beat();
    const failing = await health();
    expect(failing).toMatchObject({ http: 200, status: 'degraded', delivery: { status: 'degraded', wechatFailing: true, lateMessages: 0 } });
    // The streak is in the database, where another instance reads it.
    expect(await t.ds.getRepository(WorkerHeartbeatEntity).findOneByOrFail({ workerId: dispatcher.workerId })).toMatchObject({ failureStreak: 3 });

    fake.clearFaults();
    t.clock.advance(2 * MINUTE); // past the backoff
    await dispatcher.drain();
    await worker.beat();
    expect((await Promise.all(keys.map(row))).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await health()).toMatchObject({ http: 200, status: 'ok', delivery: { status: 'ok', wechatFailing: false } });
  });

  it('is degraded when messages are due and no worker anywhere has a fresh heartbeat', async () => {
    await enqueue();
    expect((await health()).delivery).toMatchObject({ workersAlive: 0 });
    t.clock.advance(10_000); // due for longer than a worker may stay silent
    expect(await health()).toMatchObject({ http: 200, status: 'degraded', delivery: { noWorker: true, workersAlive: 0 } });
    await worker.beat(); // a worker (in any process) comes up
    expect(await health()).toMatchObject({ delivery: { noWorker: false, workersAlive: 1 } });
  });

  it('a late message alerts each school admin once by message; when it is delivered the alert resolves and the admins are told', async () => {
    await adminsAllowAlerts();
    const key = await enqueue({ title: '迟迟未送达的消息' });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 } });
    await dispatcher.drain();
    t.clock.advance(16 * MINUTE);
    expect(await raiseLateAlerts()).toBe(1);
    const alert = await t.ds.getRepository(AlertEntity).findOneByOrFail({ subjectId: (await row(key)).id, kind: 'delivery.undelivered' });
    const messages = await alertMessages(alert.id);
    expect(messages.map((m) => m.recipientUserId).sort()).toEqual([...admins].sort());
    expect(messages.every((m) => m.channel === 'wechat_subscribe' && m.title === '消息迟迟未能送达' && m.body.includes('迟迟未送达的消息'))).toBe(true);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: admins.map((userId) => ({ userId, template: 'delivery.alert', outboxId: messages.find((m) => m.recipientUserId === userId)!.id })) })).toBe(admins.length);
    // Raised again (another worker, the next check): still one alert and one message per admin.
    t.clock.advance(MINUTE);
    expect(await raiseLateAlerts()).toBe(0);
    expect(await alertMessages(alert.id)).toHaveLength(admins.length);

    await dispatcher.drain();
    expect((await row(key)).status).toBe('sent');
    expect(fake.delivered().filter((m) => m.templateId === 'dev-delivery-alert')).toHaveLength(admins.length);
    expect((await t.ds.getRepository(AlertEntity).findOneByOrFail({ id: alert.id })).resolvedAt).not.toBeNull();
    const resolvedNotes = await t.ds.getRepository(InboxItemEntity).find({ where: { template: 'delivery.resolved' } });
    expect(resolvedNotes.filter((i) => i.dedupeKey.startsWith(`delivery.resolved:${alert.id}|`)).map((i) => i.userId).sort()).toEqual([...admins].sort());
    const list = await t.request('GET', `/schools/${schoolA}/delivery-alerts`, { token: await t.login('admin', 'a') });
    expect(list.body.items.find((a: { id: string }) => a.id === alert.id).resolvedAt).toEqual(expect.any(String));
  });

  it('a message held back on purpose (quiet hours) is late only counted from when it falls due, not from its enqueue', async () => {
    await worker.beat();
    const dueAt = new Date(t.clock.now().getTime() + 8 * 60 * MINUTE); // e.g. a letter published at 23:00, due at 07:00
    const key = await enqueue({ title: '早上七点再提醒', dueAt });
    t.clock.advance(60 * MINUTE);
    expect(await raiseLateAlerts()).toBe(0);
    await worker.beat();
    expect((await health()).delivery).toMatchObject({ lateMessages: 0 });

    t.clock.advance(7 * 60 * MINUTE + 16 * MINUTE); // now 16 minutes past its due time, and WeChat has not taken it
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 } });
    await dispatcher.drain();
    expect((await row(key)).status).toBe('pending');
    expect(await raiseLateAlerts()).toBe(1);
  });

  it('the late check and the health count read through ix_outbox_late: messages waiting for the morning are not read', async () => {
    await worker.beat();
    // A letter to 300 guardians published at 23:00, held until 07:00 (pending rows the whole night).
    const morning = new Date(t.clock.now().getTime() + 8 * 60 * MINUTE);
    const recipient = (await user()).id;
    await inTransaction(t.ds, (m) => outbox.enqueueMany(m, Array.from({ length: 300 }, (_, i) => ({
      dedupeKey: `health:night:${i}`, channel: 'wechat_subscribe' as const, schoolId: schoolA, recipientUserId: recipient, template: 'tip.new',
      title: '致家长的一封信', body: '请阅读', page: 'pages/inbox/index', dueAt: morning,
    }))));
    const late = await enqueue({ title: '迟迟未送达' });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 } });
    await dispatcher.drain();
    t.clock.advance(60 * MINUTE);

    const log = statementLog(t.ds);
    log.start();
    expect(await raiseLateAlerts()).toBe(1);
    await worker.beat();
    // The late row counts once it is alerted too (an alert is raised only for a late row); the 300 do not.
    expect((await health()).delivery).toMatchObject({ status: 'degraded', lateMessages: 1 });
    const reads = log.stopWithParameters().filter((s) => /^SELECT .* FROM [`"]outbox[`"] [`"]o[`"] WHERE .*alerted_at/.test(s.sql));
    expect(reads).toHaveLength(3); // the check, and the two counts of the health report
    for (const { sql, parameters } of reads) {
      if (t.ds.options.type === 'better-sqlite3') {
        const plan: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
        // A search of the index's range, down to due_at where the query asks for it (not every row of a status).
        expect(plan.map((p) => p.detail).join('; ')).toMatch(/alerted_at[`"]? IS NOT NULL/.test(sql)
          ? /^SEARCH o USING COVERING INDEX ix_outbox_late \(status=\? AND alerted_at>\?\)$/
          : /^SEARCH o USING (COVERING )?INDEX ix_outbox_late \(status=\? AND alerted_at=\? AND due_at<\?\)$/);
      } else {
        const plan: { key: string | null; rows: number }[] = await t.ds.query(`EXPLAIN ${sql}`, parameters);
        expect(plan.map((p) => p.key)).toEqual(['ix_outbox_late']);
        // The range holds the one late row, not the 300 waiting ones.
        expect(Number(plan[0].rows)).toBeLessThan(100);
      }
    }
    expect((await row(late)).alertedAt).not.toBeNull();
  });

  it('a message alerted as late while its send is in flight still resolves its alert when the send completes', async () => {
    const key = await enqueue({ title: '发送途中超时' });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 600 } });
    const drained = dispatcher.drain();
    for (let i = 0; i < 100 && (await row(key)).status !== 'sending'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await row(key)).status).toBe('sending');
    t.clock.advance(16 * MINUTE);
    expect(await raiseLateAlerts()).toBe(1);
    await drained;
    expect((await row(key)).status).toBe('sent');
    const alert = await t.ds.getRepository(AlertEntity).findOneByOrFail({ subjectId: (await row(key)).id, kind: 'delivery.undelivered' });
    expect(alert.resolvedAt).not.toBeNull();
  });

  it('an undeliverable message with the alert_admins fallback messages the admins; the admins\' own alert messages never raise alerts', async () => {
    await adminsAllowAlerts();
    const key = await enqueue({ fallback: { kind: 'alert_admins', schoolId: schoolA } });
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: 43101 } });
    await dispatcher.drain();
    expect((await row(key)).status).toBe('failed');
    const alert = await t.ds.getRepository(AlertEntity).findOneByOrFail({ subjectId: (await row(key)).id, kind: 'delivery.failed' });
    expect(await alertMessages(alert.id)).toHaveLength(admins.length);
    expect(fake.delivered().filter((m) => m.templateId === 'dev-delivery-alert')).toHaveLength(admins.length);

    // WeChat down for good: the admins' alert messages go dead and late, and stay in their inbox without new alerts.
    fake.reset();
    await allowWechat(t, fake, { userId: admins[0] }, ['delivery.alert']);
    const alertKey = `delivery.alert:${randomUUID()}|to:${admins[0]}`;
    await inTransaction(t.ds, (m) => outbox.enqueue(m, {
      dedupeKey: alertKey, channel: 'wechat_subscribe', schoolId: schoolA, recipientUserId: admins[0], template: 'delivery.alert',
      title: '消息未能送达', body: '测试', page: 'subpackages/staff/index/index', fallback: { kind: 'inbox_only' },
    }));
    fake.injectFault({ endpoint: 'subscribe', fault: { type: 'errcode', errcode: -1 }, forMs: 60_000 });
    for (let i = 0; i < 4; i++) {
      await dispatcher.drain();
      t.clock.advance(20 * MINUTE);
      await raiseLateAlerts();
    }
    expect((await row(alertKey)).status).toBe('dead');
    expect(await t.ds.getRepository(AlertEntity).countBy({ subjectId: (await row(alertKey)).id })).toBe(0);
  });
});

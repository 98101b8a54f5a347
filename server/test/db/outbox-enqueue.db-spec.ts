import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../src/platform/database/transaction';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { TestApp } from '../support/test-app';

describe('OutboxService.enqueue (real database)', () => {
  let t: TestApp;
  let outbox: OutboxService;
  beforeAll(async () => {
    t = await TestApp.start();
    outbox = t.get(OutboxService);
  });
  afterAll(() => t?.stop());

  const message = (key: string, userId: string) => ({
    dedupeKey: key, channel: 'wechat_subscribe' as const, schoolId: randomUUID(), recipientUserId: userId,
    template: 'test.message', title: '测试标题', body: '测试内容 😀', page: 'pages/inbox/index',
    data: { extra: 'x' }, fallback: { kind: 'inbox_only' as const },
  });

  it('writes the outbox row and the inbox copy in the caller\'s transaction', async () => {
    const userId = randomUUID();
    await inTransaction(t.ds, (m) => outbox.enqueue(m, message('k-1', userId)));
    const row = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'k-1' } });
    expect(row).toMatchObject({ status: 'pending', attempts: 0, recipientUserId: userId, data: { extra: 'x' }, fallback: { kind: 'inbox_only' } });
    const items = await t.ds.getRepository(InboxItemEntity).find({ where: { userId } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ outboxId: row.id, title: '测试标题', body: '测试内容 😀', readAt: null });
  });

  it('enqueues one row per dedupe key, even when the same event is enqueued twice', async () => {
    const userId = randomUUID();
    await inTransaction(t.ds, (m) => outbox.enqueue(m, message('k-2', userId)));
    await inTransaction(t.ds, (m) => outbox.enqueue(m, { ...message('k-2', userId), title: '第二次' }));
    await Promise.all([1, 2, 3].map(() => inTransaction(t.ds, (m) => outbox.enqueue(m, message('k-2', userId)))));
    expect(await t.ds.getRepository(OutboxEntity).count({ where: { dedupeKey: 'k-2' } })).toBe(1);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId } })).toBe(1);
    expect((await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'k-2' } })).title).toBe('测试标题');
  });

  it('writes nothing when the caller\'s transaction rolls back', async () => {
    const userId = randomUUID();
    await expect(inTransaction(t.ds, async (m) => {
      await outbox.enqueue(m, message('k-3', userId));
      throw new Error('domain change failed');
    })).rejects.toThrow('domain change failed');
    expect(await t.ds.getRepository(OutboxEntity).count({ where: { dedupeKey: 'k-3' } })).toBe(0);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId } })).toBe(0);
  });

  it('marks inbox-only messages delivered at once and refuses malformed messages', async () => {
    const userId = randomUUID();
    await inTransaction(t.ds, (m) => outbox.enqueue(m, { ...message('k-4', userId), channel: 'inbox_only' }));
    expect((await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'k-4' } })).status).toBe('sent');
    await expect(inTransaction(t.ds, (m) => outbox.enqueue(m, { ...message('k-5', userId), recipientUserId: null }))).rejects.toThrow(/recipientUserId/);
    await expect(inTransaction(t.ds, (m) => outbox.enqueue(m, { ...message('k-6', userId), channel: 'wecom_robot' }))).rejects.toThrow(/robotId/);
  });
});

import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../src/platform/database/transaction';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import type { OutboxMessage } from '../../src/platform/outbox/outbox.types';
import { onOutboxCommitted } from '../../src/platform/outbox/outbox-wake';
import { TestApp } from '../support/test-app';

const NOW = new Date('2031-03-03T02:00:00.000Z');

/**
 * `enqueueMany` (and `plan` then `enqueuePlanned`) write what `enqueue` writes, message for message (the stored rows
 * compared column by column, as the database holds them), skips a dedupe key already taken — in the table, earlier in
 * the same call, or by a concurrent transaction — without an error, and splits big calls into several statements.
 */
describe('OutboxService.enqueueMany (real database)', () => {
  let t: TestApp;
  let outbox: OutboxService;
  beforeAll(async () => {
    t = await TestApp.start();
    outbox = t.get(OutboxService);
  });
  afterAll(() => t?.stop());
  // One instant for every write, so rows written one way and the other can be compared column by column.
  beforeEach(() => jest.spyOn(t.clock, 'now').mockImplementation(() => new Date(NOW)));
  afterEach(() => jest.restoreAllMocks());

  const school = randomUUID();
  const robot = randomUUID();
  /** Every shape a message takes: data and fallback, inbox-only, a robot post, held back to a later time, long and odd text. */
  const variants = (prefix: string, users: string[]): OutboxMessage[] => [
    {
      dedupeKey: `${prefix}:subscribe`, channel: 'wechat_subscribe', schoolId: school, recipientUserId: users[0], template: 'notice.published',
      title: '关于召开期中家长会的通知', body: '阳光实验小学发来通知，请阅读并确认收到 😀', page: 'subpackages/notices/detail/index?id=1',
      data: { extra: 'x', 引号: '"\'\\' }, fallback: { kind: 'next_recipient', userIds: [users[1], users[2]] },
    },
    { dedupeKey: `${prefix}:inbox`, channel: 'inbox_only', schoolId: school, recipientUserId: users[1], template: 'notice.review', title: '需要复核', body: '' },
    { dedupeKey: `${prefix}:robot`, channel: 'wecom_robot', schoolId: school, robotId: robot, template: 'robot.notice', title: '群通知', body: '**加粗**\n[查看详情](x)' },
    {
      dedupeKey: `${prefix}:later`, channel: 'wechat_subscribe', schoolId: null, recipientUserId: users[2], template: 'notice.published',
      title: '夜'.repeat(250), body: '安静时段之后再发', fallback: { kind: 'inbox_only' }, dueAt: new Date('2031-03-03T23:00:00.000Z'),
    },
    { dedupeKey: `${prefix}:alert`, channel: 'wechat_subscribe', schoolId: school, recipientUserId: users[0], template: 'delivery.alert', title: 'x', body: 'y', fallback: { kind: 'alert_admins', schoolId: school } },
  ];

  /** The stored rows, as the database returns them (no entity transformers), keyed by the part of the key after the prefix. */
  async function stored(table: 'outbox' | 'inbox_items', prefix: string): Promise<Map<string, Record<string, unknown>>> {
    const rows: Record<string, unknown>[] = await t.ds.query(`SELECT * FROM ${table} WHERE dedupe_key LIKE ?`, [`${prefix}:%`]);
    return new Map(rows.map((r) => [String(r.dedupe_key).slice(prefix.length + 1), r]));
  }
  const without = (row: Record<string, unknown> | undefined, ...columns: string[]) => {
    const copy = { ...row };
    for (const c of columns) delete copy[c];
    return copy;
  };

  it('writes the same outbox rows and inbox copies as enqueue, message for message (also planned ahead)', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID()];
    await inTransaction(t.ds, async (m) => {
      for (const msg of variants('one', users)) await outbox.enqueue(m, msg);
    });
    await inTransaction(t.ds, (m) => outbox.enqueueMany(m, variants('many', users)));
    // Planned before the transaction (a fan-out's next batch): rows and statements built outside it.
    const planned = outbox.plan(t.ds, variants('planned', users));
    await inTransaction(t.ds, (m) => outbox.enqueuePlanned(m, planned));
    const [oneRows, oneInbox] = await Promise.all([stored('outbox', 'one'), stored('inbox_items', 'one')]);
    for (const prefix of ['many', 'planned']) {
      const [manyRows, manyInbox] = await Promise.all([stored('outbox', prefix), stored('inbox_items', prefix)]);
      expect([...manyRows.keys()].sort()).toEqual([...oneRows.keys()].sort());
      expect(manyRows.size).toBe(5);
      for (const [key, row] of oneRows) {
        expect(without(manyRows.get(key), 'id', 'dedupe_key')).toEqual(without(row, 'id', 'dedupe_key'));
      }
      // The robot post has no recipient, so no inbox copy; the others one each, pointing at their own outbox row.
      expect([...manyInbox.keys()].sort()).toEqual([...oneInbox.keys()].sort());
      expect(manyInbox.size).toBe(4);
      for (const [key, item] of oneInbox) {
        expect(without(manyInbox.get(key), 'id', 'dedupe_key', 'outbox_id')).toEqual(without(item, 'id', 'dedupe_key', 'outbox_id'));
        expect(manyInbox.get(key)!.outbox_id).toBe(manyRows.get(key)!.id);
        expect(item.outbox_id).toBe(oneRows.get(key)!.id);
      }
    }
    // And through the entities: the same values come back.
    const entity = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'many:subscribe' } });
    expect(entity).toMatchObject({
      status: 'pending', attempts: 0, data: { extra: 'x', 引号: '"\'\\' }, fallback: { kind: 'next_recipient', userIds: [users[1], users[2]] },
      nextAttemptAt: NOW, dueAt: NOW, createdAt: NOW, sentAt: null,
    });
    const later = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'many:later' } });
    expect(later.nextAttemptAt.toISOString()).toBe('2031-03-03T23:00:00.000Z');
    expect(later.title).toHaveLength(200);
    expect(await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: 'many:inbox' } })).toMatchObject({ status: 'sent', sentAt: NOW, deliveredVia: 'inbox_only' });
  });

  it('skips a dedupe key already taken or given twice, without an error, exactly as enqueue one by one does', async () => {
    const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];
    const msg = (prefix: string, key: string, userId: string, title: string): OutboxMessage => ({
      dedupeKey: `${prefix}:${key}`, channel: 'wechat_subscribe', schoolId: school, recipientUserId: userId, template: 'notice.published', title, body: '内容',
    });
    const batch = (prefix: string) => [
      msg(prefix, 'taken', u1, '第二次'), // the key exists: nothing changes, u1 already has its copy
      msg(prefix, 'new', u2, '新的'),
      msg(prefix, 'twice', u2, '先来的'), // given twice in one call: the first stays
      msg(prefix, 'twice', u3, '后来的'), // …and u3's copy points at the first's row, as enqueue would do
      msg(prefix, 'taken', u3, '第三次'),
    ];
    for (const prefix of ['one', 'many'].map((p) => `dup-${p}`)) {
      await inTransaction(t.ds, (m) => outbox.enqueue(m, msg(prefix, 'taken', u1, '第一次')));
    }
    await inTransaction(t.ds, async (m) => {
      for (const message of batch('dup-one')) await outbox.enqueue(m, message);
    });
    await inTransaction(t.ds, (m) => outbox.enqueueMany(m, batch('dup-many')));
    const rows = await stored('outbox', 'dup-many');
    expect([...rows.keys()].sort()).toEqual(['new', 'taken', 'twice']);
    expect(rows.get('taken')!.title).toBe('第一次');
    expect(rows.get('twice')!.title).toBe('先来的');
    const inbox = await t.ds.getRepository(InboxItemEntity).createQueryBuilder('i').where('i.dedupe_key LIKE :p', { p: 'dup-many:%' }).getMany();
    const copies = inbox.map((i) => `${i.dedupeKey.slice('dup-many:'.length)} ${i.userId === u1 ? 'u1' : i.userId === u2 ? 'u2' : 'u3'} ${i.title}`).sort();
    expect(copies).toEqual(['new u2 新的', 'taken u1 第一次', 'taken u3 第三次', 'twice u2 先来的', 'twice u3 后来的']);
    for (const i of inbox) expect(i.outboxId).toBe(rows.get(i.dedupeKey.slice('dup-many:'.length))!.id);
    // The same as enqueue, one message at a time.
    const oneRows = await stored('outbox', 'dup-one');
    for (const [key, row] of oneRows) expect(without(rows.get(key), 'id', 'dedupe_key')).toEqual(without(row, 'id', 'dedupe_key'));
    const oneCopies = (await t.ds.getRepository(InboxItemEntity).createQueryBuilder('i').where('i.dedupe_key LIKE :p', { p: 'dup-one:%' }).getMany())
      .map((i) => `${i.dedupeKey.slice('dup-one:'.length)} ${i.userId === u1 ? 'u1' : i.userId === u2 ? 'u2' : 'u3'} ${i.title}`).sort();
    expect(oneCopies).toEqual(copies);
  });

  it('concurrent transactions enqueueing overlapping keys: one row per key, one copy per recipient, no error', async () => {
    const users = Array.from({ length: 40 }, () => randomUUID());
    const msg = (i: number): OutboxMessage => ({
      dedupeKey: `race:${String(i).padStart(3, '0')}`, channel: 'wechat_subscribe', schoolId: school, recipientUserId: users[i % users.length],
      template: 'notice.published', title: `通知 ${i}`, body: '内容',
    });
    // Three callers, each with 100 keys, overlapping by half, in different orders.
    const calls = [0, 50, 100].map((from, k) => {
      const list = Array.from({ length: 100 }, (_, i) => msg(from + i));
      return k === 1 ? list.reverse() : list;
    });
    await Promise.all(calls.map((list) => inTransaction(t.ds, (m) => outbox.enqueueMany(m, list))));
    const rows = await stored('outbox', 'race');
    expect(rows.size).toBe(200);
    const inbox = await t.ds.query("SELECT dedupe_key, user_id, outbox_id FROM inbox_items WHERE dedupe_key LIKE 'race:%'");
    expect(inbox).toHaveLength(200);
    for (const i of inbox) expect(i.outbox_id).toBe(rows.get(i.dedupe_key.slice('race:'.length))!.id);
  });

  it('splits a big call into statements the engines accept: 2,000 messages, and 600 with 2,000-character bodies', async () => {
    const user = randomUUID();
    const many = Array.from({ length: 2000 }, (_, i): OutboxMessage => ({
      dedupeKey: `big:${i}`, channel: 'wechat_subscribe', schoolId: school, recipientUserId: user, template: 'notice.published', title: `通知 ${i}`, body: '请阅读',
    }));
    const long = Array.from({ length: 600 }, (_, i): OutboxMessage => ({
      dedupeKey: `long:${i}`, channel: 'inbox_only', schoolId: school, recipientUserId: user, template: 'notice.published', title: `长通知 ${i}`, body: '长'.repeat(2000),
    }));
    await inTransaction(t.ds, async (m) => {
      await outbox.enqueueMany(m, many);
      await outbox.enqueueMany(m, long);
    });
    expect((await stored('outbox', 'big')).size).toBe(2000);
    expect((await stored('inbox_items', 'big')).size).toBe(2000);
    const longRows = await stored('outbox', 'long');
    expect(longRows.size).toBe(600);
    expect([...longRows.values()].every((r) => r.body === '长'.repeat(2000))).toBe(true);
    const mismatched = await t.ds.query(`SELECT COUNT(*) AS n FROM inbox_items i JOIN outbox o ON o.id = i.outbox_id
      WHERE (i.dedupe_key LIKE 'big:%' OR i.dedupe_key LIKE 'long:%') AND o.dedupe_key <> i.dedupe_key`);
    expect(Number(mismatched[0].n)).toBe(0);
  });

  it('writes nothing when the caller\'s transaction rolls back, and nothing of a malformed call', async () => {
    const user = randomUUID();
    const good: OutboxMessage = { dedupeKey: 'rb:1', channel: 'wechat_subscribe', schoolId: null, recipientUserId: user, template: 'test.message', title: 't', body: 'b' };
    await expect(inTransaction(t.ds, async (m) => {
      await outbox.enqueueMany(m, [good, { ...good, dedupeKey: 'rb:2' }]);
      throw new Error('domain change failed');
    })).rejects.toThrow('domain change failed');
    expect((await stored('outbox', 'rb')).size).toBe(0);
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: user } })).toBe(0);
    await expect(inTransaction(t.ds, (m) => outbox.enqueueMany(m, [good, { ...good, dedupeKey: 'rb:3', recipientUserId: null }]))).rejects.toThrow(/recipientUserId/);
    // A value the column cannot hold is an error on both engines (INSERT IGNORE would cut it short on MariaDB).
    await expect(inTransaction(t.ds, (m) => outbox.enqueueMany(m, [good, { ...good, dedupeKey: 'rb:4', page: 'p'.repeat(256) }]))).rejects.toThrow(/page is longer than 255/);
    await expect(inTransaction(t.ds, (m) => outbox.enqueueMany(m, [{ ...good, dedupeKey: 'rb:5', template: 't'.repeat(65) }]))).rejects.toThrow(/template is longer than 64/);
    expect((await stored('outbox', 'rb')).size).toBe(0);
  });

  it('wakes the in-process worker once per commit, and only for messages due now', async () => {
    let wakes = 0;
    const stop = onOutboxCommitted(t.ds, () => wakes++);
    try {
      const user = randomUUID();
      const base = { channel: 'wechat_subscribe' as const, schoolId: null, recipientUserId: user, template: 'test.message', title: 't', body: 'b' };
      await inTransaction(t.ds, (m) => outbox.enqueueMany(m, Array.from({ length: 30 }, (_, i) => ({ ...base, dedupeKey: `wake:${i}` }))));
      expect(wakes).toBe(1);
      await inTransaction(t.ds, (m) => outbox.enqueueMany(m, [
        { ...base, dedupeKey: 'wake:later', dueAt: new Date(NOW.getTime() + 3_600_000) },
        { ...base, dedupeKey: 'wake:inbox', channel: 'inbox_only' },
      ]));
      expect(wakes).toBe(1);
      await inTransaction(t.ds, (m) => outbox.enqueueMany(m, []));
      expect(wakes).toBe(1);
    } finally {
      stop();
    }
  });
});

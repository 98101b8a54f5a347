import { inTransaction } from '../../src/platform/database/transaction';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { TestApp } from '../support/test-app';

describe('in-app inbox routes (real database)', () => {
  let t: TestApp;
  let guardian: string;
  let teacher: string;
  let guardianId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const ids = await t.seedDemo();
    guardianId = ids.a.userIds.guardian;
    const outbox = t.get(OutboxService);
    for (let i = 1; i <= 5; i++) {
      await inTransaction(t.ds, (m) => outbox.enqueue(m, {
        dedupeKey: `inbox-test:${i}`, channel: i % 2 ? 'wechat_subscribe' : 'inbox_only', schoolId: ids.a.schoolId, recipientUserId: guardianId,
        template: 'notice.published', title: `通知${i}`, body: `内容${i}`, page: i === 1 ? 'pages/notice/detail?id=1' : null,
      }));
      t.clock.advance(1000);
    }
    guardian = await t.login('guardian', 'a');
    teacher = await t.login('teacher', 'a');
  });
  afterAll(() => t?.stop());

  it('lists the caller\'s items newest first, pages with before, and counts unread', async () => {
    const page = await t.request('GET', '/me/inbox?limit=2', { token: guardian });
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(5);
    expect(page.body.items.map((i: any) => i.title)).toEqual(['通知5', '通知4']);
    expect(Object.keys(page.body.items[0]).sort()).toEqual(['body', 'createdAt', 'delivery', 'id', 'page', 'readAt', 'template', 'title']);
    // Each item says how it reached the guardian: 通知5 waits for the worker (WeChat), 通知4 was for the inbox only.
    expect(page.body.items.map((i: any) => i.delivery)).toEqual([{ via: 'pending', reason: null }, { via: 'inbox_only', reason: 'inbox_channel' }]);
    const next = await t.request('GET', `/me/inbox?limit=10&before=${encodeURIComponent(page.body.items[1].createdAt)}`, { token: guardian });
    expect(next.body.items.map((i: any) => i.title)).toEqual(['通知3', '通知2', '通知1']);
    expect(next.body.items[2].page).toBe('pages/notice/detail?id=1');
    expect((await t.request('GET', '/me/inbox/unread-count', { token: guardian })).body).toEqual({ count: 5 });
    expect((await t.request('GET', '/me/inbox', { token: teacher })).body).toEqual({ items: [], total: 0 });
  });

  it('marks one item read, then all; unreadOnly filters', async () => {
    const all = (await t.request('GET', '/me/inbox', { token: guardian })).body.items;
    const read = await t.request('POST', `/me/inbox/${all[0].id}/read`, { token: guardian });
    expect(read.status).toBe(204);
    const again = await t.request('POST', `/me/inbox/${all[0].id}/read`, { token: guardian });
    expect(again.status).toBe(204);
    expect((await t.request('GET', '/me/inbox/unread-count', { token: guardian })).body.count).toBe(4);
    const unread = await t.request('GET', '/me/inbox?unreadOnly=true', { token: guardian });
    expect(unread.body.total).toBe(4);
    expect(unread.body.items.some((i: any) => i.id === all[0].id)).toBe(false);
    const first = (await t.request('GET', '/me/inbox', { token: guardian })).body.items[0];
    expect(first.readAt).not.toBeNull();
    expect((await t.request('POST', '/me/inbox/read-all', { token: guardian })).status).toBe(204);
    expect((await t.request('GET', '/me/inbox/unread-count', { token: guardian })).body.count).toBe(0);
  });

  it('another user\'s item does not exist for the caller; bad input and anonymous callers are refused', async () => {
    const item = (await t.request('GET', '/me/inbox', { token: guardian })).body.items[0];
    const res = await t.request('POST', `/me/inbox/${item.id}/read`, { token: teacher });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await t.request('POST', '/me/inbox/not-a-uuid/read', { token: guardian })).status).toBe(400);
    expect((await t.request('GET', '/me/inbox?limit=1000', { token: guardian })).status).toBe(400);
    expect((await t.request('GET', '/me/inbox?before=yesterday', { token: guardian })).status).toBe(400);
    expect((await t.request('GET', '/me/inbox')).status).toBe(401);
  });
});

import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';

/**
 * Binding requests, approvals and rejections reach the people concerned, through the outbox and the in-app inbox,
 * written with the change (a rolled-back request leaves no message).
 */
describe('bindings tell the people concerned (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let guardian: string;
  let teacher: string;
  const students: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    guardian = await t.login('guardian');
    teacher = await t.login('teacher');
    const admin = await t.login('admin');
    for (const cls of ids.a.classIds) {
      for (const s of (await t.request('GET', `/classes/${cls}/students`, { token: admin })).body) students[s.name] = s.id;
    }
  });
  afterAll(() => t?.stop());

  const bind = (body: Record<string, unknown>, inviteCode = 'DEMO3A01') =>
    t.request('POST', '/bindings', { token: guardian, body: { inviteCode, relation: 'mother', consentVersion: CHILD_DATA_CONSENT_VERSION, ...body } });
  const inbox = (userId: string) => t.ds.getRepository(InboxItemEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
  const outboxTo = (userId: string, template: string) => t.ds.getRepository(OutboxEntity).find({ where: { recipientUserId: userId, template } });

  it('a request waiting for a decision: the class teacher finds it in 消息, opening the approvals page', async () => {
    const before = (await inbox(ids.a.userIds.teacher)).length;
    const req = await bind({ studentId: students['张子轩'], studentName: '张子轩' });
    expect(req.status).toBe(201);
    const items = (await inbox(ids.a.userIds.teacher)).slice(before);
    expect(items.map((i) => ({ title: i.title, body: i.body, page: i.page }))).toEqual([
      { title: '新的绑定申请', body: '张子轩（三年级1班）的母亲申请绑定，请核对后审核', page: 'subpackages/staff/approvals/index' },
    ]);
    // In-app only: teachers are not asked for a WeChat template for this.
    expect((await outboxTo(ids.a.userIds.teacher, 'binding.requested'))[0]).toMatchObject({ channel: 'inbox_only' });
    // Nobody else of the school hears of it.
    expect(await inbox(ids.a.userIds.principal)).toEqual([]);
  });

  it('approved by the teacher: the guardian gets binding.decided (WeChat, and 消息)', async () => {
    const pending = (await t.request('GET', `/classes/${ids.a.teacherClassId}/bindings?status=pending`, { token: teacher })).body;
    expect((await t.request('POST', `/bindings/${pending[0].id}/approve`, { token: teacher })).status).toBe(200);
    const sent = await outboxTo(ids.a.userIds.guardian, 'binding.decided');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'wechat_subscribe', title: '张子轩的绑定申请', data: { result: '已通过' }, page: 'pages/index/index' });
    expect((await inbox(ids.a.userIds.guardian)).map((i) => i.body)).toEqual(['班主任已同意，您已绑定张子轩']);
  });

  it('rejected with a reason: the guardian is told why', async () => {
    const req = await bind({ studentId: students['刘思彤'], studentName: '刘思彤' });
    expect(req.status).toBe(201);
    expect((await t.request('POST', `/bindings/${req.body.id}/reject`, { token: teacher, body: { reason: '请用花名册上登记的手机号重新申请' } })).status).toBe(200);
    const sent = (await outboxTo(ids.a.userIds.guardian, 'binding.decided')).find((m) => m.title === '刘思彤的绑定申请');
    expect(sent).toMatchObject({ data: { result: '未通过' }, body: '班主任未同意您的绑定申请：请用花名册上登记的手机号重新申请' });
    // Asking again after a rejection is a new request: the teacher hears of it again.
    const again = await bind({ studentId: students['刘思彤'], studentName: '刘思彤' });
    expect(again.status).toBe(201);
    expect((await inbox(ids.a.userIds.teacher)).filter((i) => i.body.startsWith('刘思彤')).map((i) => i.title)).toEqual(['新的绑定申请', '新的绑定申请']);
  });

  it('approved at once by the roster phone: the class teacher is told, for their information', async () => {
    const res = await bind({ studentId: students['王小明'], studentName: '王小明', phone: '13800000001' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('approved');
    const items = (await inbox(ids.a.userIds.teacher)).filter((i) => i.body.startsWith('王小明'));
    expect(items.map((i) => ({ title: i.title, body: i.body }))).toEqual([{ title: '家长已自动绑定', body: '王小明（三年级1班）的母亲手机号与花名册一致，已自动绑定' }]);
  });

  it('a class without a teacher: the school admins get the request', async () => {
    // 三年级2班 (DEMO3A02): the demo teacher teaches only 三年级1班.
    const res = await bind({ studentId: students['周欣怡'], studentName: '周欣怡' }, 'DEMO3A02');
    expect(res.status).toBe(201);
    expect((await inbox(ids.a.userIds.admin)).map((i) => i.title)).toEqual(['新的绑定申请']);
  });

  it('a refused request (wrong name) leaves no message behind', async () => {
    const count = await t.ds.getRepository(InboxItemEntity).count();
    expect((await bind({ studentId: students['李雨涵'], studentName: '李雨' })).status).toBe(422);
    expect(await t.ds.getRepository(InboxItemEntity).count()).toBe(count);
  });
});

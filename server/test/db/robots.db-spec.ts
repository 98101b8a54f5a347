import { ModuleRef } from '@nestjs/core';
import { Like } from 'typeorm';
import type { NoticeDraftRequest } from '@anxin/shared';
import { startFakeWechat, type FakeWechat, type ReceivedMessage } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { GradeEntity } from '../../src/features/tenancy/grade.entity';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { AlertEntity } from '../../src/platform/outbox/alert.entity';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxModule } from '../../src/platform/outbox/outbox.module';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { RobotPosts, type RobotAudience, type RobotPost } from '../../src/platform/robots/robot-posts';
import { WecomRobotEntity } from '../../src/platform/robots/wecom-robot.entity';
import { TestApp } from '../support/test-app';
import { draft } from './notices-helpers';

const MINUTE = 60_000;

/**
 * WeCom group robots against the fake WeCom server: registration with the key encrypted at rest and masked in every
 * answer, access, the test message through the outbox, 93000 → a broken robot and one alert, and the per-robot limit
 * of 20 a minute held in the database (shared by two dispatchers), with time moved by the Clock.
 */
describe('WeCom group robots', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let dispatcher: OutboxDispatcher;
  let posts: RobotPosts;
  const tok: Record<string, string> = {};
  let gradeA: GradeEntity;
  let classA: ClassEntity;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_CONCURRENCY: '8' } });
    ids = await t.seedDemo();
    dispatcher = t.get(OutboxDispatcher);
    posts = t.get(RobotPosts);
    // The fake's per-minute window reads the server's clock, so moving the Clock moves WeCom's minute too.
    fake.robotClock = () => t.clock.now().getTime();
    for (const role of ['admin', 'principal', 'teacher', 'contact', 'district'] as const) tok[`${role}:a`] = await t.login(role, 'a');
    tok['admin:b'] = await t.login('admin', 'b');
    classA = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: ids.a.teacherClassId });
    gradeA = await t.ds.getRepository(GradeEntity).findOneByOrFail({ id: classA.gradeId });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    // Nothing due from an earlier test, and only the robots a test registers itself are on (audiences reach every active one).
    await inTransaction(t.ds, async (m) => {
      await m.createQueryBuilder().update(OutboxEntity).set({ status: 'sent' }).where("status IN ('pending', 'sending')").execute();
      await m.update(WecomRobotEntity, { schoolId: ids.a.schoolId }, { status: 'disabled' });
    });
  });

  const robots = (token = tok['admin:a'], school = ids.a.schoolId) => t.request('GET', `/schools/${school}/robots`, { token });
  const register = (body: Record<string, unknown>, token = tok['admin:a'], school = ids.a.schoolId) =>
    t.request('POST', `/schools/${school}/robots`, { token, body });
  /** A robot WeCom knows (fake.createRobot) registered at school A; answers its id and key. */
  async function robot(name: string, scope: Record<string, unknown> = { scope: 'school' }): Promise<{ id: string; key: string }> {
    const key = fake.createRobot();
    const res = await register({ name, ...scope, webhook: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    expect(res.status).toBe(201);
    return { id: res.body.id, key };
  }
  const enqueue = (audience: RobotAudience, post: Partial<RobotPost> = {}) =>
    inTransaction(t.ds, (m) => posts.enqueueForAudience(m, ids.a.schoolId, audience, {
      purpose: 'urgent', title: '紧急提醒', markdown: '请家长留意孩子放学路上的安全。', link: 'https://anxin.example.cn/n/1', dedupeKey: `warning:${++n}`, ...post,
    }));
  const robotRow = (id: string) => t.ds.getRepository(WecomRobotEntity).findOneByOrFail({ id });

  it('registers robots for the school, a grade and a class; the key is encrypted at rest and only ever shown masked', async () => {
    const key = fake.createRobot();
    const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;
    const created = await register({ name: '三年级1班家长群', scope: 'class', scopeId: classA.id, webhook: url });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '三年级1班家长群', scope: 'class', scopeId: classA.id, scopeName: `${gradeA.name}${classA.name}`, keyMasked: `****${key.slice(-4)}`,
      status: 'active', lastResult: null, lastTest: null,
    });
    const gradeKey = fake.createRobot();
    expect((await register({ name: '年级群', scope: 'grade', scopeId: gradeA.id, webhook: gradeKey })).body).toMatchObject({ scopeName: gradeA.name });
    const list = await robots();
    expect(list.status).toBe(200);
    expect(list.body.settings).toEqual({ noticesToRobots: false });
    const mine = list.body.robots.find((r: { id: string }) => r.id === created.body.id);
    expect(mine.keyMasked).toBe(`****${key.slice(-4)}`);
    for (const body of [created.body, list.body]) {
      expect(JSON.stringify(body)).not.toContain(key);
      expect(JSON.stringify(body)).not.toContain(gradeKey);
    }

    // At rest: an AES-GCM envelope under the school's data key, a keyed digest and the last four characters; never the key.
    const [raw] = await t.ds.query('SELECT * FROM wecom_robots WHERE id = ?', [created.body.id]);
    expect(raw.key_ciphertext).toMatch(/^enc1\.[0-9a-f-]{36}\.[A-Za-z0-9+/=]+$/);
    expect(raw.key_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(raw.key_hint).toBe(key.slice(-4));
    expect(JSON.stringify(raw)).not.toContain(key);
    expect(JSON.stringify(raw)).not.toContain(key.slice(0, 12));

    // The audit log has the registration, with the key masked.
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'robot.registered', targetId: created.body.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(key);
    expect(audit[0].details).toMatchObject({ name: '三年级1班家长群', scope: 'class', key: `****${key.slice(-4)}` });
  });

  it('refuses a key registered twice, something that is not a webhook, and a grade or class of another school', async () => {
    const key = fake.createRobot();
    expect((await register({ name: '全校群', scope: 'school', webhook: key })).status).toBe(201);
    const again = await register({ name: '又一个', scope: 'school', webhook: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS' });
    // The same key may belong to another school's registration (its own data key, its own digest).
    expect((await register({ name: '另一所学校', scope: 'school', webhook: key }, tok['admin:b'], ids.b.schoolId)).status).toBe(201);
    const bad = await register({ name: '坏地址', scope: 'school', webhook: 'https://example.com/hook' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ROBOT_WEBHOOK_INVALID');
    expect((await register({ name: '缺班级', scope: 'class', webhook: fake.createRobot() })).status).toBe(400);
    expect((await register({ name: '多余', scope: 'school', scopeId: classA.id, webhook: fake.createRobot() })).status).toBe(400);
    expect((await register({ name: '别校班级', scope: 'class', scopeId: ids.b.teacherClassId, webhook: fake.createRobot() })).status).toBe(404);
    expect((await register({ name: '别校年级', scope: 'grade', scopeId: ids.b.teacherClassId, webhook: fake.createRobot() })).status).toBe(404);
  });

  it('only the school admin and principal manage robots: a teacher or the contact 403, another school 404, nobody signed in 401', async () => {
    const { id } = await robot('权限测试群');
    expect((await robots(tok['principal:a'])).status).toBe(200);
    for (const role of ['teacher', 'contact', 'district']) {
      expect((await robots(tok[`${role}:a`])).status).toBe(403);
      expect((await register({ name: 'x', scope: 'school', webhook: fake.createRobot() }, tok[`${role}:a`])).status).toBe(403);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/robots/${id}/test`, { token: tok[`${role}:a`] })).status).toBe(403);
    }
    const other = tok['admin:b'];
    expect((await robots(other)).status).toBe(404);
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/robots/${id}/test`, { token: other })).status).toBe(404);
    expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/robots/${id}`, { token: other })).status).toBe(404);
    // School B's admin naming school A's robot under school B: still not found.
    expect((await t.request('DELETE', `/schools/${ids.b.schoolId}/robots/${id}`, { token: other })).status).toBe(404);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/robots`)).status).toBe(401);
    expect((await robotRow(id)).status).toBe('active');
  });

  it('the test button queues a message in the outbox (nothing is sent from the request); the list shows the result once the worker sent it', async () => {
    const { id, key } = await robot('测试按钮群');
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/robots/${id}/test`, { token: tok['admin:a'] });
    expect(res.status).toBe(202);
    expect(res.body.lastTest).toMatchObject({ status: 'queued', error: null });
    expect(fake.robotPosts(key)).toHaveLength(0);
    const row = await t.ds.getRepository(OutboxEntity).findOneByOrFail({ robotId: id });
    expect(row).toMatchObject({ channel: 'wecom_robot', status: 'pending', template: 'robot.test', recipientUserId: null });
    const [rawRow] = await t.ds.query('SELECT * FROM outbox WHERE id = ?', [row.id]);
    expect(JSON.stringify(rawRow)).not.toContain(key);

    await dispatcher.drain();
    const [post] = fake.robotPosts(key);
    expect(post).toMatchObject({ msgtype: 'markdown', idempotencyKey: row.id });
    expect(post.content).toContain('**安心家校 · 群机器人测试**');
    expect(post.content).toContain('阳光实验小学');
    const listed = (await robots()).body.robots.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ status: 'active', lastResult: 'sent', lastTest: { status: 'sent', error: null } });
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { action: 'robot.tested', targetId: id } })).toBe(1);
  });

  it('93000 (robot removed from its group) marks the robot broken and raises one alert naming it; later posts skip WeCom; deleting resolves it', async () => {
    const { id, key } = await robot('三年级2班家长群');
    fake.removeRobot(key);
    expect(await enqueue({ kind: 'school' })).toEqual([id]);
    await dispatcher.drain();
    expect(fake.messages().filter((m) => m.robotKey === key).map((m) => m.errcode)).toEqual([93000]);
    const [first] = await t.ds.getRepository(OutboxEntity).findBy({ robotId: id });
    expect(first.status).toBe('failed');
    expect(first.lastError).toMatch(/^93000/);
    // A post already queued for the robot fails without calling WeCom again.
    await inTransaction(t.ds, (m) => t.get(OutboxService).enqueue(m, {
      dedupeKey: `queued-before:${id}`, channel: 'wecom_robot', schoolId: ids.a.schoolId, robotId: id, template: 'robot.urgent', title: '早已排队', body: '内容',
    }));
    await dispatcher.drain();
    expect(fake.messages().filter((m) => m.robotKey === key)).toHaveLength(1);
    expect(await t.ds.getRepository(OutboxEntity).findOneByOrFail({ dedupeKey: `queued-before:${id}` })).toMatchObject({ status: 'failed' });
    const listed = (await robots()).body.robots.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ status: 'broken', lastResult: 'removed' });
    expect(listed.lastError).toMatch(/^93000/);

    const alerts = (await t.request('GET', `/schools/${ids.a.schoolId}/delivery-alerts`, { token: tok['admin:a'] })).body.items
      .filter((a: { subjectId: string }) => a.subjectId === id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'delivery.robot_removed', subjectType: 'wecom_robot', resolvedAt: null });
    expect(alerts[0].body).toContain('三年级2班家长群');
    // The admins were messaged about it (WeChat + inbox), once.
    const alertId = (await t.ds.getRepository(AlertEntity).findOneByOrFail({ subjectId: id })).id;
    const told = await t.ds.getRepository(OutboxEntity).createQueryBuilder('o').where('o.dedupe_key LIKE :k', { k: `delivery.alert:${alertId}|to:%` }).getMany();
    expect(told.map((r) => r.recipientUserId)).toEqual([ids.a.userIds.admin]);

    // A new post to the audience no longer addresses the broken robot; a test checks it again (93000 again, no second alert).
    expect(await enqueue({ kind: 'school' })).not.toContain(id);
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/robots/${id}/test`, { token: tok['admin:a'] })).status).toBe(202);
    await dispatcher.drain();
    expect(fake.messages().filter((m) => m.robotKey === key).map((m) => m.errcode)).toEqual([93000, 93000]);
    expect((await robots()).body.robots.find((r: { id: string }) => r.id === id).lastTest).toMatchObject({ status: 'failed', error: expect.stringMatching(/^93000/) });
    expect(await t.ds.getRepository(AlertEntity).countBy({ subjectId: id })).toBe(1);
    const del = await t.request('DELETE', `/schools/${ids.a.schoolId}/robots/${id}`, { token: tok['admin:a'] });
    expect(del.status).toBe(204);
    expect(await t.ds.getRepository(WecomRobotEntity).countBy({ id })).toBe(0);
    expect((await t.ds.getRepository(AlertEntity).findOneByOrFail({ subjectId: id })).resolvedAt).not.toBeNull();
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { action: 'robot.deleted', targetId: id } })).toBe(1);
  });

  it('an audience reaches the school robots and the robots of its scopes; a notice only when the school turned that on', async () => {
    const school = await robot('全校家长群');
    const grade = await robot('年级家长群', { scope: 'grade', scopeId: gradeA.id });
    const cls = await robot('班级家长群', { scope: 'class', scopeId: classA.id });
    const otherClass = ids.a.classIds.find((c) => c !== classA.id)!;
    const other = await robot('别班家长群', { scope: 'class', scopeId: otherClass });
    const sorted = (xs: string[]) => [...xs].sort();
    expect(sorted(await enqueue({ kind: 'school' }))).toEqual(sorted([school.id, grade.id, cls.id, other.id]));
    expect(sorted(await enqueue({ kind: 'classes', classIds: [classA.id] }))).toEqual(sorted([school.id, cls.id]));
    const otherGrade = (await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: otherClass })).gradeId;
    expect(sorted(await enqueue({ kind: 'grades', gradeIds: [gradeA.id] }))).toEqual(
      sorted([school.id, grade.id, cls.id, ...(otherGrade === gradeA.id ? [other.id] : [])]),
    );
    // Another school's class id reaches only this school's whole-school robot.
    expect(await enqueue({ kind: 'classes', classIds: [ids.b.teacherClassId] })).toEqual([school.id]);
    // Switched off: skipped.
    await t.request('PATCH', `/schools/${ids.a.schoolId}/robots/${other.id}`, { token: tok['admin:a'], body: { enabled: false } });
    expect(await enqueue({ kind: 'school' })).not.toContain(other.id);

    // Notices go to robots only once the school says so.
    expect(await enqueue({ kind: 'school' }, { purpose: 'notice' })).toEqual([]);
    const on = await t.request('PUT', `/schools/${ids.a.schoolId}/robot-settings`, { token: tok['admin:a'], body: { noticesToRobots: true } });
    expect(on.body).toEqual({ noticesToRobots: true });
    expect((await robots()).body.settings).toEqual({ noticesToRobots: true });
    expect(sorted(await enqueue({ kind: 'school' }, { purpose: 'notice' }))).toEqual(sorted([school.id, grade.id, cls.id]));
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { action: 'robot.settings_changed', schoolId: ids.a.schoolId } })).toBe(1);
    // One event is one row per robot, however often it is enqueued.
    const event = { dedupeKey: 'warning:same-event' };
    await enqueue({ kind: 'classes', classIds: [classA.id] }, event);
    await enqueue({ kind: 'classes', classIds: [classA.id] }, event);
    expect(await t.ds.getRepository(OutboxEntity).createQueryBuilder('o').where('o.dedupe_key LIKE :k', { k: 'warning:same-event|robot:%' }).getCount()).toBe(2);
  });

  it('publishing an urgent warning posts it to the robots of its audience; a letter only once the school turned notices on', async () => {
    const cls = await robot('三年级1班家长群', { scope: 'class', scopeId: classA.id });
    const publish = async (over: Partial<NoticeDraftRequest>) => {
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok['admin:a'], body: draft({ audience: { scope: 'classes', ids: [classA.id] }, ...over }) });
      expect(created.status).toBe(201);
      expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: tok['admin:a'], body: {} })).status).toBe(200);
      return created.body.id as string;
    };
    const robotRows = (noticeId: string) => t.ds.getRepository(OutboxEntity).find({ where: { robotId: cls.id, dedupeKey: Like(`notice.published:${noticeId}|%`) } });

    await t.request('PUT', `/schools/${ids.a.schoolId}/robot-settings`, { token: tok['admin:a'], body: { noticesToRobots: false } });
    const letter = await publish({ kind: 'letter', title: '致家长的一封信' });
    expect(await robotRows(letter)).toHaveLength(0); // letters and notices stay off the robots unless the school says so

    const warning = await publish({ kind: 'warning', title: '关于放学路上安全的紧急提醒', confirmMode: 'confirm' });
    const [row] = await robotRows(warning);
    expect(row).toMatchObject({ channel: 'wecom_robot', template: 'robot.urgent' });
    await dispatcher.drain();
    const posted = fake.robotPosts(cls.key);
    expect(posted.map((p) => p.content)).toEqual([expect.stringContaining('【紧急预警】关于放学路上安全的紧急提醒')]);
    expect(posted[0].content).toContain('查看并确认');

    await t.request('PUT', `/schools/${ids.a.schoolId}/robot-settings`, { token: tok['admin:a'], body: { noticesToRobots: true } });
    const notice = await publish({ kind: 'notice', title: '关于召开期中家长会的通知' });
    expect(await robotRows(notice)).toEqual([expect.objectContaining({ template: 'robot.notice' })]);
  });

  /** Posts WeCom accepted for `key`, in order, with no two more than 20 apart in any 60 s (by the fake's clock). */
  function expectWithinLimit(posts: ReceivedMessage[]): void {
    const times = posts.map((p) => Date.parse(p.at)).sort((a, b) => a - b);
    for (let i = 0; i + 20 < times.length; i++) expect(times[i + 20] - times[i]).toBeGreaterThanOrEqual(MINUTE);
  }

  /** Delivers until nothing is left for `robotId`, moving the clock one minute at a time; answers the minutes it took. */
  async function deliverAll(robotId: string, drain: () => Promise<unknown>): Promise<number> {
    for (let minute = 0; minute < 10; minute++) {
      await drain();
      const open = await t.ds.getRepository(OutboxEntity).createQueryBuilder('o')
        .where("o.robot_id = :id AND o.status IN ('pending', 'sending')", { id: robotId }).getCount();
      if (open === 0) return minute;
      t.clock.advance(MINUTE);
    }
    throw new Error('robot posts still open after 10 minutes');
  }

  it('holds 20 a minute per robot: 60 posts in one burst are all delivered, queued (not dropped), none earlier than the limit allows', async () => {
    const { id, key } = await robot('限流测试群', { scope: 'class', scopeId: classA.id });
    const start = t.clock.now().getTime();
    for (let i = 0; i < 60; i++) await enqueue({ kind: 'classes', classIds: [classA.id] }, { title: `紧急提醒 ${i}` });
    await dispatcher.drain();
    expect(fake.robotPosts(key)).toHaveLength(20);
    const waiting = await t.ds.getRepository(OutboxEntity).findBy({ robotId: id, status: 'pending' });
    expect(waiting).toHaveLength(40);
    // Waiting for a slot is not an attempt, and no row waits for less than the window.
    expect(waiting.every((r) => r.attempts === 0 && r.nextAttemptAt.getTime() >= start + MINUTE)).toBe(true);

    const minutes = await deliverAll(id, () => dispatcher.drain());
    expect(minutes).toBe(2);
    const delivered = fake.robotPosts(key);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered.map((p) => p.idempotencyKey)).size).toBe(60);
    expect(fake.messages().filter((m) => m.robotKey === key && m.errcode !== 0)).toEqual([]); // never a 45009
    expectWithinLimit(delivered);
    expect((await robotRow(id)).lastResult).toBe('sent');
  });

  it('two dispatchers on one database share the limit (it is held in the database, not in a process)', async () => {
    const { id, key } = await robot('两个发送进程群', { scope: 'class', scopeId: classA.id });
    const second = await t.app.select(OutboxModule).get(ModuleRef, { strict: true }).create(OutboxDispatcher);
    expect(second.workerId).not.toBe(dispatcher.workerId);
    for (let i = 0; i < 60; i++) await enqueue({ kind: 'classes', classIds: [classA.id] }, { title: `两进程 ${i}` });
    const both = () => Promise.all([dispatcher.drain(), second.drain()]);
    await both();
    expect(fake.robotPosts(key)).toHaveLength(20);
    expect(await deliverAll(id, both)).toBe(2);
    const delivered = fake.robotPosts(key);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered.map((p) => p.idempotencyKey)).size).toBe(60);
    expect(fake.messages().filter((m) => m.robotKey === key && m.errcode !== 0)).toEqual([]);
    expectWithinLimit(delivered);
    // Both took part (locked_by records the worker that sent each row).
    const senders = new Set((await t.ds.getRepository(OutboxEntity).findBy({ robotId: id })).map((r) => r.lockedBy));
    expect(senders).toEqual(new Set([dispatcher.workerId, second.workerId]));
  });

  it('a 45009 from WeCom holds the robot back a minute and retries; other rows of that robot wait too', async () => {
    const { id, key } = await robot('频率限制群');
    await enqueue({ kind: 'school' });
    fake.injectFault({ endpoint: 'webhook', fault: { type: 'errcode', errcode: 45009 } });
    await dispatcher.drain();
    const [row] = await t.ds.getRepository(OutboxEntity).findBy({ robotId: id });
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/^45009/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 59_000);
    expect(await robotRow(id)).toMatchObject({ lastResult: 'rate_limited' });
    // A post enqueued meanwhile waits for the same minute instead of meeting another 45009.
    await enqueue({ kind: 'school' });
    await dispatcher.drain();
    expect(fake.robotPosts(key)).toHaveLength(0);
    t.clock.advance(MINUTE + 1000);
    await dispatcher.drain();
    expect(fake.robotPosts(key)).toHaveLength(2);
  });
});

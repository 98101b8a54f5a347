import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { createApp } from '../../src/app.factory';
import { createLogger } from '../../src/platform/common/logging/logger';
import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeFanout } from '../../src/features/notices/notice-fanout.service';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeReceiptStudentEntity } from '../../src/features/notices/notice-receipt-student.entity';
import { NoticeEntity } from '../../src/features/notices/notice.entity';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { GradeEntity } from '../../src/features/tenancy/grade.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TeacherClassEntity } from '../../src/features/tenancy/teacher-class.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { SchedulerService } from '../../src/platform/scheduler/scheduler.service';
import { chunks } from '../../src/platform/database/in-lists';
import { inTransaction } from '../../src/platform/database/transaction';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { bind, draft, families, fanOut, makeGuardian, SCHOOL_MORNING, student, type TestGuardian } from './notices-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The worker's side of notices: a fan-out interrupted midway (after a batch, and inside one) leaves no duplicate and
 * no missing receipt; guardians approved later join; quiet hours hold letters and notices (not warnings) until 07:00
 * Shanghai; scheduled publication and the confirm deadline; and WeChat's content check (risky blocks, review marks).
 */
describe('notices: fan-out, late joiners, quiet hours, schedule, content check', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let classG4: string;
  const guardians: TestGuardian[] = [];
  const G4_CHILDREN = ['胡梦琪', '郭子墨', '何雨桐', '高铭轩', '林诗涵'];

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'admin'] as const) tok[role] = await t.login(role, 'a');
    classG4 = ids.a.classIds[2];
    await t.ds.getRepository(TeacherClassEntity).save({ userId: ids.a.userIds.teacher, classId: classG4, schoolId: ids.a.schoolId, isHead: true });
    // Four guardians in 四年级1班, one child each (林诗涵's guardian joins later).
    for (const name of G4_CHILDREN.slice(0, 4)) {
      const g = await makeGuardian(t, `${name}的家长`);
      await bind(t, g.userId, await student(t, classG4, name), 'mother');
      guardians.push(g);
    }
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  async function publish(body = draft({ audience: { scope: 'classes', ids: [classG4] } }), token = tok.teacher, at?: string): Promise<string> {
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token, body });
    expect(created.status).toBe(201);
    const res = await t.request('POST', `/notices/${created.body.id}/publish`, { token, body: at ? { at } : {} });
    expect(res.status).toBe(200);
    return created.body.id;
  }
  const receipts = (noticeId: string) => t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
  const messages = async (noticeId: string) => (await t.ds.getRepository(OutboxEntity).find()).filter((o) => o.dedupeKey.startsWith(`notice:${noticeId}:`) && !o.dedupeKey.includes(':remind:'));

  it('a fan-out stopped after a batch resumes from its cursor: every guardian once, one message each', async () => {
    const fanout = t.get(NoticeFanout);
    const batchSize = fanout.batchSize;
    fanout.batchSize = 1;
    try {
      const id = await publish();
      expect(await fanout.runBatch(id)).toBe('more');
      expect(await receipts(id)).toHaveLength(1);
      const partial = await t.request('GET', `/notices/${id}`, { token: tok.teacher });
      expect(partial.body.progress).toEqual({ expected: 4, sent: 1, done: false });
      // The worker dies here; the next one (or the next run) carries on.
      await fanOut(t);
      const made = await receipts(id);
      expect(made.map((r) => r.guardianUserId).sort()).toEqual(guardians.map((g) => g.userId).sort());
      expect((await messages(id)).map((o) => o.recipientUserId).sort()).toEqual(guardians.map((g) => g.userId).sort());
      expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body.progress).toEqual({ expected: 4, sent: 4, done: true });
      // Running it again changes nothing.
      expect(await fanout.runBatch(id)).toBe('skipped');
      expect(await receipts(id)).toHaveLength(4);
    } finally {
      fanout.batchSize = batchSize;
    }
  });

  it('a worker killed inside a batch leaves nothing of it; the rerun makes every receipt exactly once', async () => {
    const fanout = t.get(NoticeFanout);
    const outbox = t.get(OutboxService);
    const batchSize = fanout.batchSize;
    fanout.batchSize = 3;
    try {
      const id = await publish();
      // The batch's receipts, children, seal leaves and messages (outbox rows and inbox copies) are written; then the
      // worker dies before the cursor moves. On MariaDB the batch's writes go back to back (commitPipelined): the
      // failure is a statement among them, after the messages.
      if (t.db.engine === 'mariadb') {
        const real = outbox.pipelinedWrites.bind(outbox);
        jest.spyOn(outbox, 'pipelinedWrites').mockImplementation((m, planned) => {
          expect(planned.rows.length).toBeGreaterThan(1);
          return [...real(m, planned), { sql: "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'worker killed mid-batch'", params: [] }];
        });
      } else {
        const real = outbox.enqueuePlanned.bind(outbox);
        jest.spyOn(outbox, 'enqueuePlanned').mockImplementation(async (m, planned) => {
          expect(planned.rows.length).toBeGreaterThan(1);
          await real(m, planned);
          throw new Error('worker killed mid-batch');
        });
      }
      const leaves = async () => Number((await t.ds.query("SELECT COUNT(*) AS n FROM audit_seal_leaves WHERE kind = 'notice.receipt'"))[0].n);
      const leavesBefore = await leaves();
      await expect(fanout.runBatch(id)).rejects.toThrow('worker killed mid-batch');
      expect(await receipts(id)).toHaveLength(0);
      expect(await leaves()).toBe(leavesBefore);
      expect(await t.ds.getRepository(NoticeReceiptStudentEntity).count({ where: { noticeId: id } })).toBe(0);
      expect(await messages(id)).toHaveLength(0);
      expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: guardians[0].userId, dedupeKey: `notice:${id}:${guardians[0].userId}` } })).toBe(0);
      expect((await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id })).fanoutCursor).toBe('');
      jest.restoreAllMocks();
      await fanOut(t);
      const made = await receipts(id);
      expect(made).toHaveLength(4);
      expect(new Set(made.map((r) => r.guardianUserId)).size).toBe(4);
      expect(await messages(id)).toHaveLength(4);
      // Each message's inbox copy, once, pointing at its outbox row.
      for (const row of await messages(id)) {
        const copies = await t.ds.getRepository(InboxItemEntity).find({ where: { userId: row.recipientUserId!, dedupeKey: row.dedupeKey } });
        expect(copies.map((c) => c.outboxId)).toEqual([row.id]);
      }
    } finally {
      fanout.batchSize = batchSize;
    }
  });

  it('a batch where a guardian has a receipt already is written the careful way: that receipt kept, the rest made once', async () => {
    const fanout = t.get(NoticeFanout);
    const batchSize = fanout.batchSize;
    const log = statementLog(t.ds);
    try {
      const id = await publish();
      const order = guardians.map((g) => g.userId).sort();
      // A worker makes the first guardian's receipt; another, which read the cursor before it moved, starts over.
      fanout.batchSize = 1;
      expect(await fanout.runBatch(id)).toBe('more');
      const first = (await receipts(id))[0];
      expect(first.guardianUserId).toBe(order[0]);
      await t.ds.query("UPDATE notices SET fanout_cursor = '' WHERE id = ?", [id]);
      fanout.batchSize = 2;
      log.start();
      expect(await fanout.runBatch(id)).toBe('more');
      const statements = log.stop();
      if (t.db.engine === 'mariadb') {
        // Sent back to back first, refused (a receipt was there), rolled back, then written statement by statement.
        const guard = statements.indexOf('SET autocommit = 0');
        expect(guard).toBeGreaterThan(0);
        expect(statements.indexOf('ROLLBACK', guard)).toBeGreaterThan(guard);
      }
      await fanOut(t);
      const made = await receipts(id);
      expect(made.map((r) => r.guardianUserId).sort()).toEqual(order);
      expect(made.find((r) => r.guardianUserId === order[0])!.id).toBe(first.id);
      expect(await t.ds.getRepository(NoticeReceiptStudentEntity).count({ where: { noticeId: id } })).toBe(4);
      expect((await messages(id)).map((o) => o.recipientUserId).sort()).toEqual(order);
      expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body.progress).toEqual({ expected: 4, sent: 4, done: true });
      const { body: stats } = await t.request('GET', `/notices/${id}/stats`, { token: tok.teacher });
      expect(stats.totals).toMatchObject({ recipients: 4 });
      expect(stats.classes.map((c: any) => c.recipients)).toEqual([4]);
    } finally {
      log.stop();
      fanout.batchSize = batchSize;
    }
  });

  it('a batch after the first takes the notice\'s lock first and commits only if the notice is still one to fan out from its cursor', async () => {
    const fanout = t.get(NoticeFanout);
    const batchSize = fanout.batchSize;
    const log = statementLog(t.ds);
    fanout.batchSize = 1;
    try {
      const id = await publish();
      expect(await fanout.runBatch(id)).toBe('more');
      log.start();
      expect(await fanout.runBatch(id)).toBe('more');
      const second = log.stop();
      expect(await receipts(id)).toHaveLength(2);
      expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body.progress).toEqual({ expected: 4, sent: 2, done: false });
      if (t.db.engine === 'mariadb') {
        // No read of the notice before the batch's writes: its lock is the first of them, its checks in the cursor's UPDATE.
        const begin = second.indexOf('START TRANSACTION');
        expect(second[begin + 1]).toBe('SELECT id FROM notices WHERE id = ? FOR UPDATE');
        expect(second.slice(begin).filter((s) => s.includes('FROM `notices`'))).toEqual([]);
        expect(second).not.toContain('ROLLBACK');
      }
      // Recalled after the next batch was read: that batch keeps nothing (on MariaDB its writes are sent, then rolled back).
      const prepare = (fanout as any).prepare.bind(fanout);
      jest.spyOn(fanout as any, 'prepare').mockImplementation(async (...args: unknown[]) => {
        const batch = await prepare(...args);
        await inTransaction(t.ds, (m) => m.query("UPDATE notices SET status = 'recalled' WHERE id = ?", [id]));
        return batch;
      });
      log.start();
      expect(await fanout.runBatch(id)).toBe('skipped');
      const refused = log.stop();
      if (t.db.engine === 'mariadb') expect(refused).toContain('ROLLBACK');
      expect(await receipts(id)).toHaveLength(2);
      expect(await messages(id)).toHaveLength(2);
      expect(await t.ds.getRepository(NoticeReceiptStudentEntity).count({ where: { noticeId: id } })).toBe(2);
      const { body: stats } = await t.request('GET', `/notices/${id}/stats`, { token: tok.teacher });
      expect(stats.totals).toMatchObject({ recipients: 2 });
    } finally {
      log.stop();
      fanout.batchSize = batchSize;
    }
  });

  it('workers fanning out one notice at once make every receipt and message once', async () => {
    let peer: NestFastifyApplication | null = null;
    const mine = t.get(NoticeFanout);
    let other = mine;
    if (t.db.engine === 'mariadb') {
      // A second server on the same database: its own pool and its own fan-out.
      peer = (await createApp(t.config, { logger: createLogger('silent'), docsUi: false })).app;
      await peer.init();
      other = peer.get(NoticeFanout);
    }
    const batchSize = mine.batchSize;
    mine.batchSize = 1;
    other.batchSize = 1;
    try {
      const id = await publish(draft({ audience: { scope: 'school' } }), tok.principal);
      await Promise.all([mine.run(), other.run(), mine.run(), other.run()]);
      await fanOut(t);
      const made = await receipts(id);
      const expected = await t.ds.query("SELECT COUNT(DISTINCT guardian_user_id) AS n FROM bindings WHERE school_id = ? AND status = 'approved'", [ids.a.schoolId]);
      expect(made).toHaveLength(Number(expected[0].n));
      expect(new Set(made.map((r) => r.guardianUserId)).size).toBe(made.length);
      expect((await messages(id)).map((o) => o.recipientUserId).sort()).toEqual(made.map((r) => r.guardianUserId).sort());
    } finally {
      mine.batchSize = batchSize;
      other.batchSize = batchSize;
      await peer?.close();
    }
  });

  it('a guardian\'s children are never split between batches: one receipt naming them all, counted once', async () => {
    const fanout = t.get(NoticeFanout);
    const batchSize = fanout.batchSize;
    const g4 = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: classG4 });
    const c9 = await t.ds.getRepository(ClassEntity).save({ schoolId: ids.a.schoolId, gradeId: g4.gradeId, name: '9班' });
    const c10 = await t.ds.getRepository(ClassEntity).save({ schoolId: ids.a.schoolId, gradeId: g4.gradeId, name: '10班' });
    const now = t.clock.now();
    const kid = (name: string, classId: string) => t.ds.getRepository(StudentEntity).save({
      schoolId: ids.a.schoolId, classId, name, studentNo: null, gender: null, createdAt: now, updatedAt: now,
    });
    const [twinA, twinB, other, otherSibling] = [await kid('宋一', c9.id), await kid('宋二', c9.id), await kid('韩三', c9.id), await kid('韩四', c10.id)];
    const mother = await makeGuardian(t, '宋女士');
    const father = await makeGuardian(t, '宋先生');
    const han = await makeGuardian(t, '韩女士');
    await bind(t, mother.userId, twinA, 'mother');
    await bind(t, mother.userId, twinB, 'mother');
    await bind(t, father.userId, twinA, 'father');
    await bind(t, han.userId, other, 'mother');
    await bind(t, han.userId, otherSibling, 'mother');
    fanout.batchSize = 1;
    try {
      const id = await publish(draft({ audience: { scope: 'classes', ids: [c9.id, c10.id] } }), tok.principal);
      const childrenOf = async (guardianUserId: string) => {
        const receipt = await t.ds.getRepository(NoticeReceiptEntity).findOneBy({ noticeId: id, guardianUserId });
        return receipt ? (await t.ds.getRepository(NoticeReceiptStudentEntity).findBy({ receiptId: receipt.id })).map((l) => l.studentId).sort() : null;
      };
      let batches = 0;
      for (let state = 'more'; state === 'more'; batches++) {
        state = await fanout.runBatch(id);
        // After every batch: a receipt made names every child its guardian has in the notice's classes.
        expect([null, [twinA.id, twinB.id].sort()]).toContainEqual(await childrenOf(mother.userId));
        expect([null, [other.id, otherSibling.id].sort()]).toContainEqual(await childrenOf(han.userId));
      }
      expect(batches).toBeGreaterThanOrEqual(3);
      expect(await childrenOf(mother.userId)).toEqual([twinA.id, twinB.id].sort());
      expect(await childrenOf(father.userId)).toEqual([twinA.id]);
      expect(await childrenOf(han.userId)).toEqual([other.id, otherSibling.id].sort());
      expect((await messages(id)).map((o) => o.recipientUserId).sort()).toEqual([mother.userId, father.userId, han.userId].sort());
      expect((await t.request('GET', `/notices/${id}`, { token: tok.principal })).body.progress).toEqual({ expected: 3, sent: 3, done: true });
      // Counted once per class however many children there, and once in the totals however many classes.
      const { body: stats } = await t.request('GET', `/notices/${id}/stats`, { token: tok.principal });
      expect(stats.classes.map((c: any) => [c.className, c.recipients])).toEqual([['四年级9班', 3], ['四年级10班', 1]]);
      expect(stats.totals).toMatchObject({ recipients: 3, delivered: 0, read: 0, confirmed: 0 });
      expect((await t.request('POST', `/notices/${id}/ack`, { token: han.token, body: { confirm: true } })).status).toBe(200);
      const { body: after } = await t.request('GET', `/notices/${id}/stats`, { token: tok.principal });
      expect(after.classes.map((c: any) => [c.recipients, c.read, c.confirmed, c.acknowledged])).toEqual([[3, 1, 1, 1], [1, 1, 1, 1]]);
      expect(after.totals).toMatchObject({ recipients: 3, delivered: 1, read: 1, confirmed: 1, acknowledged: 1 });
    } finally {
      fanout.batchSize = batchSize;
    }
  });

  it('a guardian approved after publishing joins: one receipt and one message; a second child joins their receipt', async () => {
    const id = await publish(draft({ kind: 'letter', audience: { scope: 'classes', ids: [classG4] } }));
    await fanOut(t);
    expect(await receipts(id)).toHaveLength(4);
    // 林诗涵's father asks to be bound with the class invite code, and the class teacher approves.
    const late = await makeGuardian(t, '林先生');
    const lin = await student(t, classG4, '林诗涵');
    const invite = (await t.ds.query('SELECT code FROM invite_codes WHERE class_id = ?', [classG4]))[0].code;
    const requested = await t.request('POST', '/bindings', {
      token: late.token, body: { inviteCode: invite, studentId: lin.id, studentName: '林诗涵', relation: 'father', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(requested.status).toBe(201);
    t.clock.advance(MINUTE);
    expect((await t.request('POST', `/bindings/${requested.body.id}/approve`, { token: tok.teacher })).status).toBe(200);
    t.clock.advance(MINUTE);
    expect(await t.get(NoticeFanout).addLateJoiners()).toBeGreaterThanOrEqual(1);
    const joined = (await receipts(id)).find((r) => r.guardianUserId === late.userId);
    expect(joined).toBeDefined();
    expect((await messages(id)).filter((o) => o.recipientUserId === late.userId)).toHaveLength(1);
    expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body.progress).toEqual({ expected: 5, sent: 5, done: true });
    const list = await t.request('GET', '/me/notices', { token: late.token });
    expect(list.body.items.map((n: any) => n.id)).toContain(id);

    // The first guardian's second child is approved later: named on the same receipt, no second message.
    await bind(t, guardians[0].userId, lin, 'mother');
    t.clock.advance(MINUTE);
    await t.get(NoticeFanout).addLateJoiners();
    const first = (await receipts(id)).find((r) => r.guardianUserId === guardians[0].userId)!;
    expect((await t.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { receiptId: first.id } })).map((l) => l.studentId)).toContain(lin.id);
    expect((await messages(id)).filter((o) => o.recipientUserId === guardians[0].userId)).toHaveLength(1);
    expect(await receipts(id)).toHaveLength(5);
    // Scanning again adds nobody.
    t.clock.advance(MINUTE);
    expect(await t.get(NoticeFanout).addLateJoiners()).toBe(0);
  });

  it('bindings approved just before publishing reached everyone through the fan-out: the late-join scan writes nothing for them', async () => {
    // In the other school (no notice of this file reaches it), a new class approved and a letter published a minute
    // later: every approval is inside the scan's overlap.
    await t.get(NoticeFanout).addLateJoiners();
    const anyClass = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: ids.b.classIds[0] });
    const fresh = await t.ds.getRepository(ClassEntity).save({ schoolId: ids.b.schoolId, gradeId: anyClass.gradeId, name: '11班' });
    const parents = (await families(t, ids.b.schoolId, [fresh.id], 2)).map((f) => f.guardian);
    t.clock.advance(MINUTE);
    const principalB = await t.login('principal', 'b');
    const created = await t.request('POST', `/schools/${ids.b.schoolId}/notices`, { token: principalB, body: draft({ kind: 'letter', audience: { scope: 'classes', ids: [fresh.id] } }) });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect((await t.request('POST', `/notices/${id}/publish`, { token: principalB, body: {} })).status).toBe(200);
    await fanOut(t);
    expect((await receipts(id)).map((r) => r.guardianUserId).sort()).toEqual(parents.map((g) => g.userId).sort());
    t.clock.advance(MINUTE);
    const log = statementLog(t.ds);
    log.start();
    expect(await t.get(NoticeFanout).addLateJoiners()).toBe(0);
    expect(log.stop().filter((s) => /^\s*INSERT/i.test(s))).toEqual([]);
    expect(await receipts(id)).toHaveLength(2);
  });

  it('a notice to a thousand classes reads each batch of bindings through the fan-out index, never by sorting the school', async () => {
    // At 100,000 guardians MariaDB drove the read from the notice's 1,000 classes and sorted the school's bindings for
    // every batch (docs/BENCHMARKS.md); which plan it picks depends on its statistics, so the read names its index and
    // its join order (the bindings first, each matched to the notice's classes by key), and this test holds both and
    // that the engines honour them.
    const grade = await t.ds.getRepository(GradeEntity).save({ id: randomUUID(), schoolId: ids.b.schoolId, name: '六年级（千班）', sort: 99 });
    const now = t.clock.now();
    const classes = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), schoolId: ids.b.schoolId, gradeId: grade.id, name: `${i + 1}班` }));
    const students = classes.map((c, i) => ({ id: randomUUID(), schoolId: ids.b.schoolId, classId: c.id, name: `学生${i}`, studentNo: `K${i}`, gender: null, createdAt: now, updatedAt: now }));
    for (const part of chunks(classes, 200)) await t.ds.getRepository(ClassEntity).insert(part);
    for (const part of chunks(students, 200)) await t.ds.getRepository(StudentEntity).insert(part);
    const parents: TestGuardian[] = [];
    for (let i = 0; i < 50; i++) parents.push(await makeGuardian(t, `千班家长${i}`));
    const links = students.map((s, i) => ({
      id: randomUUID(), guardianUserId: parents[i % 50].userId, studentId: s.id, classId: s.classId, schoolId: s.schoolId, relation: 'mother' as const,
      status: 'approved' as const, autoApproved: false, decidedBy: null, decidedAt: now, rejectReason: null, createdAt: now,
    }));
    for (const part of chunks(links, 200)) await t.ds.getRepository(BindingEntity).insert(part);
    const principalB = await t.login('principal', 'b');
    const created = await t.request('POST', `/schools/${ids.b.schoolId}/notices`, { token: principalB, body: draft({ audience: { scope: 'grades', ids: [grade.id] } }) });
    expect(created.status).toBe(201);
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: principalB, body: {} })).status).toBe(200);
    const log = statementLog(t.ds);
    log.start();
    await fanOut(t);
    const read = log.stop().find((sql) => /^SELECT b\.guardian_user_id AS guardianUserId/.test(sql.trim()));
    expect(await receipts(created.body.id)).toHaveLength(50);
    expect(read).toBeDefined();
    expect(read).toMatch(t.ds.options.type === 'better-sqlite3' ? /bindings b INDEXED BY ix_bindings_fanout CROSS JOIN/ : /bindings b FORCE INDEX \(ix_bindings_fanout\) STRAIGHT_JOIN/);
    const params = [created.body.id, ids.b.schoolId, '', 500];
    if (t.ds.options.type === 'better-sqlite3') {
      const plan: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${read}`, params);
      // The bindings' index range first, then one key lookup of the notice's class per binding; nothing sorted.
      expect(plan.map((p) => p.detail)).toEqual([
        expect.stringMatching(/^SEARCH b USING (COVERING )?INDEX ix_bindings_fanout \(school_id=\? AND status=\? AND guardian_user_id>\?\)$/),
        expect.stringMatching(/^SEARCH nc USING (COVERING )?(INDEX sqlite_autoindex_notice_classes_1|PRIMARY KEY) \(notice_id=\? AND class_id=\?\)$/),
      ]);
    } else {
      const plan: { table: string; type: string; key: string | null; Extra: string | null }[] = await t.ds.query(`EXPLAIN ${read}`, params);
      expect(plan.map((p) => [p.table, p.type, p.key])).toEqual([['b', 'range', 'ix_bindings_fanout'], ['nc', 'eq_ref', 'PRIMARY']]);
      expect(plan.filter((p) => /filesort|temporary/i.test(p.Extra ?? ''))).toEqual([]);
    }
  });

  it('quiet hours: a notice published at 22:30 Shanghai waits for 07:00; its inbox copy is there at once', async () => {
    t.clock.set(new Date('2031-03-03T14:30:00.000Z')); // 22:30 in Shanghai
    const id = await publish();
    await fanOut(t);
    const rows = await messages(id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(await t.ds.getRepository(NoticeReceiptEntity).count({ where: { noticeId: id } }));
    for (const row of rows) expect(row.nextAttemptAt.toISOString()).toBe('2031-03-03T23:00:00.000Z'); // 07:00 on 4 March
    expect(await t.ds.getRepository(InboxItemEntity).count({ where: { userId: guardians[1].userId, dedupeKey: `notice:${id}:${guardians[1].userId}` } })).toBe(1);
    // After midnight, still the same morning.
    t.clock.set(new Date('2031-03-03T18:10:00.000Z')); // 02:10
    const night = await publish();
    await fanOut(t);
    for (const row of await messages(night)) expect(row.nextAttemptAt.toISOString()).toBe('2031-03-03T23:00:00.000Z');
  });

  it('an urgent warning skips quiet hours, and is pinned for its guardians until they confirm', async () => {
    t.clock.set(new Date('2031-03-03T14:30:00.000Z')); // 22:30 in Shanghai
    const now = t.clock.now().getTime();
    const id = await publish(draft({ kind: 'warning', title: '关于近期校外安全的紧急提醒', audience: { scope: 'school' } }), tok.principal);
    await fanOut(t);
    const rows = await messages(id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.template).toBe('notice.warning');
      expect(Math.abs(row.nextAttemptAt.getTime() - now)).toBeLessThan(MINUTE);
    }
    const g = guardians[2];
    const pinned = (await t.request('GET', '/me/notices', { token: g.token })).body.items[0];
    expect(pinned).toMatchObject({ id, kind: 'warning', pinned: true });
    await t.request('GET', `/me/notices/${id}`, { token: g.token });
    await t.request('POST', `/notices/${id}/ack`, { token: g.token, body: { confirm: true } });
    const after = (await t.request('GET', '/me/notices', { token: g.token })).body.items.find((n: any) => n.id === id);
    expect(after).toMatchObject({ pinned: false, acknowledged: true });
  });

  it('a school sets its own quiet hours (principals and admins only); messages follow them', async () => {
    const url = `/schools/${ids.a.schoolId}/notice-settings`;
    expect((await t.request('PUT', url, { token: tok.teacher, body: { quietHours: { start: '20:00', end: '06:30' } } })).status).toBe(403);
    expect((await t.request('PUT', url, { token: tok.admin, body: { quietHours: { start: '20:00', end: '6:30' } } })).status).toBe(400);
    const set = await t.request('PUT', url, { token: tok.admin, body: { quietHours: { start: '20:00', end: '06:30' } } });
    expect(set.body).toEqual({ quietHours: { start: '20:00', end: '06:30' } });
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/notices/composer`, { token: tok.teacher })).body.quietHours).toEqual({ start: '20:00', end: '06:30' });
    t.clock.set(new Date('2031-03-04T12:15:00.000Z')); // 20:15 in Shanghai
    const id = await publish();
    await fanOut(t);
    for (const row of await messages(id)) expect(row.nextAttemptAt.toISOString()).toBe('2031-03-04T22:30:00.000Z'); // 06:30
    await t.request('PUT', url, { token: tok.admin, body: { quietHours: { start: '21:00', end: '07:00' } } });
  });

  it('scheduled: nothing goes out before its time; published then, and closed at the confirm deadline', async () => {
    t.clock.set(SCHOOL_MORNING);
    const at = new Date(SCHOOL_MORNING.getTime() + 2 * HOUR).toISOString();
    const deadline = new Date(SCHOOL_MORNING.getTime() + 26 * HOUR).toISOString();
    // In the past, or a deadline before the publication: refused.
    const bad = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] } }) });
    expect((await t.request('POST', `/notices/${bad.body.id}/publish`, { token: tok.teacher, body: { at: new Date(SCHOOL_MORNING.getTime() - MINUTE).toISOString() } })).body.code).toBe('NOTICE_TIME_INVALID');

    const id = await publish(draft({ confirmDeadline: deadline, audience: { scope: 'classes', ids: [classG4] } }), tok.teacher, at);
    const scheduled = await t.request('GET', `/notices/${id}`, { token: tok.teacher });
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledAt: at, publishedAt: null });
    await fanOut(t);
    expect(await receipts(id)).toHaveLength(0);
    expect((await t.request('PUT', `/notices/${id}`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] } }) })).body.code).toBe('NOTICE_NOT_EDITABLE');

    t.clock.set(new Date(SCHOOL_MORNING.getTime() + 2 * HOUR + MINUTE));
    await t.get(SchedulerService).fireDue();
    expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body.status).toBe('published');
    await fanOut(t);
    expect(await receipts(id)).toHaveLength(5);
    const g = guardians[3];
    expect((await t.request('POST', `/notices/${id}/ack`, { token: g.token, body: { confirm: true } })).status).toBe(200);

    t.clock.set(new Date(new Date(deadline).getTime() + MINUTE));
    const late = await t.request('POST', `/notices/${id}/ack`, { token: guardians[2].token, body: { confirm: true } });
    expect([late.status, late.body.code]).toEqual([409, 'NOTICE_CLOSED']);
    await t.get(SchedulerService).fireDue();
    expect((await t.request('GET', `/notices/${id}`, { token: tok.teacher })).body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    // Still readable, not to be confirmed, and no reminders.
    expect((await t.request('GET', `/me/notices/${id}`, { token: guardians[2].token })).body).toMatchObject({ status: 'closed', pending: [] });
    expect((await t.request('POST', `/notices/${id}/classes/${classG4}/remind`, { token: tok.teacher })).body.code).toBe('NOTICE_STATE_INVALID');
    const audit = (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: id }, order: { seq: 'ASC' } })).map((a) => a.action);
    expect(audit).toEqual(['notice.created', 'notice.scheduled', 'notice.published', 'notice.closed']);
  });

  it('recalling a scheduled notice cancels it: it never goes out', async () => {
    t.clock.set(SCHOOL_MORNING);
    const id = await publish(undefined, tok.teacher, new Date(SCHOOL_MORNING.getTime() + HOUR).toISOString());
    expect((await t.request('POST', `/notices/${id}/recall`, { token: tok.teacher, body: { reason: '时间定错了' } })).body.status).toBe('recalled');
    t.clock.set(new Date(SCHOOL_MORNING.getTime() + 2 * HOUR));
    await t.get(SchedulerService).fireDue();
    await fanOut(t);
    expect((await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id })).status).toBe('recalled');
    expect(await receipts(id)).toHaveLength(0);
  });

  it("WeChat's content check: risky blocks publishing with the reason; review publishes and marks it for the principal", async () => {
    t.clock.set(SCHOOL_MORNING);
    const risky = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: tok.teacher, body: draft({ title: '网络赌博的危害', audience: { scope: 'classes', ids: [classG4] } }),
    });
    const refused = await t.request('POST', `/notices/${risky.body.id}/publish`, { token: tok.teacher, body: {} });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'NOTICE_CONTENT_RISKY', details: { label: 20006 } });
    const still = await t.request('GET', `/notices/${risky.body.id}`, { token: tok.teacher });
    expect(still.body).toMatchObject({ status: 'draft', contentCheck: 'risky' });
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { targetId: risky.body.id, action: 'notice.publish_blocked' } })).toBe(1);

    const doubtful = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: tok.teacher, body: draft({ body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '此段内容待人工复核。' }] }] }, audience: { scope: 'classes', ids: [classG4] } }),
    });
    const published = await t.request('POST', `/notices/${doubtful.body.id}/publish`, { token: tok.teacher, body: {} });
    expect(published.body).toMatchObject({ status: 'published', contentCheck: 'review', needsPrincipalReview: true });
    const inbox = await t.ds.getRepository(InboxItemEntity).find({ where: { userId: ids.a.userIds.principal, template: 'notice.review' } });
    expect(inbox).toHaveLength(1);
    const listed = (await t.request('GET', `/schools/${ids.a.schoolId}/notices`, { token: tok.principal })).body.items.find((n: any) => n.id === doubtful.body.id);
    expect(listed.needsPrincipalReview).toBe(true);

    // WeChat unreachable: nothing is published unchecked.
    const blocked = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [classG4] } }) });
    fake.injectFault({ endpoint: 'msg_sec_check', fault: { type: 'http500' }, count: 5 });
    const down = await t.request('POST', `/notices/${blocked.body.id}/publish`, { token: tok.teacher, body: {} });
    expect([down.status, down.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    expect((await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id: blocked.body.id })).status).toBe('draft');
  });
});

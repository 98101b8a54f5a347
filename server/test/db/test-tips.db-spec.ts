import ExcelJS from 'exceljs';
import { TEST_TIP_DESCRIPTION } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { ScheduledActionEntity } from '../../src/platform/scheduler/scheduled-action.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { TestApp } from '../support/test-app';
import { fileTipAt, freshLogin, sh } from './oversight-helpers';

const HOUR = 3_600_000;

/**
 * 测试举报: the school's admin or principal sends a test tip from the set-up checklist. Who may send it; it reaches the
 * designated contact through the outbox saying 测试; it is marked 测试 in the list and on its page; acknowledging it
 * closes it; left unacknowledged it reaches the principal and never the district; and no count has it: the tip
 * stats, the school and district dashboards, the supervision flags and the ledger. A real tip filed the same way is
 * the control that each of those figures would have moved.
 */
describe('test tips (测试举报)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let worker: WorkerService;
  const send = async (role: Parameters<TestApp['login']>[0], schoolId: string, school: 'a' | 'b' = 'a') =>
    t.request('POST', `/schools/${schoolId}/test-tips`, { token: await freshLogin(t, role, school) });

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(sh('2026-10-12T09:00:00'));
    ids = await t.seedDemo();
    worker = t.get(WorkerService);
  });
  afterAll(() => t?.stop());

  it('only the admin and the principal of the school may send one, one at a time; it reaches the contact saying 测试', async () => {
    const schoolId = ids.a.schoolId;
    for (const role of ['teacher', 'contact', 'committee', 'guardian', 'student', 'district'] as const) {
      expect({ role, status: (await send(role, schoolId)).status }).toEqual({ role, status: 403 });
    }
    expect((await send('admin', schoolId, 'b')).status).toBe(404); // another school's admin
    expect(await t.ds.getRepository(TipEntity).count({ where: { isTest: true } })).toBe(0);

    const sent = await send('admin', schoolId);
    expect(sent.status).toBe(201);
    const again = await send('principal', schoolId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TEST_TIP_OPEN');

    const tip = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: sent.body.tipId });
    expect(tip).toMatchObject({ isTest: true, schoolId, status: 'new', filedByUserId: null, namedEnc: null });
    const outbox = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'tip.new', schoolId } });
    const contactRow = outbox.find((o) => o.dedupeKey === `tip.new:${tip.id}`)!;
    expect(contactRow.title).toContain('测试');
    expect(contactRow.body).toContain('测试');
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tip.id } });
    expect(audit.map((e) => e.action)).toEqual(['tip.test_sent']);

    // Marked 测试 in the contact's list and on its page, which says who sent it.
    const contact = await freshLogin(t, 'contact');
    const list = await t.request('GET', `/schools/${schoolId}/tips`, { token: contact });
    expect(list.body.items.find((i: { id: string }) => i.id === tip.id)).toMatchObject({ isTest: true, status: 'new' });
    const page = await t.request('GET', `/tips/${tip.id}`, { token: contact });
    expect(page.body).toMatchObject({ isTest: true, description: TEST_TIP_DESCRIPTION });
    expect(page.body.description).toContain('由学校管理员发起的测试');

    // Acknowledged like a real tip: the test is over, the case closes, no investigation clock, and a new one may be sent.
    const ack = await t.request('POST', `/tips/${tip.id}/ack`, { token: contact, body: {} });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ isTest: true, status: 'closed', acknowledgedAt: expect.any(String), investigationDueAt: null });
    // Only the principal's deadline was ever scheduled (no district escalation), and the acknowledgement cancelled it.
    const scheduled = await t.ds.getRepository(ScheduledActionEntity).find({ where: { subjectId: tip.id } });
    expect(scheduled.map((a) => [a.action, a.status])).toEqual([['tip.ack_deadline', 'cancelled']]);
    const reopen = await t.request('POST', `/tips/${tip.id}/reopen`, { token: contact, body: { version: ack.body.version, reason: '再看看' } });
    expect(reopen.status).toBe(422);
    expect((await send('principal', schoolId)).status).toBe(201);
  });

  it('left unacknowledged it reaches the principal at the deadline and never the district bureau', async () => {
    const schoolId = ids.b.schoolId;
    const sent = await send('principal', schoolId, 'b');
    expect(sent.status).toBe(201);
    t.clock.advance(24 * HOUR);
    await worker.drain();
    const tip = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: sent.body.tipId });
    expect(tip).toMatchObject({ escalationLevel: 'principal', escalatedDistrictAt: null });
    const escalated = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'tip.escalated', schoolId } });
    expect(escalated.filter((o) => o.dedupeKey.startsWith(`tip.escalated:principal:${tip.id}`)).map((o) => o.title)).toEqual(['测试举报超时未受理']);
    expect(escalated.filter((o) => o.dedupeKey.startsWith('tip.escalated:district:'))).toEqual([]);
    const district = await freshLogin(t, 'district', 'b');
    expect((await t.request('GET', `/tips/${tip.id}`, { token: district })).status).toBe(403);
    expect((await t.request('GET', `/districts/${ids.b.districtId}/tips/overview`, { token: district })).body.escalated).toEqual([]);
  });

  it('is in no count: tip stats, school and district dashboards, supervision flags, the ledger; a real tip moves each', async () => {
    const schoolId = ids.b.schoolId;
    const figures = async () => {
      const principal = await freshLogin(t, 'principal', 'b');
      const officer = await freshLogin(t, 'district', 'b');
      const school = (await t.request('GET', `/schools/${schoolId}/dashboard`, { token: principal })).body;
      const district = (await t.request('GET', `/districts/${ids.b.districtId}/dashboard`, { token: officer })).body;
      const stats = (await t.request('GET', `/schools/${schoolId}/tips/stats`, { token: principal })).body;
      const ledger = await t.request('GET', `/schools/${schoolId}/tips.xlsx`, { token: await freshLogin(t, 'contact', 'b') });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(ledger.raw as any);
      const rows: string[] = [];
      wb.worksheets[0].eachRow((r, n) => { if (n > 2) rows.push(JSON.stringify(r.values)); });
      return {
        schoolTips: school.tips, stats: { total: stats.total, unacknowledged: stats.unacknowledged, overdue: stats.overdue },
        districtRow: district.schools.find((s: { schoolId: string }) => s.schoolId === schoolId),
        districtTips: district.totals.tips,
        flags: district.flags.filter((f: { schoolId: string }) => f.schoolId === schoolId).map((f: { rule: string }) => f.rule),
        ledgerRows: rows,
      };
    };
    // The test tip of the last test is still open and went 24 h unacknowledged: it is nowhere.
    const before = await figures();
    expect(before.stats.total).toBe(0);
    expect(before.schoolTips.total).toBe(0);
    expect(before.districtTips).toBe(0);
    expect(before.flags).toEqual([]);
    expect(before.ledgerRows).toEqual([]);

    // The control: a real tip, also left 24 h unacknowledged, is in each of them.
    await fileTipAt(t, schoolId, t.clock.now());
    t.clock.advance(24 * HOUR);
    await worker.drain();
    const after = await figures();
    expect(after.stats.total).not.toBe(0);
    expect(after.schoolTips.total).not.toBe(0);
    expect(after.districtTips).not.toBe(0);
    expect(after.flags).toContain('late_ack_12h');
    expect(after.ledgerRows).toHaveLength(1);
    expect(after.ledgerRows.join()).not.toContain('测试');
  });
});

import { reporterTrailLine, type ReporterTrailEvent } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TestApp } from '../support/test-app';
import { followupToken, pinClockToFreshWindow, submitTip, tipBody } from './tips-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("the reporter's 处理记录: who at the school opened the report and when, by role, from the audit chain (real database)", () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let worker: WorkerService;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    ids = await t.seedDemo();
    worker = t.get(WorkerService);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => pinClockToFreshWindow(t));

  const trailOf = async (schoolId: string, receipt: string): Promise<ReporterTrailEvent[]> => {
    const token = await followupToken(t, schoolId, receipt);
    const thread = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': token } });
    expect(thread.status).toBe(200);
    return thread.body.trail;
  };
  /** Files a tip and finds its id the way no reporter could: the one row of the school that was not there before. */
  const fileTip = async (schoolId: string, description: string): Promise<{ receipt: string; tipId: string }> => {
    const tipIds = async () => new Set((await t.ds.getRepository(TipEntity).find({ where: { schoolId }, select: { id: true } })).map((x) => x.id));
    const before = await tipIds();
    const { receipt } = (await submitTip(t, tipBody(schoolId, { description }))).body;
    const added = [...(await tipIds())].filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    return { receipt, tipId: added[0] };
  };

  it('shows each person’s first opening, the escalations and the acknowledgement, in order, by role only', async () => {
    const schoolId = ids.a.schoolId;
    const contact = await t.login('contact');
    const principal = await t.login('principal');
    const district = await t.login('district');
    const { receipt, tipId } = await fileTip(schoolId, '体育课后在更衣室被推倒，还被拍了视频');
    expect(await trailOf(schoolId, receipt)).toEqual([]);

    const opened = t.clock.now().getTime();
    expect((await t.request('GET', `/tips/${tipId}`, { token: contact })).status).toBe(200);
    const openedBy = t.clock.now().getTime();
    t.clock.advance(5 * MINUTE);
    expect((await t.request('GET', `/tips/${tipId}`, { token: contact })).status).toBe(200); // a second look adds nothing

    t.clock.advance(3 * HOUR);
    const escalated = t.clock.now().getTime();
    await worker.drain();
    const escalatedBy = t.clock.now().getTime();
    expect((await t.request('GET', `/tips/${tipId}`, { token: principal })).status).toBe(200);
    t.clock.advance(9 * HOUR);
    await worker.drain();
    expect((await t.request('GET', `/tips/${tipId}`, { token: district })).status).toBe(200);
    t.clock.advance(MINUTE);
    const acked = t.clock.now().getTime();
    expect((await t.request('POST', `/tips/${tipId}/ack`, { token: contact, body: {} })).status).toBe(200);
    const ackedBy = t.clock.now().getTime();

    const trail = await trailOf(schoolId, receipt);
    expect(trail.map((e) => [e.kind, e.who])).toEqual([
      ['viewed', '欺凌防治负责人'],
      ['escalated_principal', null],
      ['viewed', '校长'],
      ['escalated_district', null],
      ['viewed', '教育局工作人员'],
      ['acknowledged', '欺凌防治负责人'],
    ]);
    // Times are the audit entries' own: within the span of the request or worker run that wrote them (the test clock
    // runs on in real time from where it was set, however slow the machine). The column keeps whole seconds:
    // MariaDB drops the fraction, MySQL 8 rounds it, so the span is widened to the seconds around it.
    const within = (at: string, from: number, to: number) => {
      const ms = Date.parse(at);
      expect([ms >= Math.floor(from / 1000) * 1000, ms <= Math.ceil(to / 1000) * 1000]).toEqual([true, true]);
    };
    within(trail[0].at, opened, openedBy);
    within(trail[1].at, escalated, escalatedBy);
    within(trail[5].at, acked, ackedBy);
    expect(reporterTrailLine(trail[0])).toMatch(/^欺凌防治负责人 于 \d+月\d+日 \d\d:\d\d 查看了你的举报$/);
    expect(reporterTrailLine(trail[1])).toMatch(/^\d+月\d+日 \d\d:\d\d 学校未在期限内受理，已自动报告校长$/);
    // No staff name anywhere unless the school chose to show names.
    expect(JSON.stringify(trail)).not.toContain('张静');
  });

  it('names staff beside their roles only when the school chose so; the choice is the principal’s or admin’s, audited, and scoped to the school', async () => {
    const schoolId = ids.a.schoolId;
    const contact = await t.login('contact');
    const principal = await t.login('principal');
    const teacher = await t.login('teacher');
    const otherAdmin = await t.login('admin', 'b');
    expect((await t.request('GET', `/schools/${schoolId}/reporter-view`, { token: principal })).body).toEqual({ showStaffNames: false });
    expect((await t.request('PUT', `/schools/${schoolId}/reporter-view`, { token: teacher, body: { showStaffNames: true } })).status).toBe(403);
    expect((await t.request('PUT', `/schools/${schoolId}/reporter-view`, { token: otherAdmin, body: { showStaffNames: true } })).status).toBe(404);
    expect((await t.request('PUT', `/schools/${schoolId}/reporter-view`, { token: principal, body: { showStaffNames: 'yes' } })).status).toBe(400);
    const put = await t.request('PUT', `/schools/${schoolId}/reporter-view`, { token: principal, body: { showStaffNames: true } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ showStaffNames: true });
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId, action: 'school.reporter_view_changed' } });
    expect(audit.map((a) => a.details)).toEqual([{ showStaffNames: { old: false, new: true } }]);

    const { receipt, tipId } = await fileTip(schoolId, '午饭时总有人把我的饭倒掉');
    expect((await t.request('GET', `/tips/${tipId}`, { token: contact })).status).toBe(200);
    const trail = await trailOf(schoolId, receipt);
    expect(trail).toEqual([expect.objectContaining({ kind: 'viewed', who: '张静（欺凌防治负责人）' })]);
    // The other school's setting and trails are untouched: a tip there still shows roles only.
    const { receipt: other, tipId: otherId } = await fileTip(ids.b.schoolId, '宿舍里有人每天拿走我的东西');
    expect((await t.request('GET', `/tips/${otherId}`, { token: await t.login('contact', 'b') })).status).toBe(200);
    expect((await trailOf(ids.b.schoolId, other)).map((e) => e.who)).toEqual(['欺凌防治负责人']);

    await t.request('PUT', `/schools/${schoolId}/reporter-view`, { token: principal, body: { showStaffNames: false } });
    expect((await trailOf(schoolId, receipt)).map((e) => e.who)).toEqual(['欺凌防治负责人']);
  });
});

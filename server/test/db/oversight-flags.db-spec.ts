import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';
import { ackAfter, confirmedCase, decide, fileTipAt, freshLogin, sh } from './oversight-helpers';


/**
 * The supervision flags on a real database with a moved clock (default calendar): two confirmed cases in a semester,
 * confirmed cases in consecutive semesters, a tip not acknowledged within 12 hours, an investigation past 15 days;
 * cases listed only when escalated to the district; an officer's acknowledgement (audited in the district's chain).
 */
describe('oversight: supervision flags', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    t.clock.set(sh('2027-02-20T08:00:00'));
    ids = await t.seedDemo();
    // New tips reach the contact; the tips climbing to the principal and the district reach them.
    await allowWechat(t, fake, { token: await freshLogin(t, 'contact') }, ['tip.new'], 12);
    await allowWechat(t, fake, { token: await freshLogin(t, 'principal') }, ['tip.escalated'], 3);
    await allowWechat(t, fake, { token: await freshLogin(t, 'district') }, ['tip.escalated'], 3);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const dashboard = async (semester?: string) => {
    const res = await t.request('GET', `/districts/${ids.a.districtId}/dashboard${semester ? `?semester=${semester}` : ''}`, { token: await freshLogin(t, 'district') });
    expect(res.status).toBe(200);
    return res.body;
  };
  const flagsOf = async (rule: string, semester?: string) => (await dashboard(semester)).flags.filter((f: any) => f.rule === rule && f.schoolId === ids.a.schoolId);

  it('a school has its leadership reviewed after the second confirmed case of a semester, not before', async () => {
    await confirmedCase(t, ids.a.schoolId, sh('2027-03-02T09:00:00'));
    expect(await flagsOf('repeat_confirmed')).toEqual([]);
    // a case found not to be bullying does not count
    const other = await fileTipAt(t, ids.a.schoolId, sh('2027-03-05T09:00:00'));
    await ackAfter(t, other, 1);
    await decide(t, other, 'not_bullying');
    expect(await flagsOf('repeat_confirmed')).toEqual([]);

    await confirmedCase(t, ids.a.schoolId, sh('2027-04-10T09:00:00'));
    const d = await dashboard();
    expect(d.semester.key).toBe('2026-2');
    const [flag] = d.flags.filter((f: any) => f.rule === 'repeat_confirmed');
    expect(flag).toMatchObject({
      key: `repeat_confirmed.${ids.a.schoolId}.2026-2`, schoolName: '阳光实验小学', semesterKey: '2026-2', title: '同一学期发生两起以上欺凌',
      count: '<3', cases: [], otherCases: '<3', acknowledged: null,
    });
    expect(flag.explanation).toBe('2026-2027学年 第二学期该校已认定欺凌事件 <3 起。同一学期发生两起及以上欺凌事件的学校，须对学校领导班子进行约谈和评议。');
    expect(d.schools[0]).toMatchObject({ schoolId: ids.a.schoolId, flagsOpen: 1, flagsAcknowledged: 0 });
    expect(d.totals.flagsOpen).toBe(1);
    // the semester before has no flag
    expect((await dashboard('2026-1')).flags).toEqual([]);
  });

  it('an officer acknowledges a flag with a note: recorded once, in the district chain, shown as acknowledged', async () => {
    const key = `repeat_confirmed.${ids.a.schoolId}.2026-2`;
    const url = `/districts/${ids.a.districtId}/flags/${key}/ack`;
    const officer = await freshLogin(t, 'district');
    expect((await t.request('POST', url, { token: await freshLogin(t, 'district', 'b'), body: { note: '已约谈' } })).status).toBe(404);
    expect([403, 404]).toContain((await t.request('POST', url, { token: await freshLogin(t, 'principal'), body: { note: '已约谈' } })).status);
    expect((await t.request('POST', url, { token: officer, body: { note: '   ' } })).status).toBe(400);
    expect((await t.request('POST', `/districts/${ids.a.districtId}/flags/not-a-flag/ack`, { token: officer, body: { note: '已约谈' } })).status).toBe(400);
    // a well-formed key of a flag that is not raised, and a school of another district
    expect((await t.request('POST', `/districts/${ids.a.districtId}/flags/consecutive_semesters.${ids.a.schoolId}.2026-2/ack`, { token: officer, body: { note: '已约谈' } })).status).toBe(404);
    expect((await t.request('POST', `/districts/${ids.a.districtId}/flags/repeat_confirmed.${ids.b.schoolId}.2026-2/ack`, { token: officer, body: { note: '已约谈' } })).status).toBe(404);

    const ack = await t.request('POST', url, { token: officer, body: { note: '4月15日约谈校长，学校已提交整改方案' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ key, acknowledged: { note: '4月15日约谈校长，学校已提交整改方案', by: '周科长', newSince: false } });
    const again = await t.request('POST', url, { token: officer, body: { note: '再次确认' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('FLAG_ALREADY_ACKNOWLEDGED');

    const d = await dashboard();
    expect(d.flags.find((f: any) => f.key === key).acknowledged).toMatchObject({ by: '周科长' });
    expect(d.totals.flagsOpen).toBe(0);
    expect(d.schools[0]).toMatchObject({ flagsOpen: 0, flagsAcknowledged: 1 });
    const entries = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.districtId, action: 'supervision_flag.acknowledged' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: ids.a.userIds.district, targetId: ids.a.schoolId });
    expect(entries[0].details).toMatchObject({ flagKey: key, rule: 'repeat_confirmed', semester: '2026-2', count: '<3', note: '4月15日约谈校长，学校已提交整改方案' });
    // nothing of it in the school's own chain
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: ids.a.schoolId, action: 'supervision_flag.acknowledged' } })).toBe(0);
  });

  it('confirmed cases in two semesters running raise the consecutive-semesters flag', async () => {
    await confirmedCase(t, ids.a.schoolId, sh('2027-09-10T09:00:00'));
    const d = await dashboard();
    expect(d.semester.key).toBe('2027-1');
    expect(d.flags.map((f: any) => f.rule)).toEqual(['consecutive_semesters']);
    expect(d.flags[0]).toMatchObject({ count: 3, otherCases: 3, cases: [] });
    expect(d.flags[0].explanation).toBe('该校上一学期（2026-2027学年 第二学期）已认定欺凌事件 <3 起，本学期又认定 <3 起，连续两个学期发生欺凌，须督促学校整改并跟踪复查。');
  });

  it('a tip not acknowledged within 12 hours raises a flag; a case escalated to the district is listed, others only counted', async () => {
    const worker = t.get(WorkerService);
    // Left unacknowledged: at 12 h it climbs to the district, and is acknowledged at 13 h.
    const escalated = await fileTipAt(t, ids.a.schoolId, sh('2027-10-01T08:00:00'));
    await worker.drain();
    t.clock.set(sh('2027-10-01T19:59:00'));
    await worker.drain();
    expect(await flagsOf('late_ack_12h')).toEqual([]);
    t.clock.set(sh('2027-10-01T20:01:00'));
    await worker.drain();
    const [first] = await flagsOf('late_ack_12h');
    expect(first).toMatchObject({ count: '<3', otherCases: 0, cases: [{ tipId: escalated, category: 'verbal', status: 'new' }] });
    expect(first.explanation).toContain('12 小时内未被受理');
    await ackAfter(t, escalated, 13);
    // The officer may open the case the flag lists (it was escalated to the district).
    expect((await t.request('GET', `/tips/${escalated}`, { token: await freshLogin(t, 'district') })).status).toBe(200);

    // Acknowledged late without the worker having run: never escalated, so counted only.
    const quiet = await fileTipAt(t, ids.a.schoolId, sh('2027-10-02T08:00:00'));
    await ackAfter(t, quiet, 13);
    // Acknowledged in time: not part of it.
    const prompt = await fileTipAt(t, ids.a.schoolId, sh('2027-10-03T08:00:00'));
    await ackAfter(t, prompt, 2);
    const [flag] = await flagsOf('late_ack_12h');
    expect(flag).toMatchObject({ count: '<3', otherCases: '<3', cases: [{ tipId: escalated, status: 'acknowledged' }] });

    // Acknowledged, then another late one: the flag needs attention again, and may be acknowledged again.
    const url = `/districts/${ids.a.districtId}/flags/${flag.key}/ack`;
    expect((await t.request('POST', url, { token: await freshLogin(t, 'district'), body: { note: '已电话督促' } })).status).toBe(200);
    expect((await dashboard()).totals.flagsOpen).toBe(1); // the consecutive-semesters flag
    const third = await fileTipAt(t, ids.a.schoolId, sh('2027-10-04T08:00:00'));
    await ackAfter(t, third, 14);
    const [reopened] = await flagsOf('late_ack_12h');
    expect(reopened).toMatchObject({ count: 3, acknowledged: { note: '已电话督促', newSince: true } });
    expect((await dashboard()).totals.flagsOpen).toBe(2);
    const again = await t.request('POST', url, { token: await freshLogin(t, 'district'), body: { note: '第三起：约谈负责人' } });
    expect(again.status).toBe(200);
    expect(again.body.acknowledged).toMatchObject({ note: '第三起：约谈负责人', newSince: false });
  });

  it('an investigation past its 15 days raises a flag, not before', async () => {
    // The four tips of October were acknowledged on 1–4 October; their 15 days end on 16–19 October.
    t.clock.set(sh('2027-10-16T08:00:00'));
    expect(await flagsOf('investigation_15d')).toEqual([]);
    t.clock.set(sh('2027-10-20T12:00:00'));
    const [flag] = await flagsOf('investigation_15d');
    expect(flag).toMatchObject({ count: 4, otherCases: 3, cases: [expect.objectContaining({ status: 'acknowledged' })] });
    expect(flag.explanation).toContain('超过 15 天');
    // a school of another district sees none of it
    const b = await t.request('GET', `/districts/${ids.b.districtId}/dashboard`, { token: await freshLogin(t, 'district', 'b') });
    expect(b.body.flags).toEqual([]);
    expect(b.body.schools.map((s: any) => s.schoolId)).toEqual([ids.b.schoolId]);
  });

  it('a finding drops the district dashboard kept for a minute: officers see it at once', async () => {
    const tip = await fileTipAt(t, ids.a.schoolId, sh('2028-03-01T09:00:00'));
    await ackAfter(t, tip, 1);
    const kept = await dashboard();
    expect(await dashboard()).toEqual(kept); // served from the kept copy
    // ten seconds later (the copy is kept for a minute of the Clock) the case is found to be bullying
    t.clock.advance(10_000);
    const decidedAt = t.clock.now().getTime();
    await decide(t, tip, 'confirmed');
    const after = await dashboard();
    expect(new Date(after.asOf).getTime()).toBeGreaterThanOrEqual(decidedAt);
    expect(new Date(kept.asOf).getTime()).toBeLessThan(decidedAt);
  });
});

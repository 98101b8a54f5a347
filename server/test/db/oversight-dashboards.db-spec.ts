import { IsNull } from 'typeorm';
import { TipCategory } from '@anxin/shared';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeEntity } from '../../src/features/notices/notice.entity';
import { DistrictDashboardSnapshotEntity } from '../../src/features/oversight/district-dashboard-snapshot.entity';
import { DistrictDashboardService } from '../../src/features/oversight/district-dashboard.service';
import { NoticeTallies } from '../../src/features/oversight/notice-tallies';
import { NoticeTallyEntity } from '../../src/features/oversight/notice-tally.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { TestApp } from '../support/test-app';
import { ackAfter, confirmedCase, fileTipAt, freshLogin, sh } from './oversight-helpers';

/**
 * The school-year calendar and the dashboards on a real database with a moved clock: semester bounds (the default
 * and a district's own), a school's figures from tips filed through the API, the district's side by side, small
 * counts as '<3' for whoever is not one of the school's case handlers, and who may open what.
 */
describe('oversight: calendar and dashboards', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const get = async (role: Parameters<TestApp['login']>[0], url: string, school: 'a' | 'b' = 'a') => t.request('GET', url, { token: await freshLogin(t, role, school) });

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(sh('2026-09-01T08:00:00'));
    ids = await t.seedDemo();
  });
  afterAll(() => t?.stop());

  it("a district's calendar: the default, its own school year (audited), refused dates, and the semester a tip counts in", async () => {
    const cal = `/districts/${ids.b.districtId}/calendar`;
    const first = await get('district', cal, 'b');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ years: [], current: { key: '2026-1', startsOn: '2026-09-01', endsOn: '2027-01-31', custom: false, from: sh('2026-08-01T00:00:00').toISOString() } });
    expect(first.body.upcoming.map((y: any) => [y.schoolYear, y.custom])).toEqual([[2026, false], [2027, false]]);
    // another district's officer: it does not exist for them; a principal holds no district rights
    expect((await get('district', cal, 'a')).status).toBe(404);
    expect([403, 404]).toContain((await get('principal', cal, 'b')).status);

    const officer = await freshLogin(t, 'district', 'b');
    const bad = await t.request('PUT', cal, { token: officer, body: { years: [{ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2027-02-10' }, second: { startsOn: '2027-02-01', endsOn: '2027-07-10' } }] } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'CALENDAR_INVALID', details: ['2026-2027学年第二学期须在第一学期结束后开始'] });
    expect((await t.request('PUT', cal, { token: officer, body: { years: [{ schoolYear: 2026, first: { startsOn: 'soon', endsOn: '2027-01-15' } }] } })).status).toBe(400);
    expect((await t.request('PUT', cal, { token: await freshLogin(t, 'district', 'a'), body: { years: [] } })).status).toBe(404);

    const own = { schoolYear: 2026, first: { startsOn: '2026-08-25', endsOn: '2027-01-15' }, second: { startsOn: '2027-02-20', endsOn: '2027-07-10' } };
    const put = await t.request('PUT', cal, { token: officer, body: { years: [own] } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ years: [own], current: { key: '2026-1', startsOn: '2026-08-25', endsOn: '2027-01-15', custom: true, until: sh('2027-01-16T00:00:00').toISOString() } });
    const audited = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.b.districtId, action: 'calendar.changed' } });
    expect(audited).toHaveLength(1);
    expect(audited[0].details).toMatchObject({ before: [], after: [own] });

    // 20 January 2027: the autumn semester by default, the spring one by district B's dates
    await fileTipAt(t, ids.b.schoolId, sh('2027-01-20T10:00:00'));
    const dash = (semester: string) => get('principal', `/schools/${ids.b.schoolId}/dashboard?semester=${semester}`, 'b');
    const spring = await dash('2026-2');
    expect(spring.body).toMatchObject({ semester: { key: '2026-2', startsOn: '2027-02-20', from: sh('2027-01-16T00:00:00').toISOString() }, tips: { total: 1 } });
    expect(spring.body.tips.byMonth.map((m: any) => m.month)).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07']);
    expect((await dash('2026-1')).body.tips.total).toBe(0);
    // without a semester: the one now (20 January) is, by district B's calendar
    expect((await get('principal', `/schools/${ids.b.schoolId}/dashboard`, 'b')).body.semester.key).toBe('2026-2');
    // school A's district keeps the default: 20 January is still its autumn semester
    expect((await get('principal', `/schools/${ids.a.schoolId}/dashboard`)).body.semester.key).toBe('2026-1');
  });

  it("a school's figures this semester, exact for its case handlers, '<3' for the admin and the district", async () => {
    const a = ids.a.schoolId;
    // Last semester (2025–2026 spring): acknowledged in time, never decided — open, its investigation overdue now.
    const t0 = await fileTipAt(t, a, sh('2026-05-20T10:00:00'));
    await ackAfter(t, t0, 1);
    // This semester (from 1 August): one confirmed, one acknowledged late, one still waiting.
    await confirmedCase(t, a, sh('2026-09-15T10:00:00'));
    const t2 = await fileTipAt(t, a, sh('2026-10-08T09:00:00'), { category: 'verbal' });
    await ackAfter(t, t2, 5);
    await fileTipAt(t, a, sh('2026-10-09T20:00:00'), { category: 'cyber' });
    t.clock.set(sh('2026-10-10T10:00:00'));
    await t.get(NoticeTallies).refresh();

    const res = await get('contact', `/schools/${a}/dashboard`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ schoolId: a, schoolName: '阳光实验小学', exact: true, semester: { key: '2026-1', label: '2026-2027学年 第一学期' } });
    expect(d.semesters.map((s: any) => s.key)).toEqual(['2026-1', '2025-2', '2025-1', '2024-2', '2024-1', '2023-2']);
    expect(d.tips).toMatchObject({ total: 3, escalatedToPrincipal: 0, escalatedToDistrict: 0, confirmed: 1 });
    const byCategory = Object.fromEntries(d.tips.byCategory.map((x: any) => [x.category, x.count]));
    expect(byCategory).toEqual({ ...Object.fromEntries(Object.values(TipCategory).map((c) => [c, 0])), verbal: 2, cyber: 1 });
    expect(d.tips.byMonth).toEqual([
      { month: '2026-08', label: '8月', count: 0 }, { month: '2026-09', label: '9月', count: 1 }, { month: '2026-10', label: '10月', count: 2 },
      { month: '2026-11', label: '11月', count: 0 }, { month: '2026-12', label: '12月', count: 0 }, { month: '2027-01', label: '1月', count: 0 },
    ]);
    // acknowledged after 1 h (in time) and 5 h (the deadline is 3 h); the third is past its deadline unacknowledged
    expect(d.acknowledgement).toEqual({ acknowledged: 2, withinDeadline: 1, withinDeadlineShare: 1 / 3, medianMinutes: 60, p90Minutes: 300 });
    // now: the four open cases; overdue the waiting one and last semester's investigation
    expect(d.cases).toEqual({ open: 4, overdue: 2, investigationsOverdue: 1 });
    const letter = await t.ds.getRepository(NoticeEntity).findOneByOrFail({ schoolId: a, kind: 'letter' });
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId: letter.id } });
    expect(receipts.length).toBeGreaterThanOrEqual(3);
    expect(d.notices).toMatchObject({
      published: 1, recipients: receipts.length, read: receipts.filter((r) => r.readOn).length, acknowledged: receipts.filter((r) => r.acknowledgedOn).length,
    });
    // counted just now (the test clock runs on from where it was set)
    expect(new Date(d.notices.countedAt).getTime() - sh('2026-10-10T10:00:00').getTime()).toBeLessThan(60_000);
    expect(d.notices.readShare).toBeCloseTo(receipts.filter((r) => r.readOn).length / receipts.length);
    expect(d.bindings.pending).toBe(await t.ds.getRepository(BindingEntity).count({ where: { schoolId: a, status: 'pending' } }));
    // the principal is a case handler too
    const asPrincipal = (await get('principal', `/schools/${a}/dashboard`)).body;
    expect(asPrincipal).toMatchObject({ exact: true, tips: { total: 3 } });
    // the school year's pledge by grade, as the pledge feature counts it (the demo school's 2026-2027 pledge)
    expect(d.pledges).toMatchObject({ schoolYear: '2026-2027' });
    const completion = (await get('principal', `/pledges/${d.pledges.pledgeId}/completion`)).body;
    expect(d.pledges.byGrade.map((g: any) => [g.gradeName, g.students, g.signed])).toEqual(completion.grades.map((g: any) => [g.gradeName, g.students, g.signed]));
    expect(d.pledges).toMatchObject({ students: completion.totals.students, signed: completion.totals.signed });
    expect(completion.totals.signed).toBeGreaterThan(0);

    // The school admin: counts only, 1 and 2 as '<3', no percentage or time from one or two tips.
    const admin = (await get('admin', `/schools/${a}/dashboard`)).body;
    expect(admin.exact).toBe(false);
    expect(admin.tips).toMatchObject({ total: 3, confirmed: '<3', escalatedToDistrict: 0 });
    expect(Object.fromEntries(admin.tips.byCategory.map((x: any) => [x.category, x.count]))).toMatchObject({ verbal: '<3', cyber: '<3', physical: 0 });
    expect(admin.tips.byMonth.map((m: any) => m.count)).toEqual([0, '<3', '<3', 0, 0, 0]);
    expect(admin.acknowledgement).toEqual({ acknowledged: '<3', withinDeadline: '<3', withinDeadlineShare: null, medianMinutes: null, p90Minutes: null });
    expect(admin.cases).toEqual({ open: 4, overdue: '<3', investigationsOverdue: '<3' });
    expect(admin.pledges.signed).toBe(completion.totals.signed <= 2 ? '<3' : completion.totals.signed);
    expect(JSON.stringify(admin)).not.toMatch(/"(?:count|acknowledged|withinDeadline|overdue|confirmed|investigationsOverdue)":[12][,}]/);

    // Last semester, chosen: only the May tip.
    const before = await get('contact', `/schools/${a}/dashboard?semester=2025-2`);
    expect(before.body).toMatchObject({ semester: { key: '2025-2', startsOn: '2026-02-01', endsOn: '2026-07-31' }, tips: { total: 1 } });
    expect((await get('admin', `/schools/${a}/dashboard?semester=2025-2`)).body.tips.total).toBe('<3');
    for (const bad of ['2026-3', 'autumn', '1999-1']) expect((await get('contact', `/schools/${a}/dashboard?semester=${bad}`)).status).toBe(400);

    // The tip counts of the tip box follow the same rule: every tip of the school.
    const stats = (who: Parameters<TestApp['login']>[0]) => get(who, `/schools/${a}/tips/stats`).then((r) => r.body);
    expect(await stats('contact')).toMatchObject({ exact: true, total: 4, overdue: 2, confirmedBullying: 1, byCategory: { verbal: 3, cyber: 1 }, ackOnTime: 2, ackLate: 1 });
    expect(await stats('admin')).toMatchObject({ exact: false, total: 4, overdue: '<3', confirmedBullying: '<3', byCategory: { verbal: 3, cyber: '<3', physical: 0 } });
    expect(await stats('district')).toMatchObject({ exact: false, total: 4, unacknowledged: '<3' });
  });

  it("the district dashboard: every school side by side, counts only, small ones as '<3'", async () => {
    const officer = await freshLogin(t, 'district');
    const second = await t.request('POST', `/districts/${ids.a.districtId}/schools`, { token: officer, body: { name: '阳光第二小学', stage: 'primary' } });
    expect(second.status).toBe(201);
    const res = await t.request('GET', `/districts/${ids.a.districtId}/dashboard`, { token: officer });
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ districtName: '示范区教育局', semester: { key: '2026-1' }, totals: { schools: 2, tips: 3, overdue: '<3', escalatedToDistrict: 0, withinDeadlineShare: null } });
    // school A has overdue cases: first, ahead of the new school with nothing overdue
    expect(d.schools.map((s: any) => s.schoolName)).toEqual(['阳光实验小学', '阳光第二小学']);
    expect(d.schools[0]).toMatchObject({
      schoolId: ids.a.schoolId, tips: 3, acknowledged: '<3', withinDeadline: '<3', withinDeadlineShare: null, overdue: '<3', escalatedToDistrict: 0,
      letters: { published: 1 }, flagsOpen: 1,
    });
    // the tip of 9 October went more than 12 hours without an acknowledgement
    expect(d.flags.map((f: any) => [f.rule, f.schoolName, f.count])).toEqual([['late_ack_12h', '阳光实验小学', '<3']]);
    expect(d.schools[0].setup).toMatchObject({ total: expect.any(Number), done: expect.any(Number) });
    expect(d.schools[1]).toMatchObject({ tips: 0, overdue: 0, letters: { published: 0, recipients: 0, readShare: null } });
    // no name of a child, class or tip detail anywhere in the district's view
    const text = JSON.stringify(d);
    for (const secret of ['王小明', '三年级', 'description', '课间有同学']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(?:tips|acknowledged|withinDeadline|overdue|escalatedToDistrict|recipients|read|count)":[12][,}]/);

    // The officer's home lists the schools by name; their figures are the dashboard's.
    const overview = await t.request('GET', `/districts/${ids.a.districtId}/tips/overview`, { token: officer });
    expect(overview.body.schools.map((s: any) => Object.keys(s).sort())).toEqual([['schoolId', 'schoolName'], ['schoolId', 'schoolName']]);
  });

  it('the district dashboard is computed at most once a minute: served again within it, computed again after it or after a change of the district', async () => {
    const url = `/districts/${ids.a.districtId}/dashboard`;
    const officer = await freshLogin(t, 'district');
    const first = (await t.request('GET', url, { token: officer })).body;
    // a new tip: the dashboard served within the minute is the one computed, and says when it was
    await fileTipAt(t, ids.a.schoolId, t.clock.now());
    const served = (await t.request('GET', url, { token: officer })).body;
    expect(served.asOf).toBe(first.asOf);
    expect(served.totals.tips).toBe(first.totals.tips);
    t.clock.advance(61_000);
    const again = (await t.request('GET', url, { token: officer })).body;
    expect(new Date(again.asOf).getTime()).toBeGreaterThan(new Date(first.asOf).getTime());
    expect(again.totals.tips).toBe(4);
    // the worker computes each district's current semester every minute
    await t.ds.getRepository(DistrictDashboardSnapshotEntity).clear();
    await t.get(DistrictDashboardService).refreshCurrentSemesters();
    const kept = await t.ds.getRepository(DistrictDashboardSnapshotEntity).find();
    expect(kept.map((k) => k.id).sort()).toEqual([`${ids.a.districtId}:2026-1`, `${ids.b.districtId}:2026-1`].sort());
    expect((await t.request('GET', url, { token: officer })).body.asOf).toBe(new Date(kept.find((k) => k.districtId === ids.a.districtId)!.computedAt).toISOString());
    // changing the calendar drops them: the next request computes with the new dates
    const cal = await t.request('PUT', `/districts/${ids.a.districtId}/calendar`, { token: officer, body: { years: [{ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2027-01-10' }, second: { startsOn: '2027-02-01', endsOn: '2027-07-31' } }] } });
    expect(cal.status).toBe(200);
    expect(await t.ds.getRepository(DistrictDashboardSnapshotEntity).count({ where: { districtId: ids.a.districtId } })).toBe(0);
    expect((await t.request('GET', url, { token: officer })).body.semester).toMatchObject({ key: '2026-1', endsOn: '2027-01-10' });
    expect((await t.request('PUT', `/districts/${ids.a.districtId}/calendar`, { token: officer, body: { years: [] } })).status).toBe(200);
  });

  it('who may open which dashboard: a principal only their school, an officer only their district', async () => {
    const school = (id: string) => `/schools/${id}/dashboard`;
    expect((await get('principal', school(ids.b.schoolId))).status).toBe(404);
    expect((await get('admin', school(ids.b.schoolId))).status).toBe(404);
    expect([403, 404]).toContain((await get('district', school(ids.b.schoolId))).status);
    for (const who of ['teacher', 'committee', 'district', 'guardian'] as const) expect({ who, status: (await get(who, school(ids.a.schoolId))).status }).toEqual({ who, status: 403 });
    expect((await get('principal', school(ids.a.schoolId))).status).toBe(200);
    const district = (id: string) => `/districts/${id}/dashboard`;
    expect((await get('district', district(ids.b.districtId))).status).toBe(404);
    expect((await get('district', district(ids.a.districtId), 'b')).status).toBe(404);
    for (const who of ['principal', 'admin', 'contact'] as const) expect([403, 404]).toContain((await get(who, district(ids.a.districtId))).status);
    expect((await get('district', district(ids.a.districtId))).status).toBe(200);
  });

  it('receipt tallies: counted in the background, the recent ones on every run, the others once a day', async () => {
    const tallies = t.get(NoticeTallies);
    const letter = await t.ds.getRepository(NoticeEntity).findOneByOrFail({ schoolId: ids.a.schoolId, kind: 'letter' });
    const before = await t.ds.getRepository(NoticeTallyEntity).findOneByOrFail({ noticeId: letter.id });
    // The demo letter was counted at 10:00; a guardian reads since.
    const unread = await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId: letter.id, readOn: IsNull() });
    await t.ds.getRepository(NoticeReceiptEntity).update({ id: unread.id }, { readOn: '2026-10-10' });
    t.clock.set(sh('2026-10-10T11:00:00'));
    // published in August: not recent, counted an hour ago, so not yet again
    expect(await tallies.refresh()).toBe(0);
    t.clock.set(sh('2026-10-11T12:00:00'));
    expect(await tallies.refresh()).toBe(1);
    expect(await tallies.refresh()).toBe(0);
    const after = await t.ds.getRepository(NoticeTallyEntity).findOneByOrFail({ noticeId: letter.id });
    expect(after).toMatchObject({ readCount: before.readCount + 1, recipients: before.recipients });
    expect(new Date(after.countedAt).getTime() - sh('2026-10-11T12:00:00').getTime()).toBeLessThan(60_000);
    // A notice published in the last two weeks is counted on every run.
    await t.ds.getRepository(NoticeEntity).update({ id: letter.id }, { publishedAt: sh('2026-10-05T09:00:00') });
    expect(await tallies.refresh()).toBe(1);
    expect(await tallies.refresh()).toBe(1);
    expect(await t.ds.getRepository(NoticeTallyEntity).count()).toBe(1);
  });
});

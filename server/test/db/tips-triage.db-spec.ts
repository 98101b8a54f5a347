import ExcelJS from 'exceljs';
import { MERGED_NOTE, NO_ACTION_STATEMENT, SMALL_COUNT, TIP_FLOOD_THRESHOLD } from '@anxin/shared';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TipFloodEntity } from '../../src/features/tips/triage/tip-flood.entity';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, pinClockToFreshWindow, submitTip, tipBody } from './tips-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Triage against misuse, on a real database: the triage outcomes and their counts, merging a duplicate (the merged
 * reporter sees the primary's status and nothing of its text; another school's case is 404), a flood of 200 tips in
 * 10 minutes (grouped, the school's limit tightened and no other's, one notice to the admin), and the names in 涉及人员
 * kept to the contact and the assignee.
 */
describe('tip triage: outcomes, merges, floods and the accused (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let contact: string;
  let contactB: string;
  let address = 0;
  const nextAddress = () => `10.${100 + Math.floor(address / 250)}.${address % 250}.${(address++ % 200) + 1}`;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    pinClockToFreshWindow(t);
    contact = await t.login('contact');
    contactB = await t.login('contact', 'b');
  });
  afterAll(() => t?.stop());

  /** Files a tip to a school from a fresh address and returns its id and receipt. */
  const file = async (school: 'a' | 'b', over: Parameters<typeof tipBody>[1] = {}) => {
    const schoolId = ids[school].schoolId;
    const before = new Set((await t.ds.getRepository(TipEntity).find({ where: { schoolId }, select: { id: true } })).map((x) => x.id));
    const res = await submitTip(t, tipBody(schoolId, over), { remoteAddress: nextAddress() });
    expect(res.status).toBe(201);
    const tip = (await t.ds.getRepository(TipEntity).find({ where: { schoolId } })).find((x) => !before.has(x.id))!;
    return { id: tip.id, receipt: res.body.receipt as string };
  };
  const version = async (id: string) => (await t.ds.getRepository(TipEntity).findOneByOrFail({ id })).version;
  const thread = async (school: 'a' | 'b', receipt: string) => {
    const token = await followupToken(t, ids[school].schoolId, receipt);
    return { token, body: (await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': token } })).body };
  };

  it('closes cases with each triage outcome; the stats count them (exact for the contact, <3 for the admin)', async () => {
    const malicious = await file('a');
    const prank = await file('a');
    const referred = await file('a');
    const investigated = await file('a');

    // 恶意/虚假: closed at once from 新提交, with the no-action statement.
    const m = await t.request('POST', `/tips/${malicious.id}/triage`, { token: contact, body: { version: await version(malicious.id), outcome: 'false_report' } });
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({ status: 'closed', triage: { outcome: 'false_report', outcomeLabel: '恶意/虚假举报', statement: NO_ACTION_STATEMENT } });
    expect((await t.request('POST', `/tips/${prank.id}/triage`, { token: contact, body: { version: await version(prank.id), outcome: 'prank' } })).status).toBe(200);
    // 非欺凌-其他求助 needs where it was referred.
    const noWhere = await t.request('POST', `/tips/${referred.id}/triage`, { token: contact, body: { version: await version(referred.id), outcome: 'referred' } });
    expect(noWhere.status).toBe(400);
    expect(noWhere.body.code).toBe('VALIDATION_FAILED');
    const r = await t.request('POST', `/tips/${referred.id}/triage`, { token: contact, body: { version: await version(referred.id), outcome: 'referred', referredTo: '学校心理辅导室' } });
    expect(r.body).toMatchObject({ triage: { outcome: 'referred', referredTo: '学校心理辅导室', statement: null } });
    // Already closed: triage again is refused with the error shape.
    const again = await t.request('POST', `/tips/${prank.id}/triage`, { token: contact, body: { version: await version(prank.id), outcome: 'false_report' } });
    expect(again.status).toBe(422);
    // A case found 恶意/虚假 through the status steps shows the same statement.
    expect((await t.request('POST', `/tips/${investigated.id}/ack`, { token: contact, body: {} })).status).toBe(200);
    for (const status of ['investigating', 'false_report']) {
      expect((await t.request('PATCH', `/tips/${investigated.id}`, { token: contact, body: { version: await version(investigated.id), status } })).status).toBe(200);
    }
    const page = (await t.request('GET', `/tips/${investigated.id}`, { token: contact })).body;
    expect(page.triage).toMatchObject({ outcome: 'false_report', statement: NO_ACTION_STATEMENT });
    expect((await t.request('GET', `/tips/${referred.id}`, { token: contact })).body.triage.outcome).toBe('referred');

    const stats = (await t.request('GET', `/schools/${ids.a.schoolId}/tips/stats`, { token: contact })).body;
    expect(stats.byOutcome).toEqual({ confirmed: 0, not_bullying: 0, false_report: 2, prank: 1, duplicate: 0, referred: 1 });
    const admin = (await t.request('GET', `/schools/${ids.a.schoolId}/tips/stats`, { token: await t.login('admin') })).body;
    expect(admin.byOutcome).toMatchObject({ false_report: SMALL_COUNT, prank: SMALL_COUNT, referred: SMALL_COUNT, confirmed: 0 });

    // The ledger says no action was taken against anyone named in a 恶意/虚假 case.
    const ledger = await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: contact });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ledger.raw as any);
    const results: string[] = [];
    wb.worksheets[0].eachRow((row, n) => { if (n > 2) results.push(String(row.getCell(8).value ?? '')); });
    expect(results.filter((x) => x.includes(NO_ACTION_STATEMENT))).toHaveLength(2);

    // The dashboards: the school's exact for its contact; the district's with the '<3' rule and no share of tiny counts.
    const school = (await t.request('GET', `/schools/${ids.a.schoolId}/dashboard`, { token: contact })).body;
    expect(school.tips.outcomes).toEqual({ byOutcome: { confirmed: 0, not_bullying: 0, false_report: 2, prank: 1, duplicate: 0, referred: 1 }, decided: 4, falseReportShare: 0.5 });
    const districtBoard = (await t.request('GET', `/districts/${ids.a.districtId}/dashboard`, { token: await t.login('district') })).body;
    const row = districtBoard.schools.find((x: { schoolId: string }) => x.schoolId === ids.a.schoolId);
    expect(row.outcomes).toEqual({ byOutcome: { confirmed: 0, not_bullying: 0, false_report: SMALL_COUNT, prank: SMALL_COUNT, duplicate: 0, referred: SMALL_COUNT }, decided: 4, falseReportShare: null });
    expect(districtBoard.totals.outcomes.decided).toBe(4);

    // Reopening clears the triage outcome with the finding.
    const reopened = await t.request('POST', `/tips/${prank.id}/reopen`, { token: contact, body: { version: await version(prank.id), reason: '又有同学反映' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body.triage).toBeNull();
    const after = (await t.request('GET', `/schools/${ids.a.schoolId}/tips/stats`, { token: contact })).body;
    expect(after.byOutcome.prank).toBe(0);
  });

  it('merges a duplicate: the merged reporter sees the primary status and none of its text; messages reach the primary owner; another school is 404', async () => {
    const primary = await file('a', { description: '主报告：体育课后在更衣室被推搡，原文保密-PRIMARYTEXT' });
    const dup = await file('a', { description: '同一件事：更衣室推人' });
    const primaryToken = await followupToken(t, ids.a.schoolId, primary.receipt);
    expect((await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': primaryToken }, body: { body: '主举报人的留言-PRIMARYTHREAD' } })).status).toBe(201);
    // The primary is acknowledged and handed to a committee member (its owner).
    expect((await t.request('POST', `/tips/${primary.id}/ack`, { token: contact, body: {} })).status).toBe(200);
    expect((await t.request('PATCH', `/tips/${primary.id}`, { token: contact, body: { version: await version(primary.id), assigneeUserId: ids.a.userIds.committee } })).status).toBe(200);

    // Across schools: never (B's case from A's contact, and A's case from B's contact).
    const bTip = await file('b');
    expect((await t.request('POST', `/tips/${dup.id}/merge`, { token: contact, body: { version: await version(dup.id), primaryTipId: bTip.id } })).status).toBe(404);
    expect((await t.request('POST', `/tips/${dup.id}/merge`, { token: contactB, body: { version: await version(dup.id), primaryTipId: bTip.id } })).status).toBe(404);
    expect((await t.request('GET', `/tips/${dup.id}/merge-targets`, { token: contactB })).status).toBe(404);
    const targets = (await t.request('GET', `/tips/${dup.id}/merge-targets`, { token: contact })).body.map((x: { id: string }) => x.id);
    expect(targets).toContain(primary.id);
    expect(targets).not.toContain(bTip.id);
    expect(targets).not.toContain(dup.id);

    const merged = await t.request('POST', `/tips/${dup.id}/merge`, { token: contact, body: { version: await version(dup.id), primaryTipId: primary.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'closed', triage: { outcome: 'duplicate', outcomeLabel: '重复', mergedIntoId: primary.id } });
    const audit = await t.ds.getRepository(AuditEntryEntity).findOneOrFail({ where: { targetId: dup.id, action: 'tip.merged' } });
    expect(audit.details).toMatchObject({ outcome: 'duplicate', mergedInto: primary.id });

    // The merged reporter keeps their receipt; the page shows the primary's status, never its text or thread.
    const view = await thread('a', dup.receipt);
    expect(view.body).toMatchObject({ status: 'acknowledged', statusLabel: '已受理', mergedNote: MERGED_NOTE, outcome: null });
    expect(JSON.stringify(view.body)).not.toContain('PRIMARYTEXT');
    expect(JSON.stringify(view.body)).not.toContain('PRIMARYTHREAD');
    // Their message still reaches the case owner: the primary's assignee.
    const sent = await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': view.token }, body: { body: '我也看到了' } });
    expect(sent.status).toBe(201);
    const note = await t.ds.getRepository(OutboxEntity).findOneOrFail({ where: { dedupeKey: `tip.reply:${sent.body.id}` } });
    expect(note.recipientUserId).toBe(ids.a.userIds.committee);
    // The primary's reporter sees their own case, unmerged.
    expect((await thread('a', primary.receipt)).body.mergedNote).toBeNull();
  });

  it('a flood of 200 tips in 10 minutes: grouped, one admin notice, the school limit tightened (no other school), batch handled and audited per tip', async () => {
    // A fresh hour, so the counters of earlier tests do not decide anything here.
    const start = new Date((Math.floor(t.clock.now().getTime() / HOUR) + 2) * HOUR + MINUTE);
    const firstAddress = '10.250.0.1';
    const flooded: string[] = [];
    for (let i = 0; i < 200; i++) {
      t.clock.set(new Date(start.getTime() + i * 3_000));
      const res = await submitTip(t, tipBody(ids.a.schoolId, { description: `刷屏举报 ${i}` }), { remoteAddress: i === 0 ? firstAddress : `10.251.${Math.floor(i / 200)}.${i}` });
      expect(res.status).toBe(201);
    }
    const floods = await t.ds.getRepository(TipFloodEntity).find();
    expect(floods).toHaveLength(1);
    expect(floods[0].schoolId).toBe(ids.a.schoolId);

    // One notice per admin, through the outbox, for the one flood.
    const notices = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'tip.flood' } });
    expect(notices.map((n) => n.recipientUserId)).toEqual([ids.a.userIds.admin]);
    expect(notices[0].dedupeKey).toBe(`tip.flood:${floods[0].id}:${ids.a.userIds.admin}`);
    expect(notices[0].body).toContain(`每小时 ${TIP_FLOOD_THRESHOLD} 条`);

    // The contact's inbox: one group of 200.
    const groups = (await t.request('GET', `/schools/${ids.a.schoolId}/tips/floods`, { token: contact })).body;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ tipCount: 200, title: '1小时内收到 200 条举报' });
    expect(groups[0].openTipIds).toHaveLength(200);
    flooded.push(...groups[0].openTipIds);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips/floods`, { token: contactB })).status).toBe(404);
    expect((await t.request('GET', `/schools/${ids.b.schoolId}/tips/floods`, { token: contactB })).body).toEqual([]);

    // The limit: 1 an hour per reporter at school A now, 5 at school B.
    t.clock.set(new Date(start.getTime() + 10 * MINUTE));
    const again = await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: firstAddress });
    expect(again.status).toBe(429);
    expect(again.body.message).toContain('每人每小时 1 条');
    expect((await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.252.0.1' })).status).toBe(201);
    expect((await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.252.0.1' })).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await submitTip(t, tipBody(ids.b.schoolId), { remoteAddress: '10.252.0.2' })).status).toBe(201);
    expect(await t.ds.getRepository(TipFloodEntity).count({ where: { schoolId: ids.b.schoolId } })).toBe(0);
    // Nothing about a reporter is kept with the flood: only the school and times.
    expect(Object.keys(floods[0]).sort()).toEqual(['id', 'lastTipAt', 'schoolId', 'startedAt', 'tightenedUntil']);

    // 批量处理: another school's contact cannot; A's contact marks 50 as 玩笑, then acknowledges the rest.
    const batch = (token: string, body: unknown, school = ids.a.schoolId) => t.request('POST', `/schools/${school}/tips/floods/${floods[0].id}/batch`, { token, body });
    expect((await batch(contactB, { action: 'prank', tipIds: flooded.slice(0, 2) })).status).toBe(404);
    expect((await batch(contactB, { action: 'prank', tipIds: flooded.slice(0, 2) }, ids.b.schoolId)).status).toBe(404);
    const pranks = await batch(contact, { action: 'prank', tipIds: flooded.slice(0, 50) });
    expect(pranks.body).toEqual({ done: 50, skipped: 0 });
    const audited = await t.ds.getRepository(AuditEntryEntity).find({ where: { action: 'tip.triaged' } });
    expect(audited.filter((a) => a.details.floodId === floods[0].id).map((a) => a.targetId).sort()).toEqual(flooded.slice(0, 50).sort());
    const acks = await batch(contact, { action: 'acknowledge', tipIds: flooded });
    expect(acks.body).toEqual({ done: 150, skipped: 50 });
    expect(await t.ds.getRepository(TipEntity).count({ where: { schoolId: ids.a.schoolId, status: 'new' } })).toBeLessThan(5);
    const stats = (await t.request('GET', `/schools/${ids.a.schoolId}/tips/stats`, { token: contact })).body;
    expect(stats.byOutcome.prank).toBe(50);

    // After the tightening runs out, the usual limit is back.
    t.clock.set(new Date(start.getTime() + 4 * HOUR));
    expect((await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.252.0.3' })).status).toBe(201);
    expect((await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.252.0.3' })).status).toBe(201);
  });

  it('the names in 涉及人员 reach only the contact and the assignee: not a notification, a list, the ledger summary or the district view', async () => {
    const CANARY = '欧阳卡纳';
    const accused = await file('a', { peopleInvolved: `${CANARY}和另一个同学` });
    // Escalated to the district (set directly: the ladder itself is tips-flow's test), so the principal and the
    // district officer may open it.
    await t.ds.getRepository(TipEntity).update({ id: accused.id }, { escalationLevel: 'district' });
    const principal = await t.login('principal');
    const district = await t.login('district');
    const committee = await t.login('committee');

    expect((await t.request('GET', `/tips/${accused.id}`, { token: contact })).body.peopleInvolved).toContain(CANARY);
    const principalView = await t.request('GET', `/tips/${accused.id}`, { token: principal });
    expect(principalView.status).toBe(200);
    expect(principalView.body.peopleInvolved).toBeNull();
    expect(JSON.stringify(principalView.body)).not.toContain(CANARY);
    const districtView = await t.request('GET', `/tips/${accused.id}`, { token: district });
    expect(districtView.status).toBe(200);
    expect(JSON.stringify(districtView.body)).not.toContain(CANARY);
    // Handed to the committee member: they see the names.
    expect((await t.request('PATCH', `/tips/${accused.id}`, { token: contact, body: { version: await version(accused.id), assigneeUserId: ids.a.userIds.committee } })).status).toBe(200);
    expect((await t.request('GET', `/tips/${accused.id}`, { token: committee })).body.peopleInvolved).toContain(CANARY);

    for (const token of [contact, principal]) {
      const list = await t.request('GET', `/schools/${ids.a.schoolId}/tips?limit=100`, { token });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(CANARY);
    }
    const overview = await t.request('GET', `/districts/${ids.a.districtId}/tips/overview`, { token: district });
    expect(overview.status).toBe(200);
    expect(overview.body.escalated.map((x: { id: string }) => x.id)).toContain(accused.id);
    expect(JSON.stringify(overview.body)).not.toContain(CANARY);
    const dashboard = await t.request('GET', `/districts/${ids.a.districtId}/dashboard`, { token: district });
    expect(JSON.stringify(dashboard.body)).not.toContain(CANARY);

    // Closed as 恶意/虚假: the ledger's summary columns never hold the names, and the principal's ledger has no 涉及人员.
    expect((await t.request('POST', `/tips/${accused.id}/triage`, { token: contact, body: { version: await version(accused.id), outcome: 'false_report' } })).status).toBe(200);
    const rowsOf = async (token: string) => {
      const res = await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw as any);
      const rows: string[][] = [];
      wb.worksheets[0].eachRow((row, n) => { if (n > 2) rows.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ''))); });
      return rows;
    };
    const contactRows = await rowsOf(contact);
    const row = contactRows.find((r) => r[5].includes(CANARY))!;
    expect(row[7]).toContain(NO_ACTION_STATEMENT);
    for (const r of contactRows) r.forEach((cell, col) => { if (col !== 5) expect(cell).not.toContain(CANARY); });
    for (const r of await rowsOf(principal)) expect(r.join('|')).not.toContain(CANARY);

    // No notification, outbox row or inbox copy carries it.
    const dump = await dumpAllTables(t);
    for (const [table, text] of Object.entries(dump)) if (/outbox|inbox/.test(table)) expect(text).not.toContain(CANARY);
  });
});

/**
 * 我的数据 (features/privacy): the export holds every exported table's rows of the guardian; a table with a column
 * that can name a person must be listed in PERSONAL_DATA_COVERAGE; withdrawing consent suspends the binding, tells the
 * class teacher and stops notices for the child; deleting the account leaves no row naming the user except the
 * documented ones; an anonymous tip filed from the same WeChat account is neither exported nor touched.
 */
import ExcelJS from 'exceljs';
import { Like } from 'typeorm';
import { ACCOUNT_DELETE_CONFIRM, CHILD_DATA_CONSENT_VERSION, ERASED_GUARDIAN_NAME, type MyDataResponse } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { UserEntity } from '../../src/features/identity/user.entity';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { PERSON_COLUMN, PERSONAL_DATA_COVERAGE } from '../../src/features/privacy/personal-data-coverage';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { SealLeafEntity } from '../../src/platform/audit/seal/seal-leaf.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';
import { makeNoticeFixtures } from './notices-fixtures';
import { bind, draft, fanOut, makeGuardian } from './notices-helpers';
import { makePledgeFixtures } from './pledges-fixtures';
import { dumpAllTables, submitTip, tipBody } from './tips-helpers';

describe('privacy: 我的数据, withdrawal, account deletion', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let guardianA: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    const otherClassId = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
    await makeNoticeFixtures(t, ids.a, otherClassId);
    await makePledgeFixtures(t, ids.a);
    guardianA = ids.a.userIds.guardian;
    for (const [key, role, school] of [['guardian', 'guardian', 'a'], ['teacher', 'teacher', 'a'], ['principal', 'principal', 'a'],
      ['guardianB', 'guardian', 'b'], ['principalB', 'principal', 'b']] as const) tokens[key] = await t.login(role, school);
  });
  afterAll(() => t?.stop());

  it('every table with a column that can name a person is covered (exported, or excluded with a reason)', () => {
    const missing: string[] = [];
    for (const meta of t.ds.entityMetadatas) {
      const personal = meta.columns.map((c) => c.databaseName).filter((name) => PERSON_COLUMN.test(name));
      if (personal.length && !PERSONAL_DATA_COVERAGE[meta.tableName]) missing.push(`${meta.tableName} (${personal.join(', ')})`);
    }
    // Add the table to PERSONAL_DATA_COVERAGE (server/src/features/privacy/personal-data-coverage.ts) and docs/PRIVACY.md.
    expect(missing).toEqual([]);
    const tables = new Set(t.ds.entityMetadatas.map((m) => m.tableName));
    expect(Object.keys(PERSONAL_DATA_COVERAGE).filter((name) => !tables.has(name))).toEqual([]);
    for (const [name, c] of Object.entries(PERSONAL_DATA_COVERAGE)) expect([name, c.why.length > 10]).toEqual([name, true]);
    // the rule is not vacuous: it finds the obvious ones
    expect(PERSON_COLUMN.test('guardian_user_id') && PERSON_COLUMN.test('openid') && PERSON_COLUMN.test('created_by')).toBe(true);
  });

  it("exports every exported table's rows of the guardian, as a page, a JSON file and a spreadsheet", async () => {
    expect((await t.request('PATCH', '/me/profile', { token: tokens.guardian, body: { displayName: '=HYPERLINK("http://evil","点我")' } })).status).toBe(200);
    const res = await t.request<MyDataResponse>('GET', '/me/data', { token: tokens.guardian });
    expect(res.status).toBe(200);
    const data = res.body;
    const count = async (table: string, column: string) => Number((await t.ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [guardianA]))[0].n);
    const exported: Record<string, number> = {
      users: 1, sessions: data.sessions.length, consents: data.consents.length, bindings: data.bindings.length, inbox_items: data.inbox.length,
      notice_receipts: data.noticeReceipts.length, pledge_signatures: data.pledgeSignatures.length,
    };
    const column: Record<string, string> = { users: 'id', bindings: 'guardian_user_id', notice_receipts: 'guardian_user_id', pledge_signatures: 'guardian_user_id' };
    // every table marked exported is read here, and every row of the guardian is in the export
    expect(Object.keys(PERSONAL_DATA_COVERAGE).filter((k) => PERSONAL_DATA_COVERAGE[k].exported).sort()).toEqual(Object.keys(exported).sort());
    for (const [table, n] of Object.entries(exported)) expect([table, await count(table, column[table] ?? 'user_id')]).toEqual([table, n]);
    for (const n of Object.values(exported)) expect(n).toBeGreaterThan(0);
    expect(data.profile).toMatchObject({ id: guardianA, displayName: '=HYPERLINK("http://evil","点我")' });
    expect(data.noticeReceipts.filter((r) => r.signature?.startsWith('data:image/png;base64,')).length).toBe(2);
    expect(data.pledgeSignatures[0].guardianSignature).toMatch(/^data:image\/png;base64,/);
    expect(data.bindings.every((b) => b.studentName && b.className)).toBe(true);

    const json = await t.request('GET', '/me/data.json', { token: tokens.guardian });
    expect(json.status).toBe(200);
    expect(String(json.headers['content-disposition'])).toContain('attachment');
    expect(JSON.parse(json.raw.toString('utf8')).profile.id).toBe(guardianA);

    const xlsx = await t.request('GET', '/me/data.xlsx', { token: tokens.guardian });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as any);
    const profile = wb.getWorksheet('个人信息')!;
    const nameCell = profile.getRow(3).getCell(2);
    // a value a spreadsheet would read as a formula stays text (exports-formula-cells.db-spec has the rule)
    expect(nameCell.value).toBe(`'=HYPERLINK("http://evil","点我")`);
    expect(nameCell.formula).toBeUndefined();
    expect(wb.getWorksheet('承诺书签名')!.rowCount).toBe(1 + data.pledgeSignatures.length);
    expect(wb.getWorksheet('通知回执')!.rowCount).toBe(1 + data.noticeReceipts.length);
    await t.request('PATCH', '/me/profile', { token: tokens.guardian, body: { displayName: '刘女士' } });
  });

  it('withdrawing consent suspends the binding, tells the class teacher, stops notices; consenting again needs the teacher', async () => {
    const g = await makeGuardian(t, '撤回测试家长');
    const child = (await t.ds.getRepository(StudentEntity).find({ where: { classId: ids.a.teacherClassId }, order: { studentNo: 'ASC' } }))[5];
    const binding = await bind(t, g.userId, child, 'father');
    // another user, in this school or another: 404, and nothing changes
    for (const other of [tokens.guardian, tokens.guardianB]) {
      expect((await t.request('POST', `/me/bindings/${binding.id}/withdraw-consent`, { token: other })).status).toBe(404);
      expect((await t.request('PATCH', `/me/bindings/${binding.id}`, { token: other, body: { relation: 'mother' } })).status).toBe(404);
    }
    const res = await t.request('POST', `/me/bindings/${binding.id}/withdraw-consent`, { token: g.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect((await t.ds.getRepository(BindingEntity).findOneByOrFail({ id: binding.id })).status).toBe('suspended');
    const told = await t.ds.getRepository(OutboxEntity).findBy({ template: 'binding.consent_withdrawn', recipientUserId: ids.a.userIds.teacher });
    expect(told).toHaveLength(1);
    expect(await t.ds.getRepository(InboxItemEntity).countBy({ userId: ids.a.userIds.teacher, template: 'binding.consent_withdrawn' })).toBe(1);
    expect(await t.ds.getRepository(AuditEntryEntity).countBy({ action: 'binding.consent_withdrawn', targetId: binding.id })).toBe(1);
    expect((await t.request('POST', `/me/bindings/${binding.id}/withdraw-consent`, { token: g.token })).status).toBe(409);

    // a notice to the child's class now reaches the class's other guardians, not this one
    const spy = jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    try {
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tokens.teacher, body: draft({ audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }) });
      expect(created.status).toBe(201);
      expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: tokens.teacher, body: {} })).status).toBe(200);
      await fanOut(t);
      expect(await t.ds.getRepository(NoticeReceiptEntity).countBy({ noticeId: created.body.id, guardianUserId: guardianA })).toBe(1);
      expect(await t.ds.getRepository(NoticeReceiptEntity).countBy({ noticeId: created.body.id, guardianUserId: g.userId })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // correcting the relation while suspended
    expect((await t.request('PATCH', `/me/bindings/${binding.id}`, { token: g.token, body: { relation: 'grandparent' } })).body.relation).toBe('grandparent');

    const again = await t.request('POST', `/me/bindings/${binding.id}/consent`, { token: g.token, body: { consentVersion: CHILD_DATA_CONSENT_VERSION } });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('pending');
    expect(await t.ds.getRepository(OutboxEntity).countBy({ template: 'binding.requested', recipientUserId: ids.a.userIds.teacher })).toBeGreaterThan(0);
    expect((await t.request('POST', `/bindings/${binding.id}/approve`, { token: tokens.teacher })).status).toBe(200);
    expect((await t.ds.getRepository(BindingEntity).findOneByOrFail({ id: binding.id })).status).toBe('approved');
  });

  it('a guardian who withdrew consent is not reminded of a notice sent to the class before', async () => {
    const g = await makeGuardian(t, '撤回后不再提醒的家长');
    const child = (await t.ds.getRepository(StudentEntity).find({ where: { classId: ids.a.teacherClassId }, order: { studentNo: 'ASC' } }))[7];
    const binding = await bind(t, g.userId, child, 'mother');
    const spy = jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    let noticeId = '';
    try {
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tokens.teacher, body: draft({ audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }) });
      noticeId = created.body.id;
      expect((await t.request('POST', `/notices/${noticeId}/publish`, { token: tokens.teacher, body: {} })).status).toBe(200);
      await fanOut(t);
    } finally {
      spy.mockRestore();
    }
    expect(await t.ds.getRepository(NoticeReceiptEntity).countBy({ noticeId, guardianUserId: g.userId })).toBe(1);
    expect((await t.request('POST', `/me/bindings/${binding.id}/withdraw-consent`, { token: g.token })).status).toBe(200);

    const reminded = await t.request('POST', `/notices/${noticeId}/classes/${ids.a.teacherClassId}/remind`, { token: tokens.teacher });
    expect(reminded.status).toBe(200);
    const remindersTo = (userId: string) => t.ds.getRepository(OutboxEntity).countBy({ recipientUserId: userId, dedupeKey: Like(`notice:${noticeId}:remind:%`) });
    expect(await remindersTo(g.userId)).toBe(0);
    expect(await remindersTo(guardianA)).toBeGreaterThan(0);
  });

  it("a school's person responsible for children's data: set by the principal (audited), shown to its users, another school 404", async () => {
    const body = { name: '李校长', phone: '010-62345600' };
    expect((await t.request('PUT', `/schools/${ids.a.schoolId}/child-data-officer`, { token: tokens.teacher, body })).status).toBe(403);
    expect((await t.request('PUT', `/schools/${ids.a.schoolId}/child-data-officer`, { token: tokens.principalB, body })).status).toBe(404);
    const set = await t.request('PUT', `/schools/${ids.a.schoolId}/child-data-officer`, { token: tokens.principal, body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject(body);
    expect(await t.ds.getRepository(AuditEntryEntity).countBy({ action: 'child_data_officer.changed', schoolId: ids.a.schoolId })).toBe(1);
    const mine = await t.request('GET', '/me/child-data-officers', { token: tokens.guardian });
    expect(mine.body).toEqual([expect.objectContaining({ schoolId: ids.a.schoolId, ...body })]);
    expect((await t.request('GET', '/me/child-data-officers', { token: tokens.principalB })).body.map((o: any) => o.schoolId)).toEqual([ids.b.schoolId]);
    expect((await t.request('GET', '/me/child-data-officers', { token: tokens.guardianB })).body).toEqual([]);
  });

  it('deleting the account: no row names the user except the documented ones; an anonymous tip is neither exported nor touched', async () => {
    const user = await t.ds.getRepository(UserEntity).findOneByOrFail({ id: guardianA });
    const tip = await submitTip(t, tipBody(ids.a.schoolId, { description: '隐私测试：在操场被推倒了好几次' }), { token: tokens.guardian });
    expect(tip.status).toBe(201);
    const exported = JSON.stringify((await t.request('GET', '/me/data', { token: tokens.guardian })).body);
    expect(exported).not.toContain('隐私测试');
    expect(exported).not.toContain(tip.body.receipt);
    const tipTables = async () => Object.fromEntries(Object.entries(await dumpAllTables(t)).filter(([name]) => name.startsWith('tip')));
    const tipsBefore = await tipTables();
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).findBy({ guardianUserId: user.id });
    const signatures = await t.ds.getRepository(PledgeSignatureEntity).findBy({ guardianUserId: user.id });
    expect(receipts.length).toBeGreaterThan(0);
    expect(signatures.length).toBeGreaterThan(0);

    expect((await t.request('POST', '/me/account/delete', { token: tokens.teacher, body: { confirm: ACCOUNT_DELETE_CONFIRM } })).status).toBe(409);
    expect((await t.request('POST', '/me/account/delete', { token: tokens.guardian, body: { confirm: '删除' } })).status).toBe(400);
    const res = await t.request('POST', '/me/account/delete', { token: tokens.guardian, body: { confirm: ACCOUNT_DELETE_CONFIRM } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, retained: { pledgeSignatures: signatures.length, noticeReceipts: receipts.length } });
    expect((await t.request('GET', '/me', { token: tokens.guardian })).status).toBe(401);

    // scan every table: only the documented 'kept' tables may still hold the id; the openid nowhere
    const kept = Object.entries(PERSONAL_DATA_COVERAGE).filter(([, c]) => c.onDeletion === 'kept').map(([name]) => name);
    const dump = await dumpAllTables(t);
    const naming = Object.entries(dump).filter(([, rows]) => rows.includes(user.id)).map(([name]) => name);
    expect(naming.filter((name) => !kept.includes(name))).toEqual([]);
    const holdsValue = (rows: string, value: string) => rows.split('\n').some((row) => row.split('\u0001').includes(value));
    expect(Object.entries(dump).filter(([, rows]) => holdsValue(rows, user.openid)).map(([name]) => name)).toEqual([]);

    // the school's records are kept, under 已注销的家长 with the relation
    for (const r of receipts) {
      const after = await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ id: r.id });
      const who = await t.ds.getRepository(UserEntity).findOneByOrFail({ id: after.guardianUserId });
      expect([who.displayName, who.disabled, who.openid.startsWith('erased:')]).toEqual([ERASED_GUARDIAN_NAME, true, true]);
      expect(after.signedOn).toEqual(r.signedOn);
    }
    const placeholder = (await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ id: receipts[0].id })).guardianUserId;
    for (const s of signatures) {
      const after = await t.ds.getRepository(PledgeSignatureEntity).findOneByOrFail({ id: s.id });
      expect([after.relation, after.guardianUserId]).toEqual([s.relation, placeholder]);
    }
    // their seals now cover the rows as they are (a new leaf of today for each)
    expect(await t.ds.getRepository(SealLeafEntity).countBy({ recordId: receipts[0].id, kind: 'notice.receipt' })).toBeGreaterThan(0);
    expect(await t.ds.getRepository(AuditEntryEntity).countBy({ action: 'account.deleted', actorUserId: placeholder })).toBe(1);
    // the anonymous tip is untouched
    expect(await tipTables()).toEqual(tipsBefore);
  });
});

import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { seedDemo, type DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { ConsentEntity } from '../../src/features/identity/consent.entity';
import { RosterGuardianEntity } from '../../src/features/tenancy/roster-guardian.entity';
import { TestApp } from '../support/test-app';

describe('bindings: guardian requests, teacher decisions, roster-phone auto-approval (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tokens: Record<string, string> = {};
  const tok = (role: 'guardian' | 'student' | 'teacher' | 'contact' | 'principal' | 'admin' | 'district', school: 'a' | 'b' = 'a') => tokens[`${role}:${school}`];
  const students: Record<string, string> = {};
  let otherClassId: string;

  const bind = (token: string, body: Record<string, unknown>) =>
    t.request('POST', '/bindings', { token, body: { inviteCode: 'DEMO3A01', relation: 'mother', consentVersion: CHILD_DATA_CONSENT_VERSION, ...body } });
  const actions = async (action: string) =>
    t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action }, order: { seq: 'ASC' } });

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await seedDemo(t.ds, t.clock.now(), t.config.masterKey);
    for (const school of ['a', 'b'] as const) {
      for (const role of ['guardian', 'student', 'teacher', 'contact', 'principal', 'admin', 'district'] as const) tokens[`${role}:${school}`] = await t.login(role, school);
    }
    for (const cls of ids.a.classIds) {
      for (const s of (await t.request('GET', `/classes/${cls}/students`, { token: tok('admin') })).body) students[s.name] = s.id;
    }
    otherClassId = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
  });
  afterAll(() => t?.stop());

  it('the demo seed keeps roster phones only as hashes, and stays idempotent with them', async () => {
    const rows = await t.ds.getRepository(RosterGuardianEntity).find({ where: { schoolId: ids.a.schoolId } });
    expect(rows.length).toBe(4);
    expect(JSON.stringify(rows)).not.toContain('1380000000');
    const again = await seedDemo(t.ds, t.clock.now(), t.config.masterKey);
    expect(again).toEqual(ids);
    expect(await t.ds.getRepository(RosterGuardianEntity).count({ where: { schoolId: ids.a.schoolId } })).toBe(4);
  });

  it('pending → approved by the class teacher; duplicates 409; deciding twice 409', async () => {
    const req = await bind(tok('guardian'), { studentId: students['张子轩'], studentName: '张子轩' });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', autoApproved: false, studentName: '张子轩', className: '三年级1班', guardianName: '刘女士', relation: 'mother' });

    const dup = await bind(tok('guardian'), { studentId: students['张子轩'], studentName: '张子轩' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('BINDING_EXISTS');

    const pending = await t.request('GET', `/classes/${ids.a.teacherClassId}/bindings?status=pending`, { token: tok('teacher') });
    expect(pending.status).toBe(200);
    expect(pending.body.map((b: any) => b.id)).toEqual([req.body.id]);

    // another school's teacher cannot see or decide it; a guardian cannot decide
    expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/bindings`, { token: tok('teacher', 'b') })).status).toBe(404);
    expect((await t.request('POST', `/bindings/${req.body.id}/approve`, { token: tok('teacher', 'b') })).status).toBe(404);
    expect((await t.request('POST', `/bindings/${req.body.id}/approve`, { token: tok('guardian') })).status).toBe(403);

    const approved = await t.request('POST', `/bindings/${req.body.id}/approve`, { token: tok('teacher') });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', autoApproved: false });
    expect(approved.body.decidedAt).not.toBeNull();
    const twice = await t.request('POST', `/bindings/${req.body.id}/reject`, { token: tok('teacher'), body: {} });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('BINDING_ALREADY_DECIDED');
    expect((await bind(tok('guardian'), { studentId: students['张子轩'], studentName: '张子轩' })).status).toBe(409);

    const me = await t.request('GET', '/me', { token: tok('guardian') });
    expect(me.body.students).toEqual([expect.objectContaining({ studentId: students['张子轩'], status: 'approved', className: '三年级1班' })]);

    // the guardian's consent for this child was recorded with the request
    const consents = await t.ds.getRepository(ConsentEntity).find({ where: { userId: ids.a.userIds.guardian, kind: 'child_data', studentId: students['张子轩'] } });
    expect(consents.map((c) => c.version)).toEqual([CHILD_DATA_CONSENT_VERSION]);
  });

  it('is approved at once when the phone matches the roster, and stays pending when it does not', async () => {
    const auto = await bind(tok('student'), { studentId: students['王小明'], studentName: '王小明', phone: '+86 138-0000-0001' });
    expect(auto.status).toBe(201);
    expect(auto.body).toMatchObject({ status: 'approved', autoApproved: true });
    const wrong = await bind(tok('contact'), { studentId: students['王小明'], studentName: '王小明', phone: '13899999999', relation: 'father' });
    expect(wrong.status).toBe(201);
    expect(wrong.body).toMatchObject({ status: 'pending', autoApproved: false });
    // a roster phone of another child does not approve this one
    const other = await bind(tok('principal'), { studentId: students['刘思彤'], studentName: '刘思彤', phone: '13800000001' });
    expect(other.body.status).toBe('pending');

    const autoEntries = (await actions('binding.approved')).filter((e) => e.targetId === auto.body.id);
    expect(autoEntries.map((e) => e.details)).toEqual([expect.objectContaining({ auto: true, basis: 'roster_phone' })]);
    // no phone, in any form, in bindings or the audit log
    const dump = JSON.stringify([await t.ds.getRepository(BindingEntity).find(), await t.ds.getRepository(AuditEntryEntity).find()]);
    expect(dump).not.toMatch(/1380000000|13899999999|138-0000/);
  });

  it('rejects with a reason; a rejected request may be made again', async () => {
    const req = await bind(tok('guardian'), { studentId: students['李雨涵'], studentName: '李雨涵', relation: 'other' });
    expect(req.body.status).toBe('pending');
    const rejected = await t.request('POST', `/bindings/${req.body.id}/reject`, { token: tok('teacher'), body: { reason: '请家长到校核实' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '请家长到校核实' });
    const [entry] = (await actions('binding.rejected')).filter((e) => e.targetId === req.body.id);
    expect(entry.details).toMatchObject({ reason: '请家长到校核实', studentId: students['李雨涵'] });
    // The guardian sees why in GET /me.
    const guardianView = await t.request('GET', '/me', { token: tok('guardian') });
    expect(guardianView.body.students.find((s: any) => s.bindingId === req.body.id)).toMatchObject({ status: 'rejected', rejectReason: '请家长到校核实' });

    const again = await bind(tok('guardian'), { studentId: students['李雨涵'], studentName: '李雨涵', relation: 'other' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: req.body.id, status: 'pending', rejectReason: null });
    // a guardian with several children
    const me = await t.request('GET', '/me', { token: tok('guardian') });
    expect(me.body.students.map((s: any) => s.studentName).sort()).toEqual(['张子轩', '李雨涵'].sort());
  });

  it('a teacher decides only for their own classes', async () => {
    const req = await t.request('POST', '/bindings', {
      token: tok('guardian'), body: { inviteCode: 'DEMO3A02', studentId: students['周欣怡'], studentName: '周欣怡', relation: 'father', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(req.status).toBe(201);
    expect((await t.request('GET', `/classes/${otherClassId}/bindings`, { token: tok('teacher') })).status).toBe(403);
    expect((await t.request('POST', `/bindings/${req.body.id}/approve`, { token: tok('teacher') })).status).toBe(403);
    expect((await t.request('POST', `/bindings/${req.body.id}/approve`, { token: tok('principal') })).status).toBe(200);
  });

  it('refuses a wrong name, a child of another class, a missing consent and unknown or revoked codes', async () => {
    const name = await bind(tok('admin'), { studentId: students['陈浩然'], studentName: '陈浩' });
    expect(name.status).toBe(422);
    expect(name.body.code).toBe('STUDENT_NAME_MISMATCH');
    const masked = await bind(tok('admin'), { studentId: students['陈浩然'], studentName: '陈*然' });
    expect(masked.status).toBe(422);
    const otherClass = await bind(tok('admin'), { studentId: students['周欣怡'], studentName: '周欣怡' });
    expect(otherClass.status).toBe(404);
    expect(otherClass.body.code).toBe('STUDENT_NOT_IN_CLASS');
    // A version that is no consent text at all is a bad request (a known but older one would be 422 CONSENT_REQUIRED).
    const consent = await bind(tok('admin'), { studentId: students['陈浩然'], studentName: '陈浩然', consentVersion: '2020-01' });
    expect(consent.status).toBe(400);
    expect(consent.body.details).toEqual([expect.objectContaining({ field: 'consentVersion' })]);
    const unknown = await bind(tok('admin'), { inviteCode: 'ZZZZ9999', studentId: students['陈浩然'], studentName: '陈浩然' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('INVITE_CODE_INVALID');

    const code = (await t.request('POST', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('teacher') })).body;
    await t.request('POST', `/invite-codes/${code.id}/revoke`, { token: tok('teacher') });
    const revoked = await bind(tok('admin'), { inviteCode: code.code, studentId: students['陈浩然'], studentName: '陈浩然' });
    expect(revoked.status).toBe(404);
    expect(revoked.body.code).toBe('INVITE_CODE_INVALID');
    expect((await t.request('GET', `/invite-codes/${code.code}/lookup`, { token: tok('admin') })).status).toBe(404);
    expect(await t.ds.getRepository(BindingEntity).count({ where: { guardianUserId: ids.a.userIds.admin } })).toBe(0);
  });

  it('of simultaneous identical requests exactly one succeeds; of simultaneous decisions exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => bind(tok('district'), { studentId: students['杨梓萱'], studentName: '杨梓萱' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const id = results.find((r) => r.status === 201)!.body.id;
    const decisions = await Promise.all([
      t.request('POST', `/bindings/${id}/approve`, { token: tok('teacher') }),
      t.request('POST', `/bindings/${id}/reject`, { token: tok('principal'), body: {} }),
      t.request('POST', `/bindings/${id}/approve`, { token: tok('admin') }),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const decided = await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: ids.a.schoolId, targetId: id } });
    expect(decided).toBe(2); // requested + one decision
  });

  it('records every request and decision in the audit chain, which verifies', async () => {
    expect((await actions('binding.requested')).length).toBe(8);
    expect((await actions('binding.approved')).length + (await actions('binding.rejected')).length).toBe(5);
    const requested = (await actions('binding.requested'))[0];
    expect(requested.actorRole).toBe('guardian');
    expect(Object.keys(requested.details).sort()).toEqual(['classId', 'consentVersion', 'phoneGiven', 'relation', 'studentId']);
    expect((await t.get<AuditService>(AuditService).verifyChain(ids.a.schoolId)).ok).toBe(true);
  });
});
